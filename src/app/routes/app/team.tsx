import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import type { Team } from '@contract/teams';
import { Page } from '@/components/page';
import { NotLoadedState } from '@/components/states';
import { paths } from '@/config/paths';
import { AddTeamMembers } from '@/features/teams/components/add-team-members';
import { DeleteTeamButton } from '@/features/teams/components/delete-team-button';
import { RenameTeamForm } from '@/features/teams/components/rename-team-form';
import { TeamBuiltInNotice } from '@/features/teams/components/team-built-in-notice';
import { providerNames, TeamManagedNotice } from '@/features/teams/components/team-managed-notice';
import { TeamMembers } from '@/features/teams/components/team-members';
import { useTeam } from '@/entities/teams/api/get-team';
import { isApiError } from '@/lib/api/api-error';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function TeamsBreadcrumb({ current }: { current: string }) {
  return <PageBreadcrumbs trail={[{ label: 'Teams', to: paths.teams }]} current={current} />;
}

function CustomTeam({ team }: { team: Team }) {
  const navigate = useNavigate();
  const nameHeadingId = useId();
  const deleteHeadingId = useId();
  const managedId = useId();
  const managed = team.managedBy.length > 0;
  return (
    <Stack spacing={4} divider={<Divider flexItem />} sx={{ maxWidth: 960 }}>
      <Stack component="section" aria-labelledby={nameHeadingId} spacing={2}>
        <Typography id={nameHeadingId} variant="h6" component="h2">
          Name
        </Typography>
        <RenameTeamForm team={team} />
      </Stack>
      <TeamMembers
        team={team}
        addPeople={
          managed ? (
            <TeamManagedNotice id={managedId} team={team} />
          ) : (
            <AddTeamMembers team={team} />
          )
        }
        lockedReasonId={managed ? managedId : undefined}
      />
      <Stack
        component="section"
        aria-labelledby={deleteHeadingId}
        spacing={2}
        sx={{ alignItems: 'flex-start' }}
      >
        <Typography id={deleteHeadingId} variant="h6" component="h2">
          Delete this team
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Its people stay in the account; only the team goes.
        </Typography>
        <DeleteTeamButton team={team} onDeleted={() => void navigate(paths.teams)} />
      </Stack>
    </Stack>
  );
}

function BuiltInTeam({ team }: { team: Team }) {
  return (
    <Stack spacing={4} sx={{ maxWidth: 960 }}>
      <TeamBuiltInNotice team={team} />
      <TeamMembers team={team} />
    </Stack>
  );
}

/** One team: its name, its members, and (unless it is built in) renaming and deleting it. */
export function Component() {
  const { teamId = '' } = useParams();
  const team = useTeam(teamId);

  // A team on screen stays there while a refresh fails (or while it is being deleted).
  if (team.data) {
    const members = team.data.memberCount;
    return (
      <>
        <TeamsBreadcrumb current={team.data.name} />
        <Page title={team.data.name}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: -2, mb: 3 }}>
            {team.data.builtIn && <Chip label="Built-in" size="small" variant="outlined" />}
            {team.data.managedBy.length > 0 && (
              <Chip
                label={`Synced from ${providerNames(team.data.managedBy)}`}
                size="small"
                variant="outlined"
              />
            )}
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>
              {members === 1 ? '1 member' : `${members.toLocaleString()} members`}
            </Typography>
          </Stack>
          {team.data.builtIn ? (
            <BuiltInTeam key={team.data.id} team={team.data} />
          ) : (
            <CustomTeam key={team.data.id} team={team.data} />
          )}
        </Page>
      </>
    );
  }

  // A malformed id in the address is refused with 422: to the person, the team is just not there.
  if (isApiError(team.error, 404) || isApiError(team.error, 422)) {
    return (
      <Page title="No such team">
        <Typography>
          There is no team at this address. It may have been deleted, or the link may be mistyped.{' '}
          <Link component={RouterLink} to={paths.teams}>
            Go to Teams
          </Link>
        </Typography>
      </Page>
    );
  }

  return (
    <>
      <TeamsBreadcrumb current="Team" />
      <Page title="Team">
        <NotLoadedState what="the team" error={team.error} onRetry={() => void team.refetch()} />
      </Page>
    </>
  );
}
