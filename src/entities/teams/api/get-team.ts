import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Team } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import { peopleKeys } from '@/entities/users/api/user-keys';

export function getTeam(id: string, signal?: AbortSignal): Promise<Team> {
  return unwrap(api.GET('/api/teams/{id}', { params: { path: { id } }, signal }));
}

export const teamQueryOptions = (id: string) =>
  queryOptions({
    queryKey: peopleKeys.team(id),
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
