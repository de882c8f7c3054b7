import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { TEAM_CHANGES } from './team-changes';

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
export function useDeleteTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await deleteTeam(id);
      // The team's own page is still on screen: its queries (the team, its members, its rules)
      // would refetch, fail and flash an error before the caller moves on. They are dropped
      // here, before the invalidation of `meta` runs, rather than refreshed.
      queryClient.removeQueries({
        predicate: ({ queryKey }) =>
          queryKey.includes(id) ||
          queryKey.some(
            (part) =>
              typeof part === 'object' && part !== null && 'teamId' in part && part.teamId === id,
          ),
      });
    },
    // Its rules are deleted with it (the rules' foreign key cascades on the server).
    meta: { invalidates: TEAM_CHANGES },
  });
}
