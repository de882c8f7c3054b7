import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { Suspense, useState } from 'react';
import type { Cluster, ClusterListQuery } from '@contract/clusters';
import { EmptyState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useClusters, type ClusterListParams } from '@/entities/clusters/api/get-clusters';
import { ClusterDeleteDialog } from './cluster-delete-dialog';
import { ClusterTable } from './cluster-table';
import { ResourceFilters } from '@/entities/tags/components/resource-filters';
import {
  LazyClusterBulkTagDialog,
  LazyClusterCreateDialog,
  LazyClusterTagEditorDialog,
} from './cluster-lazy';
import { SelectionBar, useRowSelection } from '@/components/resource-selection';

// The contract's CLUSTER_SORTS would bring zod along before the list can be shown.
const CLUSTER_SORTS = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
] as const satisfies readonly NonNullable<ClusterListQuery['sort']>[];

const oneOf = <T extends string>(values: readonly T[], value: string | undefined) =>
  values.find((candidate) => candidate === value);

type Dialog =
  { kind: 'create' } | { kind: 'tags'; cluster: Cluster } | { kind: 'bulk' } | undefined;

type ClusterListProps = {
  /** Administrators add, tag (one or many) and delete clusters; others read the list. */
  isAdministrator: boolean;
};

/**
 * The clusters the person may read: searched, filtered by tag (or `untagged`), sorted and paged
 * by the server, all of it in the URL. Administrators add clusters, edit the tags of one or of
 * several chosen rows (after the impact preview), and delete them.
 */
export function ClusterList({ isAdministrator }: ClusterListProps) {
  const [params, update] = useListParams({ sort: 'name', filters: ['tag'] });
  const query: ClusterListParams = {
    page: params.page,
    pageSize: params.pageSize,
    sort: oneOf(CLUSTER_SORTS, params.sort) ?? 'name',
    ...(params.q ? { q: params.q } : {}),
    ...(params.tag ? { tag: params.tag } : {}),
  };
  const clusters = useClusters(query);
  const selection = useRowSelection(clusters.data?.items);
  const [dialog, setDialog] = useState<Dialog>();
  const [deleting, setDeleting] = useState<Cluster>();
  const filtered = Boolean(query.q || query.tag);
  const close = () => setDialog(undefined);
  // The cluster being edited as the list last showed it (a refresh brings its new tags).
  const editing =
    dialog?.kind === 'tags'
      ? (clusters.data?.items.find((cluster) => cluster.id === dialog.cluster.id) ?? dialog.cluster)
      : undefined;

  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}
      >
        <ResourceFilters
          resourceType="cluster"
          label="Clusters"
          searchLabel="Search clusters"
          values={{ q: params.q, tag: query.tag }}
          onChange={update}
        />
        {isAdministrator && (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setDialog({ kind: 'create' })}
            sx={{ flexShrink: 0 }}
          >
            Add cluster
          </Button>
        )}
      </Stack>
      {isAdministrator && (
        <SelectionBar
          selection={selection}
          selectable={clusters.data?.items ?? []}
          itemsName="clusters"
          actions={
            <Button size="small" variant="outlined" onClick={() => setDialog({ kind: 'bulk' })}>
              Tag selected
            </Button>
          }
        />
      )}
      <ClusterTable
        query={clusters}
        paging={pagingOf(params, update, query.sort)}
        isAdministrator={isAdministrator}
        selection={selection}
        onEditTags={(cluster) => setDialog({ kind: 'tags', cluster })}
        onDelete={setDeleting}
        empty={
          filtered ? (
            <EmptyState title="No cluster matches">Try another search, or another tag.</EmptyState>
          ) : isAdministrator ? (
            <EmptyState title="No clusters yet">
              Add the Kubernetes clusters that pipelines deploy to.
            </EmptyState>
          ) : (
            <EmptyState title="No clusters to show">
              The rules of your teams let you see no cluster. An administrator can change that.
            </EmptyState>
          )
        }
      />
      <ClusterDeleteDialog
        cluster={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => deleting && selection.drop([deleting.id])}
      />
      <Suspense fallback={null}>
        {dialog?.kind === 'create' && (
          <LazyClusterCreateDialog
            open
            onClose={close}
            onCreated={(cluster) => {
              close();
              toast.success(`Cluster ${cluster.name} added`);
            }}
          />
        )}
        {editing && <LazyClusterTagEditorDialog cluster={editing} onClose={close} />}
        {dialog?.kind === 'bulk' && (
          <LazyClusterBulkTagDialog
            clusters={selection.rows}
            onClose={close}
            onChanged={selection.drop}
          />
        )}
      </Suspense>
    </Stack>
  );
}
