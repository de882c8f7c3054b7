import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Pipeline } from '@contract/pipelines';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { accessKeys } from '@/entities/access/api/access-keys';

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
    mutationFn: deletePipeline,
    onSuccess: (_nothing, { id }) => {
      // Its page may still be on screen: a refetch would flash "no such pipeline" first.
      queryClient.removeQueries({ queryKey: accessKeys.pipeline(id) });
      return queryClient.invalidateQueries({ queryKey: accessKeys.all });
    },
  });
}
