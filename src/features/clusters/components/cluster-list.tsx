import { useState } from 'react';
import type { Cluster } from '@contract/clusters';
import { EmptyState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import {
  CLUSTER_LIST_FILTERS,
  CLUSTER_LIST_SORT,
  clusterListQuery,
  useClusters,
} from '@/entities/clusters/api/get-clusters';
import { ClusterDeleteDialog } from './cluster-delete-dialog';
import { ClusterTable } from './cluster-table';
import { ResourceFilters } from '@/entities/tags/components/resource-filters';
import {
  LazyClusterBulkTagDialog,
  LazyClusterCreateDialog,
  LazyClusterTagEditorDialog,
} from './cluster-lazy';
import { useRowSelection } from '@/components/resource-selection';
import { ResourceList, useListDialogs } from '@/components/resource-list';

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
  const [params, update] = useListParams({
    sort: CLUSTER_LIST_SORT,
    filters: CLUSTER_LIST_FILTERS,
  });
  const query = clusterListQuery(params);
  const clusters = useClusters(query);
  const selection = useRowSelection(clusters.data?.items);
  const dialogs = useListDialogs(clusters.data?.items);
  const [deleting, setDeleting] = useState<Cluster>();
  const filtered = Boolean(query.q || query.tag);

  return (
    <ResourceList
      filters={
        <ResourceFilters
          resourceType="cluster"
          label="Clusters"
          searchLabel="Search clusters"
          values={{ q: params.q, tag: query.tag }}
          onChange={update}
        />
      }
      addLabel={isAdministrator ? 'Add cluster' : undefined}
      onAdd={() => dialogs.open({ kind: 'create' })}
      selection={selection}
      selectable={isAdministrator ? (clusters.data?.items ?? []) : undefined}
      itemsName="clusters"
      onTagSelected={() => dialogs.open({ kind: 'bulk' })}
      table={
        <ClusterTable
          query={clusters}
          paging={pagingOf(params, update, query.sort)}
          isAdministrator={isAdministrator}
          selection={selection}
          onEditTags={(cluster) => dialogs.open({ kind: 'tags', row: cluster })}
          onDelete={setDeleting}
          empty={
            filtered ? (
              <EmptyState title="No cluster matches">
                Try another search, or another tag.
              </EmptyState>
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
      }
      dialogs={
        <>
          {dialogs.creating && (
            <LazyClusterCreateDialog
              open
              onClose={dialogs.close}
              onCreated={(cluster) => {
                dialogs.close();
                toast.success(`Cluster ${cluster.name} added`);
              }}
            />
          )}
          {dialogs.editing && (
            <LazyClusterTagEditorDialog cluster={dialogs.editing} onClose={dialogs.close} />
          )}
          {dialogs.bulk && (
            <LazyClusterBulkTagDialog
              clusters={selection.rows}
              onClose={dialogs.close}
              onChanged={selection.drop}
            />
          )}
        </>
      }
    >
      <ClusterDeleteDialog
        cluster={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => deleting && selection.drop([deleting.id])}
      />
    </ResourceList>
  );
}
