import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router';
import type { Team } from '@contract/teams';
import { paths } from '@/config/paths';

/**
 * Why a built-in team cannot be edited here (P-1.5), and where its membership is changed
 * instead: `users` holds everyone in the account, `admins` every administrator.
 */
export function TeamBuiltInNotice({ team }: { team: Pick<Team, 'name'> }) {
  const admins = team.name === 'admins';
  return (
    <Alert severity="info">
      <strong>{team.name}</strong> is a built-in team: its members follow from the people of the
      account, so they cannot be added or removed here, and the team cannot be renamed or deleted.{' '}
      {admins
        ? 'Every administrator is a member. To change who is in it, change a person’s access level on the '
        : 'Everyone in the account is a member. To change who is in it, invite or remove people on the '}
      <Link component={RouterLink} to={paths.people}>
        People screen
      </Link>
      .
    </Alert>
  );
}
