import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from './me-keys';

export function getMe(signal?: AbortSignal): Promise<Me> {
  return unwrap(api.GET('/api/me', { signal }));
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: meKeys.profile(),
    queryFn: ({ signal }) => getMe(signal),
  });

/**
 * The signed-in person, their access level and teams, and their account (plan, idle timeout).
 * Fails with a 401 `ApiError` when no one is signed in.
 *
 * @example
 * const { data: me } = useMe();
 * const isAdministrator = me?.level === 'administrator';
 */
export function useMe() {
  return useQuery(meQueryOptions());
}
