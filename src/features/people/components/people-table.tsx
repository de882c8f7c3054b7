import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { ReactNode } from 'react';
import type { User } from '@contract/users';
import { DataTable, type DataTableColumn, type PageQuery } from '@/components/data-table';
import type { ListPaging } from '@/lib/use-list-params';
import { AccessLevelSelect } from './access-level-select';
import { invitationState } from './person-labels';
import { PersonActions } from './person-actions';
import { SsoProviderSelect } from './sso-provider-select';

type PeopleTableProps = {
  query: PageQuery<User>;
  paging: ListPaging;
  /** The signed-in administrator's id, to mark their own row. */
  selfId: string;
  accountName: string;
  ssoProviders: { id: string; name: string }[];
  /** The path of a team's page. */
  teamHref: (teamId: string) => string;
  /** The path of a person's page. */
  personHref: (userId: string) => string;
  onChangedSelf: () => void;
  empty: ReactNode;
};

/**
 * How a person assigned to a provider signs in: only through it, except an administrator, who
 * keeps a password as a way in should the provider fail (the server refuses the others'
 * password sign-in and password-reset links).
 */
export function signsInThrough(person: Pick<User, 'level' | 'ssoProvider'>): string {
  const name = person.ssoProvider?.name ?? '';
  return person.level === 'administrator'
    ? `Signs in through ${name}; keeps a password as an administrator`
    : `Signs in through ${name}, not with a password`;
}

/** The people of the account, a page at a time, each row editable in place. */
export function PeopleTable({
  query,
  paging,
  selfId,
  accountName,
  ssoProviders,
  teamHref,
  personHref,
  onChangedSelf,
  empty,
}: PeopleTableProps) {
  const columns: DataTableColumn<User>[] = [
    {
      id: 'name',
      label: 'Name',
      sortKey: 'name',
      rowHeader: true,
      render: (person) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Link component={RouterLink} to={personHref(person.id)}>
            {person.name}
          </Link>
          {person.id === selfId && <Chip label="You" size="small" variant="outlined" />}
        </Stack>
      ),
    },
    { id: 'email', label: 'Email', sortKey: 'email', render: (person) => person.email },
    {
      id: 'level',
      label: 'Access level',
      sortKey: 'level',
      render: (person) => (
        <AccessLevelSelect
          person={person}
          isSelf={person.id === selfId}
          onChangedSelf={onChangedSelf}
        />
      ),
    },
    {
      id: 'sso',
      label: 'SSO provider',
      render: (person) => (
        <Stack sx={{ alignItems: 'flex-start' }}>
          <SsoProviderSelect person={person} providers={ssoProviders} />
          {person.ssoProvider && (
            <Typography variant="caption" sx={{ color: 'text.secondary' }}>
              {signsInThrough(person)}
            </Typography>
          )}
        </Stack>
      ),
    },
    {
      id: 'status',
      label: 'Status',
      sortKey: 'status',
      render: (person) =>
        person.status === 'active' ? (
          'Active'
        ) : (
          <Stack>
            <span>Invited</span>
            {person.invitation && (
              <Typography
                variant="caption"
                sx={{ color: person.invitation.expired ? 'error.main' : 'text.secondary' }}
              >
                {invitationState(person.invitation)}
              </Typography>
            )}
          </Stack>
        ),
    },
    {
      id: 'teams',
      label: 'Teams',
      render: (person) => {
        // Everyone is in a built-in team, so "None" was never true: the teams chosen for the
        // person come first, then the built-in ones (outlined), which follow from the level.
        const teams = [
          ...person.teams.filter((team) => !team.builtIn),
          ...person.teams.filter((team) => team.builtIn),
        ];
        return teams.length === 0 ? (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            None
          </Typography>
        ) : (
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
            {teams.map((team) => (
              <Link key={team.id} component={RouterLink} to={teamHref(team.id)} underline="hover">
                <Chip
                  label={team.name}
                  size="small"
                  variant={team.builtIn ? 'outlined' : 'filled'}
                  component="span"
                  sx={{ cursor: 'pointer' }}
                />
              </Link>
            ))}
          </Stack>
        );
      },
    },
    {
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (person) => (
        <PersonActions person={person} isSelf={person.id === selfId} accountName={accountName} />
      ),
    },
  ];

  return (
    <DataTable
      label="People"
      itemsName="people"
      columns={columns}
      rowKey={(person) => person.id}
      query={query}
      empty={empty}
      {...paging}
    />
  );
}
