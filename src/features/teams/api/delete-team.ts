import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { peopleKeys } from '@/entities/users/api/user-keys';

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
    mutationFn: deleteTeam,
    onSuccess: (_nothing, id) => {
      // The team's own page is still on screen: its queries would refetch, fail and flash an
      // error before the caller moves on. They are dropped rather than refreshed.
      queryClient.removeQueries({
        predicate: ({ queryKey }) =>
          queryKey[0] === peopleKeys.all[0] &&
          (queryKey.includes(id) ||
            queryKey.some(
              (part) =>
                typeof part === 'object' && part !== null && 'teamId' in part && part.teamId === id,
            )),
      });
      return queryClient.invalidateQueries({ queryKey: peopleKeys.all });
    },
  });
}
