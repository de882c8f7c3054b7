import type { Cluster, CreateClusterRequest } from '@contract/clusters';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';

export function createCluster(body: CreateClusterRequest): Promise<Cluster> {
  return unwrap(api.POST('/api/clusters', { body }));
}

/**
 * Adds a cluster (administrators only). A name that is taken or malformed, or a tag that cannot
 * be used (`untagged`, `*`), fails with a 422 naming the field.
 *
 * @example
 * const create = useCreateCluster();
 * create.mutate({ name: 'prod-eu', tags: ['production'] }, { onSuccess: (c) => navigate(clusterPath(c.id)) });
 */
export const useCreateCluster = () =>
  useMutation({ mutationFn: createCluster, meta: { invalidates: ACCESS_RESOURCES } });
