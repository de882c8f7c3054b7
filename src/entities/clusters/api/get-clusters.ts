import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ClusterListQuery, ClusterPage } from '@contract/clusters';
import { allPages } from '@/lib/api/all-pages';
import { api, unwrap } from '@/lib/api/client';
import { oneOf, readListParams, type ListParams } from '@/lib/use-list-params';
import type { paths } from '@contract/api-paths.gen';
import { clusterKeys } from './cluster-keys';

export type ClusterListParams = NonNullable<paths['/api/clusters']['get']['parameters']['query']>;

// The contract's CLUSTER_SORTS would bring zod along before the list can be shown.
const CLUSTER_SORTS = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
] as const satisfies readonly NonNullable<ClusterListQuery['sort']>[];

/** The list's own filters in the address, beside paging, search and sort. */
export const CLUSTER_LIST_FILTERS = ['tag'] as const;
export const CLUSTER_LIST_SORT = 'name';

/**
 * The request of the clusters list for the state in its address (anything unknown in it is
 * ignored): the list and the route's loader build it here, so both use one query key.
 */
export function clusterListQuery(
  params: ListParams<(typeof CLUSTER_LIST_FILTERS)[number]>,
): ClusterListParams {
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort: oneOf(CLUSTER_SORTS, params.sort) ?? CLUSTER_LIST_SORT,
    ...(params.q ? { q: params.q } : {}),
    ...(params.tag ? { tag: params.tag } : {}),
  };
}

/** The first page the Clusters screen asks for at this address (its route's loader). */
export const clusterListQueryAt = (searchParams: URLSearchParams) =>
  clusterListQuery(
    readListParams(searchParams, { sort: CLUSTER_LIST_SORT, filters: CLUSTER_LIST_FILTERS }),
  );

export function getClusters(query: ClusterListParams, signal?: AbortSignal): Promise<ClusterPage> {
  return unwrap(api.GET('/api/clusters', { params: { query }, signal }));
}

export const clustersQueryOptions = (params: ClusterListParams) =>
  queryOptions({
    queryKey: clusterKeys.list(params),
    queryFn: ({ signal }) => getClusters(params, signal),
    // The current page stays on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });

/**
 * A page of the clusters the signed-in person may read (the server filters by the rules), each
 * with the person's privileges on it. `tag: 'untagged'` lists the clusters without tags.
 *
 * @example
 * const { data } = useClusters({ q: 'eu', tag: 'production', sort: '-createdAt' });
 * data?.items.map((cluster) => cluster.privileges);
 */
export function useClusters(params: ClusterListParams) {
  return useQuery(clustersQueryOptions(params));
}

/** Every cluster the signed-in person may read (the server filters by the rules), every page. */
export const allClustersQueryOptions = () =>
  queryOptions({
    queryKey: clusterKeys.list({ all: true }),
    queryFn: ({ signal }) =>
      allPages((query) => unwrap(api.GET('/api/clusters', { params: { query }, signal }))),
    // They change rarely; a minute is fresh enough for completions and markers.
    staleTime: 60_000,
  });
