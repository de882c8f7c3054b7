import { useState } from 'react';
import type { Cluster } from '@contract/clusters';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useDeleteCluster } from '../api/delete-cluster';

type ClusterDeleteDialogProps = {
  /** The cluster to delete; the dialog is open while there is one. */
  cluster: Pick<Cluster, 'id' | 'name'> | undefined;
  onClose: () => void;
  /** The cluster is gone: e.g. leave its page. */
  onDeleted?: () => void;
};

/** Asks before removing a cluster (administrators only), naming it. */
export function ClusterDeleteDialog({ cluster, onClose, onDeleted }: ClusterDeleteDialogProps) {
  const remove = useDeleteCluster();
  // The name stays in the title while the dialog closes.
  const [shown, setShown] = useState(cluster);
  if (cluster && cluster !== shown) setShown(cluster);
  const name = shown?.name ?? '';
  const confirm = () => {
    if (!cluster) return;
    remove.mutate(cluster.id, {
      onSuccess: () => {
        toast.success(`Cluster ${name} deleted`);
        onClose();
        onDeleted?.();
      },
      onError: (error) => {
        onClose();
        toast.error(`Cluster ${name} not deleted: ${errorMessage(error)}`);
      },
    });
  };
  return (
    <ConfirmDialog
      open={cluster !== undefined}
      title={`Delete cluster ${name}?`}
      confirmLabel="Delete cluster"
      pending={remove.isPending}
      onConfirm={confirm}
      onClose={onClose}
    >
      The cluster <strong>{name}</strong> will be removed from Perimeter, with its tags. The access
      rules stay as they are. This cannot be undone.
    </ConfirmDialog>
  );
}
