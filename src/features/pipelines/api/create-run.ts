import { useMutation } from '@tanstack/react-query';
import type { Run } from '@contract/runs';
import { api, unwrap } from '@/lib/api/client';
import { runKeys } from '@/entities/runs/api/run-keys';

export type CreateRunVariables = {
  pipelineId: string;
  /** Debug mode (P-6.5): the runner pauses before each step; needs the debug privilege. */
  debug?: boolean;
};

export function createRun({ pipelineId, debug = false }: CreateRunVariables): Promise<Run> {
  return unwrap(
    api.POST('/api/pipelines/{id}/runs', {
      params: { path: { id: pipelineId } },
      body: { debug },
    }),
  );
}

/**
 * Runs a pipeline now (needs run; debug mode needs debug). A pipeline whose source is turned off
 * or refused by its git provider's restrictions fails with a 409 `ApiError` whose message is the
 * reason, in words to show the person.
 *
 * @example
 * const run = useCreateRun();
 * run.mutate({ pipelineId: pipeline.id }, { onSuccess: (run) => toast.success(`Run #${run.number} queued`) });
 */
export function useCreateRun() {
  return useMutation({ mutationFn: createRun, meta: { invalidates: [runKeys.all] } });
}
