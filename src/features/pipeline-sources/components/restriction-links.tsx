import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Link as RouterLink } from 'react-router';
import { MAX_PAGE_SIZE } from '@contract/pagination';
import { ErrorState, LoadingState } from '@/components/states';
import { paths } from '@/config/paths';
import { gitProviderRestrictionsPath } from '@/config/links';
import { useGitProviders } from '@/entities/git-providers/api/get-git-providers';

/**
 * Where the restrictions of git definitions are set (P-4.3): a link to each git provider's
 * restrictions, for the Pipeline sources screen, which decides whether git definitions are
 * allowed at all but not which repositories, branches and files.
 */
export function RestrictionLinks() {
  const headingId = useId();
  const providers = useGitProviders({ page: 1, pageSize: MAX_PAGE_SIZE });
  const integrations = (
    <Link component={RouterLink} to={paths.integrations}>
      Integrations
    </Link>
  );

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2} sx={{ maxWidth: 720 }}>
      <Typography id={headingId} variant="h6" component="h2">
        Restrictions of git definitions
      </Typography>
      <Typography>
        Which repositories, branches and files a git definition may come from is set for each git
        provider.
      </Typography>
      {providers.isPending ? (
        <LoadingState label="Loading the git providers" />
      ) : providers.isError ? (
        <ErrorState
          title="The git providers could not be loaded."
          error={providers.error}
          onRetry={() => void providers.refetch()}
        />
      ) : providers.data.total === 0 ? (
        <Typography sx={{ color: 'text.secondary' }}>
          No git providers yet: add one in {integrations}.
        </Typography>
      ) : (
        <>
          <Stack component="ul" spacing={1} sx={{ m: 0, pl: 3 }}>
            {providers.data.items.map((provider) => (
              <li key={provider.id}>
                <Link component={RouterLink} to={gitProviderRestrictionsPath(provider.id)}>
                  Restrictions of {provider.name}
                </Link>
              </li>
            ))}
          </Stack>
          {providers.data.total > providers.data.items.length && (
            <Typography>
              {providers.data.total - providers.data.items.length} more in {integrations}.
            </Typography>
          )}
        </>
      )}
    </Stack>
  );
}
