import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { TEAM_SORTS, type Team, type TeamSort } from '@contract/teams';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { EmptyState } from '@/components/states';
import { teamPath } from '@/config/links';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useTeams } from '@/entities/teams/api/get-teams';
import { providerNames } from './team-managed-notice';

const isTeamSort = (sort: string): sort is TeamSort =>
  (TEAM_SORTS as readonly string[]).includes(sort);

type TeamsTableProps = {
  /** Shown beside the search box, such as the button that creates a team. */
  actions?: ReactNode;
};

/**
 * The account's teams, searched by name, sorted and paged by the server; the search, sort and
 * page live in the URL.
 */
export function TeamsTable({ actions }: TeamsTableProps) {
  const builtInNoteId = useId();
  const [params, update] = useListParams({ sort: 'name' });
  const sort = isTeamSort(params.sort) ? params.sort : 'name';
  const teams = useTeams({
    q: params.q || undefined,
    page: params.page,
    pageSize: params.pageSize,
    sort,
  });

  const columns: DataTableColumn<Team>[] = [
    {
      id: 'name',
      label: 'Name',
      sortKey: 'name',
      rowHeader: true,
      render: (team) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Link
            component={RouterLink}
            to={teamPath(team.id)}
            // Focusing a built-in team's link also says why it cannot be edited.
            aria-describedby={team.builtIn ? builtInNoteId : undefined}
          >
            {team.name}
          </Link>
          {team.builtIn && <Chip label="Built-in" size="small" variant="outlined" />}
          {team.managedBy.length > 0 && (
            <Chip
              label={`Synced from ${providerNames(team.managedBy)}`}
              size="small"
              variant="outlined"
            />
          )}
        </Stack>
      ),
    },
    {
      id: 'memberCount',
      label: 'Members',
      sortKey: 'memberCount',
      align: 'right',
      render: (team) => team.memberCount.toLocaleString(),
    },
  ];

  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' }, justifyContent: 'space-between' }}
      >
        <SearchField label="Search teams" value={params.q} onSearch={(q) => update({ q })} />
        {actions}
      </Stack>
      <Typography id={builtInNoteId} variant="body2" sx={{ color: 'text.secondary' }}>
        The built-in teams follow from the people of the account: <strong>users</strong> holds
        everyone in the account and <strong>admins</strong> every administrator. They cannot be
        renamed, deleted or given other members.
      </Typography>
      <Box>
        <DataTable
          label="Teams"
          itemsName="teams"
          columns={columns}
          rowKey={(team) => team.id}
          query={teams}
          {...pagingOf(params, update, sort)}
          empty={
            <EmptyState title={`No team matches “${params.q}”.`}>
              Team names are searched by the letters they contain, such as “pay” for team-payments.
            </EmptyState>
          }
        />
      </Box>
    </Stack>
  );
}
