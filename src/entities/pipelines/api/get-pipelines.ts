import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { PipelineListQuery, PipelinePage } from '@contract/pipelines';
import { api, unwrap } from '@/lib/api/client';
import { oneOf, readListParams, type ListParams } from '@/lib/use-list-params';
import type { paths } from '@contract/api-paths.gen';
import { pipelineKeys } from './pipeline-keys';

export type PipelineListParams = NonNullable<paths['/api/pipelines']['get']['parameters']['query']>;

// The contract's PIPELINE_SORTS would bring zod into the first screen after sign-in.
const PIPELINE_SORTS = [
  'name',
  '-name',
  'project',
  '-project',
  'updatedAt',
  '-updatedAt',
] as const satisfies readonly NonNullable<PipelineListQuery['sort']>[];

/** The list's own filters in the address, beside paging, search and sort. */
export const PIPELINE_LIST_FILTERS = ['tag', 'project'] as const;
export const PIPELINE_LIST_SORT = 'name';

/**
 * The request of the pipelines list for the state in its address (anything unknown in it is
 * ignored): the list and the route's loader build it here, so both use one query key.
 */
export function pipelineListQuery(
  params: ListParams<(typeof PIPELINE_LIST_FILTERS)[number]>,
): PipelineListParams {
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort: oneOf(PIPELINE_SORTS, params.sort) ?? PIPELINE_LIST_SORT,
    ...(params.q ? { q: params.q } : {}),
    ...(params.tag ? { tag: params.tag } : {}),
    ...(params.project ? { project: params.project } : {}),
  };
}

/** The first page the Pipelines screen asks for at this address (its route's loader). */
export const pipelineListQueryAt = (searchParams: URLSearchParams) =>
  pipelineListQuery(
    readListParams(searchParams, { sort: PIPELINE_LIST_SORT, filters: PIPELINE_LIST_FILTERS }),
  );

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
