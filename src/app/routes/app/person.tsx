import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import type { User } from '@contract/users';
import { DetailList } from '@/components/detail-list';
import { Page } from '@/components/page';
import { PageBreadcrumbs } from '@/components/page-breadcrumbs';
import { NotLoadedState } from '@/components/states';
import { paths } from '@/config/paths';
import { teamPath } from '@/config/links';
import { EffectiveAccessMatrix } from '@/entities/access/components/effective-access-matrix';
import { useUser } from '@/entities/users/api/get-user';
import { isApiError } from '@/lib/api/api-error';

function PeopleBreadcrumb({ current }: { current: string }) {
  return <PageBreadcrumbs trail={[{ label: 'People', to: paths.people }]} current={current} />;
}

function PersonDetails({ person }: { person: User }) {
  // The teams chosen for the person first, then the built-in ones, as the People list shows them.
  const teams = [
    ...person.teams.filter((team) => !team.builtIn),
    ...person.teams.filter((team) => team.builtIn),
  ];
  return (
    <DetailList aria-label="About this person">
      <dt>Email</dt>
      <dd>{person.email}</dd>
      <dt>Access level</dt>
      <dd>{person.level === 'administrator' ? 'Administrator' : 'User'}</dd>
      <dt>Status</dt>
      <dd>{person.status === 'active' ? 'Active' : 'Invited'}</dd>
      <dt>Teams</dt>
      <dd>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
          {teams.map((team) => (
            <Link key={team.id} component={RouterLink} to={teamPath(team.id)} underline="hover">
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
      </dd>
    </DetailList>
  );
}

/** One person: who they are, their teams, and everything they can do (issue 20). */
export function Component() {
  const { userId = '' } = useParams();
  const person = useUser(userId);
  const headingId = useId();

  if (person.data) {
    const { data } = person;
    return (
      <>
        <PeopleBreadcrumb current={data.name} />
        <Page title={data.name}>
          <Stack spacing={4} sx={{ maxWidth: 1100 }}>
            <PersonDetails person={data} />
            <Stack component="section" aria-labelledby={headingId} spacing={2}>
              <Typography id={headingId} variant="h6" component="h2">
                Effective permissions
              </Typography>
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                {data.level === 'administrator'
                  ? `${data.name} is an administrator: administrators hold every privilege on every pipeline and cluster, and no rule is written for them.`
                  : `What ${data.name} can do on each pipeline and cluster, through the rules of their teams. Hover over or focus a mark for the rule that grants it.`}
              </Typography>
              <EffectiveAccessMatrix key={data.id} subject={{ userId: data.id, name: data.name }} />
            </Stack>
          </Stack>
        </Page>
      </>
    );
  }

  // A malformed id in the address is refused with 422: to the person, it is just not there.
  if (isApiError(person.error, 404) || isApiError(person.error, 422)) {
    return (
      <Page title="No such person">
        <Typography>
          There is no one at this address. They may have been removed, or the link may be mistyped.{' '}
          <Link component={RouterLink} to={paths.people}>
            Go to People
          </Link>
        </Typography>
      </Page>
    );
  }

  return (
    <>
      <PeopleBreadcrumb current="Person" />
      <Page title="Person">
        <NotLoadedState
          what="the person"
          error={person.error}
          onRetry={() => void person.refetch()}
        />
      </Page>
    </>
  );
}
