import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Outlet, Link as RouterLink } from 'react-router';
import { Page } from '@/components/page';
import { paths } from '@/config/paths';
import { useMe } from '@/entities/me/api/get-me';
import { useScreenTitle } from './screen-handle';

/**
 * The administration screens, for administrators. Others are told why they cannot use the
 * screen; the server refuses its API to them regardless (P-1.4).
 */
export function Component() {
  const { data: me } = useMe();
  const screen = useScreenTitle();

  if (me?.level === 'administrator') return <Outlet />;

  return (
    <Page title="Administrators only">
      <Typography sx={{ mb: 2 }}>
        {screen ? `The ${screen} screen belongs` : 'This screen belongs'} to the account's
        administration, which only administrators can open. Your access level is user, so Perimeter
        refuses these requests, whether they come from this page or from the API.
      </Typography>
      <Typography>
        If you need something changed here, ask one of your account's administrators.{' '}
        <Link component={RouterLink} to={paths.pipelines}>
          Go to Pipelines
        </Link>
      </Typography>
    </Page>
  );
}
