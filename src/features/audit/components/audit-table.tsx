import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { AUDIT_TARGET_TYPE_LABELS, type AuditEntry } from '@contract/audit';
import { DataTable, type DataTableColumn, type PageQuery } from '@/components/data-table';
import type { ListPaging } from '@/lib/use-list-params';
import { describeAction, describeActor, describeEntry, formatWhen } from './audit-labels';

type AuditTableProps = {
  query: PageQuery<AuditEntry>;
  paging: ListPaging;
  onOpen: (entry: AuditEntry) => void;
  empty: ReactNode;
};

/**
 * The audit log, a page at a time, newest first (the server's only order). Each entry opens
 * to its before and after values; nothing here changes or deletes one.
 */
export function AuditTable({ query, paging, onOpen, empty }: AuditTableProps) {
  const columns: DataTableColumn<AuditEntry>[] = [
    {
      id: 'at',
      label: 'When',
      rowHeader: true,
      render: (entry) => (
        <time dateTime={entry.at} style={{ whiteSpace: 'nowrap' }}>
          {formatWhen(entry.at)}
        </time>
      ),
    },
    {
      id: 'actor',
      label: 'Who',
      render: (entry) => (
        <Stack>
          <span>{describeActor(entry.actor)}</span>
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            {entry.actor.email}
          </Typography>
        </Stack>
      ),
    },
    { id: 'action', label: 'Action', render: describeAction },
    {
      id: 'target',
      label: 'Target',
      render: (entry) => (
        <Stack>
          <span>{entry.target.name}</span>
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            {AUDIT_TARGET_TYPE_LABELS[entry.target.type]}
          </Typography>
        </Stack>
      ),
    },
    {
      id: 'open',
      label: 'Changes',
      hideLabel: true,
      align: 'right',
      render: (entry) => (
        <Button
          size="small"
          aria-label={`View changes: ${describeEntry(entry)}`}
          onClick={() => onOpen(entry)}
          sx={{ whiteSpace: 'nowrap' }}
        >
          View changes
        </Button>
      ),
    },
  ];

  return (
    <DataTable
      label="Audit log"
      itemsName="audit entries"
      columns={columns}
      rowKey={(entry) => entry.id}
      query={query}
      empty={empty}
      {...paging}
    />
  );
}
