import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useRef, type ReactNode } from 'react';
import type { Team } from '@contract/teams';
import { USER_SORTS, type User, type UserSort } from '@contract/users';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { SearchField } from '@/components/search-field';
import { EmptyState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useUpdateTeam } from '../api/update-team';
import { useUsers } from '@/entities/users/api/get-users';

const isUserSort = (sort: string): sort is UserSort =>
  (USER_SORTS as readonly string[]).includes(sort);

const LEVELS: Record<User['level'], string> = { user: 'User', administrator: 'Administrator' };

type TeamMembersProps = {
  team: Pick<Team, 'id' | 'name' | 'builtIn'>;
  /** Above the list: how to add people, for a team whose members can be chosen. */
  addPeople?: ReactNode;
  /**
   * The id of the sentence that says why members cannot be removed by hand (a team that
   * follows identity-provider groups): the Remove buttons stay, disabled, described by it.
   */
  lockedReasonId?: string;
};

/**
 * The members of a team, searched, sorted and paged by the server (the search, sort and page
 * live in the URL). Each member of a team that is not built in can be removed from their row.
 */
export function TeamMembers({ team, addPeople, lockedReasonId }: TeamMembersProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [params, update] = useListParams({ sort: 'name' });
  const sort = isUserSort(params.sort) ? params.sort : 'name';
  const members = useUsers({
    teamId: team.id,
    q: params.q || undefined,
    page: params.page,
    pageSize: params.pageSize,
    sort,
  });
  const change = useUpdateTeam();
  const editable = !team.builtIn;

  // Removing is immediate, with Undo on the confirmation, rather than behind a dialog: it is
  // easily reversed, and the person stays in the account with all their other teams. (When
  // access rules arrive with issue 4, removal may take access away; Undo still restores it.)
  const removeMember = (person: User) => {
    change.mutate(
      { id: team.id, change: { removeMemberIds: [person.id] } },
      {
        onSuccess: () => {
          // The row and its button are gone: keep focus in the section rather than lose it.
          headingRef.current?.focus();
          toast.success(`${person.name} removed from ${team.name}`, {
            label: 'Undo',
            onClick: () =>
              change.mutate(
                { id: team.id, change: { addMemberIds: [person.id] } },
                {
                  onSuccess: () => toast.success(`${person.name} is back in ${team.name}`),
                  onError: (error) =>
                    toast.error(
                      `${person.name} could not be put back in ${team.name}: ${errorMessage(error)}`,
                    ),
                },
              ),
          });
        },
        onError: (error) =>
          toast.error(`${person.name} not removed from ${team.name}: ${errorMessage(error)}`),
      },
    );
  };

  const removing = (person: User) =>
    change.isPending && (change.variables.change.removeMemberIds ?? []).includes(person.id);

  const columns: DataTableColumn<User>[] = [
    {
      id: 'name',
      label: 'Name',
      sortKey: 'name',
      rowHeader: true,
      render: (person) => person.name,
    },
    { id: 'email', label: 'Email', sortKey: 'email', render: (person) => person.email },
    { id: 'level', label: 'Level', sortKey: 'level', render: (person) => LEVELS[person.level] },
  ];
  if (editable) {
    columns.push({
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (person) => (
        <Button
          size="small"
          color="error"
          aria-label={`Remove ${person.name} from ${team.name}`}
          loading={removing(person)}
          disabled={lockedReasonId !== undefined}
          aria-describedby={lockedReasonId}
          onClick={() => removeMember(person)}
        >
          Remove
        </Button>
      ),
    });
  }

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography
        id={headingId}
        ref={headingRef}
        tabIndex={-1}
        variant="h6"
        component="h2"
        sx={{ '&:focus': { outline: 'none' } }}
      >
        Members
      </Typography>
      {addPeople}
      {/* In a box of its own, so that the column does not stretch it across the page. */}
      <Box>
        <SearchField label="Search members" value={params.q} onSearch={(q) => update({ q })} />
      </Box>
      <DataTable
        label={`Members of ${team.name}`}
        itemsName="members"
        columns={columns}
        rowKey={(person) => person.id}
        query={members}
        {...pagingOf(params, update, sort)}
        empty={
          params.q ? (
            <EmptyState title={`No member of ${team.name} matches “${params.q}”.`}>
              Names and email addresses are searched.
            </EmptyState>
          ) : (
            <EmptyState title={`${team.name} has no members yet.`}>
              {editable && !lockedReasonId ? 'Add people above.' : null}
            </EmptyState>
          )
        }
      />
    </Stack>
  );
}
