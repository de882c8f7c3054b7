import { clusterNameSchema, type Cluster } from '@contract/clusters';
import { RenameForm } from '@/components/form/rename-form';
import { useUpdateCluster } from '../api/update-cluster';

/** The format of a cluster name, shown under the field until the name breaks it. */
export const CLUSTER_NAME_HINT = 'Letters, digits, hyphens, dots and underscores, such as prod-eu.';

/** The name of a cluster, for people with update on it; checked as typed and on the server. */
export function ClusterRenameForm({ cluster }: { cluster: Pick<Cluster, 'id' | 'name'> }) {
  const update = useUpdateCluster();
  return (
    <RenameForm
      label="Cluster name"
      hint={CLUSTER_NAME_HINT}
      nameSchema={clusterNameSchema}
      current={cluster.name}
      isSaving={update.isPending}
      save={async (name) => (await update.mutateAsync({ id: cluster.id, change: { name } })).name}
      savedMessage={(name) => `Cluster renamed to ${name}`}
    />
  );
}
