import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Cluster } from '@contract/clusters';
import { api, unwrap } from '@/lib/api/client';
import { clusterKeys } from './cluster-keys';

export function getCluster(id: string, signal?: AbortSignal): Promise<Cluster> {
  return unwrap(api.GET('/api/clusters/{id}', { params: { path: { id } }, signal }));
}

export const clusterQueryOptions = (id: string) =>
  queryOptions({
    queryKey: clusterKeys.detail(id),
    queryFn: ({ signal }) => getCluster(id, signal),
  });

/**
 * One cluster with the signed-in person's privileges on it. Fails with a 404 `ApiError` both
 * when it does not exist and when the person may not read it: the server does not tell them
 * apart.
 *
 * @example
 * const { data: cluster } = useCluster(clusterId);
 * const mayRename = cluster?.privileges.includes('update');
 */
export function useCluster(id: string) {
  return useQuery(clusterQueryOptions(id));
}
