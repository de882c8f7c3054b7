import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Cluster } from '@contract/clusters';
import { NoSuchResource } from '@/components/no-such-resource';
import { Page } from '@/components/page';
import { NotLoadedState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { paths } from '@/config/paths';
import { useCluster } from '@/entities/clusters/api/get-cluster';
import { useUpdateCluster } from '@/features/clusters/api/update-cluster';
import { ClusterConnectionSection } from '@/features/clusters/components/cluster-connection-section';
import { ClusterDeleteDialog } from '@/features/clusters/components/cluster-delete-dialog';
import { ClusterRenameForm } from '@/features/clusters/components/cluster-rename-form';
import { ResourceAccess } from '@/entities/access/components/resource-access';
import { ResourcePrivileges } from '@/entities/access/components/resource-privileges';
import { ResourceTagsSection } from '@/entities/access/components/resource-tags-section';
import { useMe } from '@/entities/me/api/get-me';
import { isApiError } from '@/lib/api/api-error';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function ClustersBreadcrumb({ current }: { current: string }) {
  return <PageBreadcrumbs trail={[{ label: 'Clusters', to: paths.clusters }]} current={current} />;
}

function ClusterDetails({
  cluster,
  isAdministrator,
  reload,
}: {
  cluster: Cluster;
  isAdministrator: boolean;
  /** Loads the cluster again, after someone else's change (412). */
  reload: () => Promise<unknown>;
}) {
  const navigate = useNavigate();
  const updateTags = useUpdateCluster();
  const [deleting, setDeleting] = useState(false);
  const nameHeadingId = useId();
  const accessHeadingId = useId();
  const deleteHeadingId = useId();
  const mayRename = cluster.privileges.includes('update');
  return (
    <Stack spacing={4} divider={<Divider flexItem />} sx={{ maxWidth: 960 }}>
      {mayRename && (
        <Stack component="section" aria-labelledby={nameHeadingId} spacing={2}>
          <Typography id={nameHeadingId} variant="h6" component="h2">
            Name
          </Typography>
          <ClusterRenameForm cluster={cluster} reload={reload} />
        </Stack>
      )}
      <ResourceTagsSection
        resourceType="cluster"
        resource={cluster}
        label={`cluster ${cluster.name}`}
        canEdit={cluster.canEditTags}
        previewImpact={isAdministrator}
        save={(change) =>
          updateTags.mutateAsync({ id: cluster.id, version: cluster.version, change })
        }
        reload={reload}
        onSaved={(saved) => toast.success(`Tags of cluster ${saved.name} saved`)}
      />
      <ClusterConnectionSection
        cluster={cluster}
        isAdministrator={isAdministrator}
        reload={reload}
      />
      <Stack component="section" aria-labelledby={accessHeadingId} spacing={2}>
        <Typography id={accessHeadingId} variant="h6" component="h2">
          Your access
        </Typography>
        <ResourcePrivileges
          resourceType="cluster"
          privileges={cluster.privileges}
          isAdministrator={isAdministrator}
        />
      </Stack>
      {isAdministrator && <ResourceAccess resourceType="cluster" resourceId={cluster.id} />}
      {isAdministrator && (
        <Stack
          component="section"
          aria-labelledby={deleteHeadingId}
          spacing={2}
          sx={{ alignItems: 'flex-start' }}
        >
          <Typography id={deleteHeadingId} variant="h6" component="h2">
            Delete this cluster
          </Typography>
          <Button color="error" variant="outlined" onClick={() => setDeleting(true)}>
            Delete cluster
          </Button>
          <ClusterDeleteDialog
            cluster={deleting ? cluster : undefined}
            onClose={() => setDeleting(false)}
            onDeleted={() => void navigate(paths.clusters)}
          />
        </Stack>
      )}
    </Stack>
  );
}

/**
 * One cluster: its name (renamed by people with update), its tags (changed by administrators),
 * its connection settings (changed by administrators, read by others without the token),
 * the person's privileges on it and, for administrators, who else has access and why.
 */
export function Component() {
  const { clusterId = '' } = useParams();
  const cluster = useCluster(clusterId);
  const { data: me } = useMe();
  const isAdministrator = me?.level === 'administrator';

  // A cluster on screen stays there while a refresh fails (or while it is being deleted).
  if (cluster.data) {
    return (
      <>
        <ClustersBreadcrumb current={cluster.data.name} />
        <Page title={cluster.data.name}>
          <ClusterDetails
            key={cluster.data.id}
            cluster={cluster.data}
            isAdministrator={isAdministrator}
            reload={() => cluster.refetch()}
          />
        </Page>
      </>
    );
  }

  if (isApiError(cluster.error, 404) || isApiError(cluster.error, 422)) {
    return <NoSuchResource noun="cluster" listPath={paths.clusters} listName="Clusters" />;
  }

  return (
    <>
      <ClustersBreadcrumb current="Cluster" />
      <Page title="Cluster">
        <NotLoadedState
          what="the cluster"
          error={cluster.error}
          onRetry={() => void cluster.refetch()}
        />
      </Page>
    </>
  );
}
