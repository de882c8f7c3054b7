import { clusterNameSchema, type Cluster } from '@contract/clusters';
import { RenameForm } from '@/components/form/rename-form';
import { useUpdateCluster } from '../api/update-cluster';

/** The format of a cluster name, shown under the field until the name breaks it. */
export const CLUSTER_NAME_HINT = 'Letters, digits, hyphens, dots and underscores, such as prod-eu.';

type ClusterRenameFormProps = {
  cluster: Pick<Cluster, 'id' | 'name' | 'version'>;
  /** Loads the cluster again, after someone else's change (412). */
  reload: () => Promise<unknown>;
};

/**
 * The name of a cluster, for people with update on it; checked as typed and on the server. The
 * change is based on the version shown: when someone else saved first, nothing is overwritten.
 */
export function ClusterRenameForm({ cluster, reload }: ClusterRenameFormProps) {
  const update = useUpdateCluster();
  return (
    <RenameForm
      label="Cluster name"
      hint={CLUSTER_NAME_HINT}
      nameSchema={clusterNameSchema}
      current={cluster.name}
      isSaving={update.isPending}
      save={async (name) =>
        (await update.mutateAsync({ id: cluster.id, version: cluster.version, change: { name } }))
          .name
      }
      savedMessage={(name) => `Cluster renamed to ${name}`}
      stale={{ what: `cluster ${cluster.name}`, reload }}
    />
  );
}
