import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Cluster } from '@contract/clusters';
import { DataTable, type DataTableColumn, type PageQuery } from '@/components/data-table';
import { clusterPath } from '@/config/links';
import { formatDate } from '@/lib/format';
import type { ListPaging } from '@/lib/use-list-params';
import { privilegesSummary } from '@/entities/access/components/resource-privileges';
import { SelectionCheckbox, type RowSelection } from '@/components/resource-selection';
import { TagChips } from '@/entities/tags/components/tag-chips';

type ClusterTableProps = {
  query: PageQuery<Cluster>;
  paging: ListPaging;
  /** Administrators choose rows, edit tags and delete; others only read. */
  isAdministrator: boolean;
  selection: RowSelection<Cluster>;
  onEditTags: (cluster: Cluster) => void;
  onDelete: (cluster: Cluster) => void;
  empty: ReactNode;
};

/** The clusters the person may read, a page at a time, with their tags and privileges. */
export function ClusterTable({
  query,
  paging,
  isAdministrator,
  selection,
  onEditTags,
  onDelete,
  empty,
}: ClusterTableProps) {
  const columns: DataTableColumn<Cluster>[] = [
    ...(isAdministrator
      ? [
          {
            id: 'select',
            label: 'Select',
            hideLabel: true,
            render: (cluster: Cluster) => (
              <SelectionCheckbox
                label={`Select ${cluster.name}`}
                checked={selection.isSelected(cluster.id)}
                onChange={(checked) => selection.toggle(cluster, checked)}
              />
            ),
          },
        ]
      : []),
    {
      id: 'name',
      label: 'Name',
      sortKey: 'name',
      rowHeader: true,
      render: (cluster) => (
        <Link className="pm-link" to={clusterPath(cluster.id)}>
          {cluster.name}
        </Link>
      ),
    },
    {
      id: 'tags',
      label: 'Tags',
      render: (cluster) => <TagChips tags={cluster.tags} label={`Tags of ${cluster.name}`} />,
    },
    {
      id: 'privileges',
      label: 'Your privileges',
      render: (cluster) => privilegesSummary(cluster.privileges),
    },
    {
      id: 'createdAt',
      label: 'Added',
      sortKey: 'createdAt',
      render: (cluster) => formatDate(cluster.createdAt),
    },
    ...(isAdministrator
      ? [
          {
            id: 'actions',
            label: 'Actions',
            hideLabel: true,
            align: 'right' as const,
            render: (cluster: Cluster) => (
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                <Button
                  size="small"
                  aria-label={`Edit tags of ${cluster.name}`}
                  onClick={() => onEditTags(cluster)}
                >
                  Edit tags
                </Button>
                <Button
                  size="small"
                  color="error"
                  aria-label={`Delete ${cluster.name}`}
                  onClick={() => onDelete(cluster)}
                >
                  Delete
                </Button>
              </Stack>
            ),
          },
        ]
      : []),
  ];

  return (
    <DataTable
      label="Clusters"
      itemsName="clusters"
      columns={columns}
      rowKey={(cluster) => cluster.id}
      query={query}
      empty={empty}
      {...paging}
    />
  );
}
