import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { Page } from '@/components/page';
import { paths } from '@/config/paths';

export function Component() {
  return (
    <Page title="Page not found">
      <Typography>
        There is no page at this address. It may have moved, or the link may be mistyped.{' '}
        <Link component={RouterLink} to={paths.home}>
          Go to the start page
        </Link>
      </Typography>
    </Page>
  );
}
