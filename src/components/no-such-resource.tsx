import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { Page } from './page';

type NoSuchResourceProps = {
  /** `cluster`, `pipeline`. */
  noun: string;
  /** The list to go to instead, and its name. */
  listPath: string;
  listName: string;
};

/**
 * The page for a resource that does not exist and for one the person may not read alike: the
 * server answers 404 for both (P-2.9), and a malformed id in the address (422) is just as
 * absent to the person.
 */
export function NoSuchResource({ noun, listPath, listName }: NoSuchResourceProps) {
  return (
    <Page title={`No such ${noun}`}>
      <Typography>
        There is no such {noun}, or you may not see it. It may have been deleted or re-tagged, or
        the link may be mistyped.{' '}
        <Link component={RouterLink} to={listPath}>
          Go to {listName}
        </Link>
      </Typography>
    </Page>
  );
}
