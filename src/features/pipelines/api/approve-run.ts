import { useMutation } from '@tanstack/react-query';
import type { Run } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import { runKeys } from '@/entities/runs/api/run-keys';

/** The run to decide on, and its pipeline (whose runs are loaded again). */
export type RunDecisionVariables = Pick<Run, 'id' | 'pipelineId'>;

export function approveRun({ id }: RunDecisionVariables): Promise<Run> {
  return unwrap(api.POST('/api/runs/{id}/approve', { params: { path: { id } } }));
}

/**
 * Approves a run waiting at a pending-approval step (needs approve on its pipeline): the runner
 * goes on with the next steps. A run no longer waiting fails with a 409 `ApiError`.
 *
 * @example
 * const approve = useApproveRun();
 * approve.mutate(run, { onSuccess: () => toast.success(`Run #${run.number} approved`) });
 */
export function useApproveRun() {
  return useMutation({ mutationFn: approveRun, meta: { invalidates: [runKeys.all] } });
}
