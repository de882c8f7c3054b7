import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { userKeys } from './user-keys';

export function getUser(id: string, signal?: AbortSignal): Promise<User> {
  return unwrap(api.GET('/api/users/{id}', { params: { path: { id } }, signal }));
}

export const userQueryOptions = (id: string) =>
  queryOptions({
    queryKey: userKeys.detail(id),
    queryFn: ({ signal }) => getUser(id, signal),
  });

/**
 * One person of the account (administrators only).
 *
 * @example
 * const { data: person } = useUser(userId);
 */
export function useUser(id: string) {
  return useQuery(userQueryOptions(id));
}
