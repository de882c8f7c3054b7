import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PipelineSourceType } from '@contract/pipeline-sources';
import type { PipelinePage } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { pipelineKeys } from '@/entities/pipelines/api/pipeline-keys';

export type SourcePipelinesParams = { page: number; pageSize: number };

export function getSourcePipelines(
  source: PipelineSourceType,
  { page, pageSize }: SourcePipelinesParams,
  signal?: AbortSignal,
): Promise<PipelinePage> {
  return unwrap(
    api.GET('/api/pipelines', {
      params: { query: { source, page, pageSize, sort: 'project' } },
      signal,
    }),
  );
}

/**
 * The pipelines whose definition comes from `source`, by project and name. Never served from an
 * old cache: the answer is what a confirmation says turning the source off would stop.
 */
export const sourcePipelinesQueryOptions = (
  source: PipelineSourceType,
  params: SourcePipelinesParams,
) =>
  queryOptions({
    queryKey: pipelineKeys.list({ source, ...params, sort: 'project' }),
    queryFn: ({ signal }) => getSourcePipelines(source, params, signal),
    staleTime: 0,
  });

/**
 * A page of the pipelines that take their definition from one source.
 *
 * @example
 * const { data } = useSourcePipelines('inline', { page: 1, pageSize: 10 }, open);
 * data?.total; // how many pipelines turning inline definitions off would stop
 */
export function useSourcePipelines(
  source: PipelineSourceType,
  params: SourcePipelinesParams,
  enabled = true,
) {
  return useQuery({ ...sourcePipelinesQueryOptions(source, params), enabled });
}
