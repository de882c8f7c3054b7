import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { Page } from '@/components/page';
import { paths } from '@/config/paths';
import { ClusterList } from '@/features/clusters/components/cluster-list';
import { useMe } from '@/entities/me/api/get-me';

/** The Clusters screen (P-2.1, P-2.9): the clusters the person may read, and their tags. */
export function Component() {
  // The shell loaded the signed-in person before showing any screen.
  const { data: me } = useMe();
  const isAdministrator = me?.level === 'administrator';
  return (
    <Page title="Clusters">
      <Typography sx={{ color: 'text.secondary', maxWidth: 720, mb: 2 }}>
        {isAdministrator ? (
          <>
            Every Kubernetes cluster of the account. Tags decide which access rules apply to a
            cluster: a cluster without tags is covered by the rules for untagged ones. The rules
            themselves are on the{' '}
            <Link component={RouterLink} to={paths.permissions}>
              Permissions
            </Link>{' '}
            screen.
          </>
        ) : (
          'This list shows the clusters that the rules of your teams let you see, with what you may do on each. Only administrators add clusters or change their tags.'
        )}
      </Typography>
      <ClusterList isAdministrator={isAdministrator} />
    </Page>
  );
}
