import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { UserPage, UserSort } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { oneOf, readListParams, type ListParams } from '@/lib/use-list-params';
import type { paths } from '@contract/api-paths.gen';
import { userKeys } from './user-keys';

export type UserListParams = NonNullable<paths['/api/users']['get']['parameters']['query']>;

// The contract's USER_SORTS would bring zod along before the list can be shown; the type below
// fails if the two differ.
const USER_SORTS = [
  'name',
  '-name',
  'email',
  '-email',
  'level',
  '-level',
  'status',
  '-status',
  'createdAt',
  '-createdAt',
] as const satisfies readonly UserSort[];
type Exhaustive<T extends never> = T;
export type _EveryUserSort = Exhaustive<Exclude<UserSort, (typeof USER_SORTS)[number]>>;

const LEVELS = ['administrator', 'user'] as const;
const STATUSES = ['active', 'invited'] as const;

/** The list's own filters in the address, beside paging, search and sort. */
export const USER_LIST_FILTERS = ['level', 'status'] as const;
export const USER_LIST_SORT = 'name' satisfies UserSort;

/**
 * The request of the People list for the state in its address (anything unknown in it is
 * ignored): the screen and the route's loader build it here, so both use one query key.
 */
export function userListQuery(
  params: ListParams<(typeof USER_LIST_FILTERS)[number]>,
): UserListParams {
  const level = oneOf(LEVELS, params.level);
  const status = oneOf(STATUSES, params.status);
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort: oneOf(USER_SORTS, params.sort) ?? USER_LIST_SORT,
    ...(params.q ? { q: params.q } : {}),
    ...(level ? { level } : {}),
    ...(status ? { status } : {}),
  };
}

/** The first page the People screen asks for at this address (its route's loader). */
export const userListQueryAt = (searchParams: URLSearchParams) =>
  userListQuery(readListParams(searchParams, { sort: USER_LIST_SORT, filters: USER_LIST_FILTERS }));

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
