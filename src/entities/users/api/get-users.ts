import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { UserPage } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { userKeys } from './user-keys';

export type UserListParams = NonNullable<paths['/api/users']['get']['parameters']['query']>;

export function getUsers(query: UserListParams, signal?: AbortSignal): Promise<UserPage> {
  return unwrap(api.GET('/api/users', { params: { query }, signal }));
}

export const usersQueryOptions = (params: UserListParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => getUsers(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the account's people, searched, filtered and sorted by the server.
 *
 * @example
 * const { data } = useUsers({ q: 'ada', level: 'administrator', sort: '-email', page: 2 });
 * data?.items.map((person) => person.email);
 */
export function useUsers(params: UserListParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...usersQueryOptions(params), ...options });
}
