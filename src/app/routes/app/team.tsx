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
import { useTeamRules } from '@/entities/rules/api/get-team-rules';
import { EffectiveAccessMatrix } from '@/entities/access/components/effective-access-matrix';
import { RuleSentence } from '@/features/access-rules/components/rule-sentence';
import { ErrorState, LoadingState } from '@/components/states';
import { isApiError } from '@/lib/api/api-error';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';

function TeamsBreadcrumb({ current }: { current: string }) {
  return <PageBreadcrumbs trail={[{ label: 'Teams', to: paths.teams }]} current={current} />;
}

/** The team's rules, as the Permissions screen says them. */
function TeamRules({ team }: { team: Team }) {
  const rules = useTeamRules(team.id);
  if (!rules.data) {
    return rules.error ? (
      <ErrorState
        title="The team’s rules could not be loaded."
        error={rules.error}
        onRetry={() => void rules.refetch()}
      />
    ) : (
      <LoadingState label="Loading the team’s rules" />
    );
  }
  const { items, total } = rules.data;
  if (items.length === 0) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        No rule is written for this team: it grants nothing of its own.{' '}
        <Link component={RouterLink} to={paths.permissions}>
          Write one in Permissions
        </Link>
        .
      </Typography>
    );
  }
  return (
    <Stack spacing={1}>
      <Stack
        component="ul"
        aria-label={`Rules written for ${team.name}`}
        spacing={1.5}
        sx={{ m: 0, pl: 0 }}
      >
        {items.map((rule) => (
          <Stack
            component="li"
            key={rule.id}
            direction="row"
            spacing={2}
            sx={{ listStyle: 'none' }}
          >
            <Typography variant="body2" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
              Rule {rule.number}
            </Typography>
            <RuleSentence rule={rule} />
          </Stack>
        ))}
      </Stack>
      {total > items.length && (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          And {total - items.length} more: see them all in{' '}
          <Link component={RouterLink} to={paths.permissions}>
            Permissions
          </Link>
          .
        </Typography>
      )}
    </Stack>
  );
}

/** Issue 20: "what this team grants": its rules, and the matrix of what they grant. */
function TeamGrants({ team }: { team: Team }) {
  const headingId = useId();
  const admins = team.builtIn && team.name === 'admins';
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        What this team grants
      </Typography>
      {admins ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Its members are the administrators: they hold every privilege on every pipeline and
          cluster, and no rule is written for them.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            What this team’s own rules grant its members; they may hold more through the rules of
            their other teams. Hover over or focus a mark for the rule that grants it.
          </Typography>
          <TeamRules team={team} />
        </>
      )}
      <EffectiveAccessMatrix key={team.id} subject={{ teamId: team.id, name: team.name }} />
    </Stack>
  );
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
      <TeamGrants team={team} />
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
      <TeamGrants team={team} />
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
