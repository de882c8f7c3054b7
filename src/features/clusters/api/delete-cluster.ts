import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';
import { clusterKeys } from '@/entities/clusters/api/cluster-keys';

export async function deleteCluster(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/clusters/{id}', { params: { path: { id } } }));
}

/**
 * Removes a cluster (administrators only).
 *
 * @example
 * const remove = useDeleteCluster();
 * remove.mutate(cluster.id, { onSuccess: () => navigate(paths.clusters) });
 */
export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await deleteCluster(id);
      // The cluster's own page may still be on screen: its query would refetch, fail with 404
      // and flash "no such cluster" before the caller moves on. It is dropped, not refreshed,
      // here, before the invalidation of `meta` runs.
      queryClient.removeQueries({ queryKey: clusterKeys.detail(id) });
    },
    meta: { invalidates: ACCESS_RESOURCES },
  });
}
