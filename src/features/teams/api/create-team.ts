import { useMutation } from '@tanstack/react-query';
import type { CreateTeamRequest, Team } from '@contract/teams';
import { api, unwrap } from '@/lib/api/client';
import { TEAM_CHANGES } from './team-changes';

export function createTeam(body: CreateTeamRequest): Promise<Team> {
  return unwrap(api.POST('/api/teams', { body }));
}

/**
 * Creates a team (Enterprise plan; other plans get a 403 `ApiError` saying why). A name that
 * is taken or malformed fails with a 422 on `name`.
 *
 * @example
 * const create = useCreateTeam();
 * create.mutate({ name: 'qa' }, { onSuccess: (team) => navigate(teamPath(team.id)) });
 */
export const useCreateTeam = () =>
  useMutation({ mutationFn: createTeam, meta: { invalidates: TEAM_CHANGES } });
