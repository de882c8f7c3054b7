import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { TeamPage } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { teamKeys } from './team-keys';

export type TeamListParams = NonNullable<paths['/api/teams']['get']['parameters']['query']>;

export function getTeams(query: TeamListParams, signal?: AbortSignal): Promise<TeamPage> {
  return unwrap(api.GET('/api/teams', { params: { query }, signal }));
}

export const teamsQueryOptions = (params: TeamListParams) =>
  queryOptions({
    queryKey: teamKeys.list(params),
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

/**
 * Teams whose name contains `q`, by name, for the team pickers.
 *
 * @example
 * const { data } = useTeamSearch('pay', { enabled: open });
 */
export function useTeamSearch(q: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...teamsQueryOptions({ q: q || undefined, pageSize: 20, sort: 'name' }),
    ...options,
  });
}
