import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Run } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import type { RunDecisionVariables } from './approve-run';
import { runnerKeys } from '@/entities/runners/api/runner-keys';

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
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: denyRun,
    onSuccess: (_run, { pipelineId }) =>
      queryClient.invalidateQueries({ queryKey: runnerKeys.runs(pipelineId) }),
  });
}
