import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Pipeline } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { pipelineKeys } from './pipeline-keys';

export function getPipeline(id: string, signal?: AbortSignal): Promise<Pipeline> {
  return unwrap(api.GET('/api/pipelines/{id}', { params: { path: { id } }, signal }));
}

export const pipelineQueryOptions = (id: string) =>
  queryOptions({
    queryKey: pipelineKeys.detail(id),
    queryFn: ({ signal }) => getPipeline(id, signal),
  });

/**
 * One pipeline with its `version` (sent back as `If-Match` by every change) and the signed-in
 * person's privileges on it. Fails with a 404 `ApiError` both when it does not exist and when
 * the person may not read it.
 *
 * @example
 * const { data: pipeline } = usePipeline(pipelineId);
 * const mayDelete = pipeline?.privileges.includes('delete');
 */
export function usePipeline(id: string) {
  return useQuery(pipelineQueryOptions(id));
}
