import { useMutation } from '@tanstack/react-query';
import type { Runner } from '@contract/runners';
import { api, unwrap } from '@/lib/api/client';
import { runnerKeys } from '@/entities/runners/api/runner-keys';
import { runKeys } from '@/entities/runs/api/run-keys';
import { triggerKeys } from '@/entities/triggers/api/trigger-keys';

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
  return useMutation({
    mutationFn: revokeRunner,
    // Triggers show their runner, and a revoked one can no longer be chosen; the server cancels
    // the runs it had queued or claimed.
    meta: { invalidates: [runnerKeys.all, triggerKeys.all, runKeys.all] },
  });
}
