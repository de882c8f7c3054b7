import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Runner } from '@contract/runners';
import { api, unwrap } from '@/lib/api/client';
import { runnerKeys } from '@/entities/runners/api/runner-keys';

export function revokeRunner(id: string): Promise<Runner> {
  return unwrap(api.DELETE('/api/runners/{id}', { params: { path: { id } } }));
}

/**
 * Revokes a runner: its next poll is refused. The row stays, listed as revoked.
 *
 * @example
 * const revoke = useRevokeRunner();
 * revoke.mutate(runner.id, { onSuccess: () => toast.success(`Runner ${runner.name} revoked`) });
 */
export function useRevokeRunner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeRunner,
    // Triggers show their runner, and a revoked one can no longer be chosen: the whole area.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runnerKeys.all }),
  });
}
