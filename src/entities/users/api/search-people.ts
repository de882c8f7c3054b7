import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { User, UserPage } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { userKeys } from './user-keys';

const SUGGESTIONS = 10;

/**
 * People of the account whose name or email contains `q`, for the person filter. Searched on
 * the server as the person types: an account may have 10,000 people.
 *
 * @example
 * const { data } = usePeopleSearch('ada', { enabled: open });
 */
export function usePeopleSearch(q: string, options: { enabled?: boolean } = {}) {
  const params = { q: q || undefined, pageSize: SUGGESTIONS, sort: 'name' as const };
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }): Promise<UserPage> =>
      unwrap(api.GET('/api/users', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
    ...options,
  });
}

/**
 * One person by id, to name the person filter that the address holds as an id. A person who
 * has left the account answers 404; the caller falls back on the name the entries recorded.
 *
 * @example
 * const { data: person } = usePersonById(params.actorId);
 */
export function usePersonById(id: string | undefined) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: ({ signal }): Promise<User> =>
      unwrap(api.GET('/api/users/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: id !== undefined && id !== '',
    retry: false,
  });
}
