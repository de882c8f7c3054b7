import type { Cluster, UpdateClusterRequest } from '@contract/clusters';
import { api, unwrap } from '@/lib/api/client';
import { useAccessMutation } from './access-keys';

export type UpdateClusterVariables = { id: string; change: UpdateClusterRequest };

export function updateCluster({ id, change }: UpdateClusterVariables): Promise<Cluster> {
  return unwrap(api.PATCH('/api/clusters/{id}', { params: { path: { id } }, body: change }));
}

/**
 * Renames a cluster (needs update) or changes its tags (administrators only). Tags change by
 * difference (`addTags`, `removeTags`), so a change made meanwhile by someone else is kept.
 *
 * @example
 * const update = useUpdateCluster();
 * update.mutate({ id: cluster.id, change: { addTags: ['production'], removeTags: ['staging'] } });
 */
export const useUpdateCluster = () => useAccessMutation(updateCluster);

export type TagClustersVariables = {
  clusters: Pick<Cluster, 'id' | 'name'>[];
  addTags: string[];
  removeTags: string[];
};

/** What a bulk change did: the clusters changed, and the ones refused with the reason. */
export type TagClustersResult = {
  changed: Cluster[];
  failed: { cluster: Pick<Cluster, 'id' | 'name'>; error: unknown }[];
};

/**
 * One `PATCH` per cluster with the same `addTags`/`removeTags`; one refusal does not stop the
 * others, and each outcome is reported.
 */
export async function tagClusters({
  clusters,
  addTags,
  removeTags,
}: TagClustersVariables): Promise<TagClustersResult> {
  const change = {
    ...(addTags.length > 0 ? { addTags } : {}),
    ...(removeTags.length > 0 ? { removeTags } : {}),
  };
  const outcomes = await Promise.allSettled(
    clusters.map((cluster) => updateCluster({ id: cluster.id, change })),
  );
  const result: TagClustersResult = { changed: [], failed: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') result.changed.push(outcome.value);
    else result.failed.push({ cluster: clusters[index]!, error: outcome.reason });
  });
  return result;
}

/**
 * Adds and removes the same tags on several clusters at once (administrators only).
 *
 * @example
 * const tag = useTagClusters();
 * tag.mutate({ clusters: selected, addTags: ['staging'], removeTags: [] }, {
 *   onSuccess: ({ changed, failed }) => toast.success(`${changed.length} clusters tagged`),
 * });
 */
export const useTagClusters = () => useAccessMutation(tagClusters);
