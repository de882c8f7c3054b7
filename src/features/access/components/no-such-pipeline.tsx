import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { Page } from '@/components/page';
import { paths } from '@/config/paths';

/** The page for a pipeline that does not exist and for one the person may not read alike (P-2.9). */
export function NoSuchPipeline() {
  return (
    <Page title="No such pipeline">
      <Typography>
        There is no such pipeline, or you may not see it. It may have been deleted or re-tagged, or
        the link may be mistyped.{' '}
        <Link component={RouterLink} to={paths.pipelines}>
          Go to Pipelines
        </Link>
      </Typography>
    </Page>
  );
}
