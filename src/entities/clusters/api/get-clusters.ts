import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ClusterPage } from '@contract/clusters';
import { allPages } from '@/lib/api/all-pages';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@contract/api-paths.gen';
import { clusterKeys } from './cluster-keys';

export type ClusterListParams = NonNullable<paths['/api/clusters']['get']['parameters']['query']>;

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
