import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { PipelinePage } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { pipelineKeys } from './pipeline-keys';

export type PipelineListParams = NonNullable<paths['/api/pipelines']['get']['parameters']['query']>;

export function getPipelines(
  query: PipelineListParams,
  signal?: AbortSignal,
): Promise<PipelinePage> {
  return unwrap(api.GET('/api/pipelines', { params: { query }, signal }));
}

export const pipelinesQueryOptions = (params: PipelineListParams) =>
  queryOptions({
    queryKey: pipelineKeys.list(params),
    queryFn: ({ signal }) => getPipelines(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the pipelines the signed-in person may read (the server filters by the rules), each
 * with the person's privileges on it and whether they may change its tags.
 *
 * @example
 * const { data } = usePipelines({ project: 'payments', tag: 'untagged', sort: '-updatedAt' });
 * data?.items.filter((pipeline) => pipeline.canEditTags);
 */
export function usePipelines(params: PipelineListParams) {
  return useQuery(pipelinesQueryOptions(params));
}
