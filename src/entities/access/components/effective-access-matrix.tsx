import CheckIcon from '@mui/icons-material/Check';
import RemoveIcon from '@mui/icons-material/Remove';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { EffectiveCell, EffectiveItem, ResourceType } from '@contract/access';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { EmptyState } from '@/components/states';
import { TabList } from '@/components/tab-list';
import { visuallyHidden } from '@/components/visually-hidden';
import { pipelinePath } from '@/config/paths';
import { clusterPath } from '@/config/links';
import { PAGE_SIZES } from '@/lib/use-list-params';
import { useEffectiveAccess } from '../api/get-effective-access';

const KINDS: { value: ResourceType; label: string }[] = [
  { value: 'pipeline', label: 'Pipelines' },
  { value: 'cluster', label: 'Clusters' },
];

/** Whose permissions: a person, or what one team's own rules grant. */
export type EffectiveSubject = { userId: string; name: string } | { teamId: string; name: string };

/** "payments/deploy" for a pipeline, "prod-eu" for a cluster. */
function resourceName(item: EffectiveItem): string {
  const { resource } = item;
  return resource.project ? `${resource.project}/${resource.name}` : resource.name;
}

/** The reason of one cell, as the tooltip and the cell's accessible description say it. */
export function cellReason(
  cell: EffectiveCell,
  subject: EffectiveSubject,
  resourceType: ResourceType,
): string {
  const whose = 'teamId' in subject ? `team ${subject.name}` : subject.name;
  switch (cell.reason) {
    case 'administrator':
      return 'teamId' in subject
        ? `Held: the admins team is the administrators, who hold every privilege whatever the rules say.`
        : `Held: ${subject.name} is an administrator; administrators hold every privilege whatever the rules say.`;
    case 'rule': {
      const rule = cell.rule!;
      const more =
        cell.rules > 1
          ? ` ${cell.rules - 1} more rule${cell.rules > 2 ? 's grant' : ' grants'} it too.`
          : '';
      const implied = cell.via ? `, implied by ${cell.via}` : '';
      return `Held through rule ${rule.number}${implied}: ${rule.sentence}${more}`;
    }
    case 'administrators-only':
      return `Not held: ${resourceType} ${cell.privilege} stays with administrators whatever the rules say.`;
    case 'no-rule':
      return 'teamId' in subject
        ? `Not held: no rule of ${whose} grants ${cell.privilege} on this ${resourceType}.`
        : `Not held: no rule of ${whose}’s teams grants ${cell.privilege} on this ${resourceType}.`;
  }
}

/**
 * One cell: a mark that is not colour alone (a tick or a dash, and the words for screen
 * readers), focusable, with its reason in a tooltip on hover and focus, which is also the
 * cell's accessible description.
 */
function MatrixCell({ reason, held }: { reason: string; held: boolean }) {
  return (
    <Tooltip title={reason} describeChild>
      <Box
        component="span"
        tabIndex={0}
        sx={{
          display: 'inline-flex',
          alignItems: 'center',
          borderRadius: 1,
          p: 0.25,
          color: held ? 'success.main' : 'text.secondary',
          '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
        }}
      >
        {held ? <CheckIcon fontSize="small" /> : <RemoveIcon fontSize="small" />}
        <Box component="span" sx={visuallyHidden}>
          {held ? 'Held' : 'Not held'}
        </Box>
      </Box>
    </Tooltip>
  );
}

type EffectiveAccessMatrixProps = {
  subject: EffectiveSubject;
};

/**
 * Effective permissions (issue 20): every pipeline or cluster × every privilege, held or not,
 * with the rule that grants it; searched and paged by the server, by default only where at
 * least one privilege is held. Its state is its own (not the address): the team page's members
 * list keeps its paging in the address already.
 *
 * @example
 * <EffectiveAccessMatrix subject={{ userId: person.id, name: person.name }} />
 */
export function EffectiveAccessMatrix({ subject }: EffectiveAccessMatrixProps) {
  const [kind, setKind] = useState<ResourceType>('pipeline');
  const [q, setQ] = useState('');
  const [heldOnly, setHeldOnly] = useState(true);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  const tabsId = useId();
  const who = 'teamId' in subject ? { teamId: subject.teamId } : { userId: subject.userId };
  const matrix = useEffectiveAccess({
    ...who,
    resourceType: kind,
    show: heldOnly ? 'held' : 'all',
    page,
    pageSize,
    ...(q ? { q } : {}),
  });
  const plural = kind === 'cluster' ? 'clusters' : 'pipelines';
  const privileges =
    matrix.data?.privileges ??
    (kind === 'cluster'
      ? (['read', 'update', 'delete'] as const)
      : (['read', 'update', 'delete', 'run', 'approve', 'debug'] as const));

  const columns: DataTableColumn<EffectiveItem>[] = [
    {
      id: 'resource',
      label: kind === 'cluster' ? 'Cluster' : 'Pipeline',
      rowHeader: true,
      render: (item) => (
        <Stack spacing={0.25}>
          <Link
            component={RouterLink}
            to={kind === 'cluster' ? clusterPath(item.resource.id) : pipelinePath(item.resource.id)}
          >
            {resourceName(item)}
          </Link>
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            {item.resource.tags.length === 0 ? 'untagged' : item.resource.tags.join(', ')}
          </Typography>
        </Stack>
      ),
    },
    ...privileges.map((privilege, index): DataTableColumn<EffectiveItem> => ({
      id: privilege,
      label: privilege[0]!.toUpperCase() + privilege.slice(1),
      render: (item) => {
        const cell = item.cells[index];
        if (!cell) return null;
        return <MatrixCell held={cell.held} reason={cellReason(cell, subject, kind)} />;
      },
    })),
  ];

  const noun = 'teamId' in subject ? 'this team grants' : `${subject.name} holds`;
  return (
    <Stack spacing={2}>
      <TabList
        label="Kind of resource"
        value={kind}
        onChange={(next) => {
          setKind(next);
          setPage(1);
        }}
        panelId={`${tabsId}-panel`}
        tabs={KINDS.map(({ value, label }) => ({ value, label, id: `${tabsId}-${value}` }))}
      />
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'center' } }}
      >
        <Box sx={{ flex: 1, maxWidth: 360 }}>
          <SearchField
            label={`Search ${plural}`}
            value={q}
            onSearch={(text) => {
              setQ(text);
              setPage(1);
            }}
          />
        </Box>
        <FormControlLabel
          control={
            <Switch
              checked={heldOnly}
              onChange={(event) => {
                setHeldOnly(event.target.checked);
                setPage(1);
              }}
            />
          }
          label="Only where a privilege is held"
        />
      </Stack>
      <Box role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${kind}`}>
        <DataTable
          label={`What ${noun} on ${plural}`}
          itemsName={plural}
          columns={columns}
          rowKey={(item) => item.resource.id}
          query={matrix}
          page={page}
          pageSize={pageSize}
          sort="name"
          onSortChange={() => undefined}
          onPageChange={setPage}
          onPageSizeChange={(size) => {
            setPageSize(size);
            setPage(1);
          }}
          empty={
            <EmptyState
              title={
                q
                  ? `No ${kind} matches this search.`
                  : heldOnly
                    ? `No privilege on any ${kind}.`
                    : `No ${plural} yet.`
              }
            >
              {heldOnly && !q
                ? `No rule ${'teamId' in subject ? 'of this team' : 'of their teams'} grants anything on ${plural}.`
                : undefined}
            </EmptyState>
          }
        />
      </Box>
    </Stack>
  );
}
