import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router';
import type { Team } from '@contract/teams';
import { paths } from '@/config/paths';

/** "Okta", "Okta and Corporate directory", "Okta, ADFS and Corporate directory". */
export function providerNames(providers: Team['managedBy']): string {
  const names = providers.map((provider) => provider.name);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

type TeamManagedNoticeProps = { id: string; team: Pick<Team, 'name' | 'managedBy'> };

/**
 * Why the members of a team mapped to identity-provider groups cannot be changed here: each
 * sign-in through the provider (and an LDAP sync) adds and removes them to follow the groups,
 * and the server refuses manual changes (409 `team-managed`).
 */
export function TeamManagedNotice({ id, team }: TeamManagedNoticeProps) {
  return (
    <Alert id={id} severity="info">
      Members follow groups in {providerNames(team.managedBy)} (group mappings): people join and
      leave <strong>{team.name}</strong> as they sign in through the provider, so they cannot be
      added or removed here. To change who is in it, change their groups at the identity provider,
      or the group mappings in{' '}
      <Link component={RouterLink} to={paths.accountSettings}>
        Account settings
      </Link>
      .
    </Alert>
  );
}
