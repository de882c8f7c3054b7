import type { Cluster, UpdateClusterRequest } from '@contract/clusters';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { useMutation } from '@tanstack/react-query';
import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';

export type UpdateClusterVariables = {
  id: string;
  /**
   * The version the change is based on, sent as `If-Match`: a newer one on the server answers
   * 412 and nothing is overwritten. Left out (bulk tagging, which merges), the change applies.
   */
  version?: number;
  change: UpdateClusterRequest;
};

export function updateCluster({ id, version, change }: UpdateClusterVariables): Promise<Cluster> {
  const header = version === undefined ? {} : { 'if-match': etagOf(version) };
  return unwrap(
    api.PATCH('/api/clusters/{id}', { params: { path: { id }, header }, body: change }),
  );
}

/**
 * Renames a cluster (needs update), changes its tags or its connection (administrators only).
 * Tags change by difference (`addTags`, `removeTags`), so a change made meanwhile by someone else
 * is kept; with `version`, a change based on an older version fails with a 412 `ApiError`.
 *
 * @example
 * const update = useUpdateCluster();
 * update.mutate({ id: cluster.id, version: cluster.version, change: { name: 'prod-eu' } });
 */
export const useUpdateCluster = () =>
  useMutation({ mutationFn: updateCluster, meta: { invalidates: ACCESS_RESOURCES } });

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
export const useTagClusters = () =>
  useMutation({ mutationFn: tagClusters, meta: { invalidates: ACCESS_RESOURCES } });
