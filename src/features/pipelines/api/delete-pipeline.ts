import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Pipeline } from '@contract/pipelines';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';
import { runKeys } from '@/entities/runs/api/run-keys';
import { triggerKeys } from '@/entities/triggers/api/trigger-keys';
import { PIPELINE_CHANGE_RESOURCES } from './update-pipeline';

export async function deletePipeline({
  id,
  version,
}: Pick<Pipeline, 'id' | 'version'>): Promise<void> {
  await unwrap(
    api.DELETE('/api/pipelines/{id}', {
      params: { path: { id }, header: { 'if-match': etagOf(version) } },
    }),
  );
}

/**
 * Deletes a pipeline (needs delete), as of the version shown: when someone changed it meanwhile
 * it fails with a 412 `ApiError` and the pipeline stays.
 *
 * @example
 * const remove = useDeletePipeline();
 * remove.mutate(pipeline, { onSuccess: () => navigate(paths.pipelines) });
 */
export function useDeletePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (pipeline: Pick<Pipeline, 'id' | 'version'>) => {
      await deletePipeline(pipeline);
      // Its page may still be on screen: a refetch would flash "no such pipeline" first. It is
      // dropped here, before the invalidation of `meta` runs.
      queryClient.removeQueries({ queryKey: pipelineKeys.detail(pipeline.id) });
    },
    // Its triggers and runs go with it.
    meta: { invalidates: [...PIPELINE_CHANGE_RESOURCES, triggerKeys.all, runKeys.all] },
  });
}
