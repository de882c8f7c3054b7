import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { paths } from '@/config/paths';
import { useGitProvider } from '@/entities/git-providers/api/get-git-provider';
import { useRestrictions } from '@/features/integrations/api/get-restrictions';
import { RestrictionsEditor } from '@/features/integrations/components/restrictions-editor';

/**
 * The restrictions of one git provider (P-4.3 to P-4.5), administrators only: a page of its own,
 * lazily loaded, because its patterns are checked in the browser by RE2 (re2js), which no other
 * screen needs.
 */
export function Component() {
  const { gitProviderId = '' } = useParams();
  const provider = useGitProvider(gitProviderId);
  const restrictions = useRestrictions(gitProviderId);
  const title = provider.data ? `Restrictions of ${provider.data.name}` : 'Restrictions';

  return (
    <Page title={title}>
      <Typography sx={{ mb: 3 }}>
        <Link component={RouterLink} to={paths.integrations}>
          Back to Integrations
        </Link>
      </Typography>
      {provider.isPending || restrictions.isPending ? (
        <LoadingState label="Loading the restrictions" />
      ) : provider.isError ? (
        <ErrorState
          title="The git provider could not be loaded."
          error={provider.error}
          onRetry={() => void provider.refetch()}
        />
      ) : restrictions.isError ? (
        <ErrorState
          title="The restrictions could not be loaded."
          error={restrictions.error}
          onRetry={() => void restrictions.refetch()}
        />
      ) : (
        <RestrictionsEditor
          provider={provider.data}
          restrictions={restrictions.data}
          reload={() => restrictions.refetch()}
        />
      )}
    </Page>
  );
}
