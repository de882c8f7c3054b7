import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TeamPage } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { peopleKeys } from '@/entities/users/api/user-keys';

export type TeamListParams = NonNullable<paths['/api/teams']['get']['parameters']['query']>;

export function getTeams(query: TeamListParams, signal?: AbortSignal): Promise<TeamPage> {
  return unwrap(api.GET('/api/teams', { params: { query }, signal }));
}

export const teamsQueryOptions = (params: TeamListParams) =>
  queryOptions({
    queryKey: peopleKeys.teamList(params),
    queryFn: ({ signal }) => getTeams(params, signal),
    placeholderData: keepPreviousData,
  });

/**
 * A page of the account's teams with their member counts, searched by name.
 *
 * @example
 * const { data } = useTeams({ q: 'pay', sort: '-memberCount' });
 */
export function useTeams(params: TeamListParams) {
  return useQuery(teamsQueryOptions(params));
}
