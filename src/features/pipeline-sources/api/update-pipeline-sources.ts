import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PipelineSources, UpdatePipelineSourcesRequest } from '@contract/pipeline-sources';
import { api, unwrap } from '@/lib/api/client';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';
import { pipelineSourcesKeys } from './pipeline-sources-keys';

export function updatePipelineSources(
  body: UpdatePipelineSourcesRequest,
): Promise<PipelineSources> {
  return unwrap(api.PUT('/api/settings/pipeline-sources', { body }));
}

/**
 * Sets the three source switches at once (administrators only). The hook keeps the switches'
 * cache and refreshes the lists of affected pipelines; the caller refreshes whatever else shows
 * whether a pipeline may run.
 *
 * @example
 * const update = useUpdatePipelineSources();
 * update.mutate({ inline: false, git: true, url: true });
 */
export function useUpdatePipelineSources() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePipelineSources,
    // Every pipeline's Run button reads whether its source is allowed.
    meta: { invalidates: [pipelineKeys.all] },
    onSuccess: (sources) => queryClient.setQueryData(pipelineSourcesKeys.settings(), sources),
  });
}
