import { api, unwrap } from '@/lib/api/client';
import { usePeopleMutation } from './people-keys';

export async function deleteTeam(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/teams/{id}', { params: { path: { id } } }));
}

/**
 * Deletes a team; its people stay in the account.
 *
 * @example
 * const remove = useDeleteTeam();
 * remove.mutate(team.id, { onSuccess: () => navigate(paths.teams) });
 */
export const useDeleteTeam = () => usePeopleMutation(deleteTeam);
