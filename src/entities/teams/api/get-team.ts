import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Team } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import { teamKeys } from './team-keys';

export function getTeam(id: string, signal?: AbortSignal): Promise<Team> {
  return unwrap(api.GET('/api/teams/{id}', { params: { path: { id } }, signal }));
}

export const teamQueryOptions = (id: string) =>
  queryOptions({
    queryKey: teamKeys.detail(id),
    queryFn: ({ signal }) => getTeam(id, signal),
  });

/**
 * One team. Its members are listed with `useUsers({ teamId })`.
 *
 * @example
 * const { data: team } = useTeam(teamId);
 */
export function useTeam(id: string) {
  return useQuery(teamQueryOptions(id));
}

/**
 * One team by id, or nothing while there is no id (a team filter the address names by id).
 *
 * @example
 * const { data: team } = useTeamById(params.teamId);
 */
export function useTeamById(id: string | undefined) {
  return useQuery({ ...teamQueryOptions(id ?? ''), enabled: id !== undefined && id !== '' });
}
