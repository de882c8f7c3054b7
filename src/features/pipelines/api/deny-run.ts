import { useMutation } from '@tanstack/react-query';
import type { Run } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import type { RunDecisionVariables } from './approve-run';
import { runKeys } from '@/entities/runs/api/run-keys';

export function denyRun({ id }: RunDecisionVariables): Promise<Run> {
  return unwrap(api.POST('/api/runs/{id}/deny', { params: { path: { id } } }));
}

/**
 * Denies a run waiting at a pending-approval step (needs approve on its pipeline): it ends,
 * denied. A run no longer waiting fails with a 409 `ApiError`.
 *
 * @example
 * const deny = useDenyRun();
 * deny.mutate(run, { onSuccess: () => toast.success(`Run #${run.number} denied`) });
 */
export function useDenyRun() {
  return useMutation({ mutationFn: denyRun, meta: { invalidates: [runKeys.all] } });
}
