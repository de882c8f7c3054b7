import { useMutation } from '@tanstack/react-query';
import type { Team, UpdateTeamRequest } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import { TEAM_CHANGES } from './team-changes';

export type UpdateTeamVariables = { id: string; change: UpdateTeamRequest };

export function updateTeam({ id, change }: UpdateTeamVariables): Promise<Team> {
  return unwrap(api.PATCH('/api/teams/{id}', { params: { path: { id } }, body: change }));
}

/**
 * Renames a team, or adds and removes members (`addMemberIds`, `removeMemberIds`) without
 * disturbing changes someone else makes at the same time.
 *
 * @example
 * const update = useUpdateTeam();
 * update.mutate({ id: team.id, change: { addMemberIds: [person.id] } });
 */
export const useUpdateTeam = () =>
  useMutation({ mutationFn: updateTeam, meta: { invalidates: TEAM_CHANGES } });
