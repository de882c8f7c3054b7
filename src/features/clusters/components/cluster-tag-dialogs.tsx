import type { Cluster } from '@contract/clusters';
import { toast } from '@/components/toast-store';
import { useTagClusters, useUpdateCluster } from '../api/update-cluster';
import { BulkTagDialog } from '@/entities/access/components/bulk-tag-dialog';
import { TagEditorDialog } from '@/entities/access/components/tag-editor-dialog';

// The tag dialogs of the clusters list (administrators only), with the mutations they need:
// loaded when first opened (see resource-lazy.tsx).

type ClusterTagEditorDialogProps = {
  /** The cluster as the list last showed it. */
  cluster: Cluster;
  onClose: () => void;
};

/** The tags of one cluster, saved after the impact preview. */
export function ClusterTagEditorDialog({ cluster, onClose }: ClusterTagEditorDialogProps) {
  const update = useUpdateCluster();
  return (
    <TagEditorDialog
      open
      onClose={onClose}
      resourceType="cluster"
      resource={cluster}
      label={`cluster ${cluster.name}`}
      previewImpact
      save={(change) => update.mutateAsync({ id: cluster.id, change })}
      onSaved={(saved) => {
        onClose();
        toast.success(`Tags of cluster ${saved.name} saved`);
      }}
    />
  );
}

type ClusterBulkTagDialogProps = {
  /** The chosen clusters, as last shown. */
  clusters: readonly Cluster[];
  onClose: () => void;
  /** These were changed: they leave the selection. */
  onChanged: (ids: string[]) => void;
};

/** The same tag change for every chosen cluster, after the impact preview of all of it. */
export function ClusterBulkTagDialog({ clusters, onClose, onChanged }: ClusterBulkTagDialogProps) {
  const tag = useTagClusters();
  return (
    <BulkTagDialog
      open
      onClose={onClose}
      resourceType="cluster"
      resources={clusters}
      nameOf={(cluster) => cluster.name}
      previewImpact
      save={async (change, chosen) => {
        const { changed, failed } = await tag.mutateAsync({ clusters: [...chosen], ...change });
        return {
          changedIds: changed.map((cluster) => cluster.id),
          failed: failed.map(({ cluster, error }) => ({ id: cluster.id, error })),
        };
      }}
      onChanged={(ids) => {
        onChanged(ids);
        if (ids.length > 0) {
          toast.success(
            ids.length === 1
              ? 'Tags of 1 cluster changed'
              : `Tags of ${ids.length} clusters changed`,
          );
        }
      }}
    />
  );
}
