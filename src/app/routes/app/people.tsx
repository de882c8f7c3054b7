import PersonAddIcon from '@mui/icons-material/PersonAdd';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { DownloadCsvButton } from '@/components/download-csv-button';
import { Page } from '@/components/page';
import { EmptyState } from '@/components/states';
import { paths } from '@/config/paths';
import { personPath, teamPath } from '@/config/links';
import { useSsoProviders } from '@/entities/sso-providers/api/get-sso-providers';
import {
  USER_LIST_FILTERS,
  USER_LIST_SORT,
  userListQuery,
  useUsers,
} from '@/entities/users/api/get-users';
import { useDownloadPeopleCsv } from '@/features/people/api/download-people-csv';
import { LazyInvitePeopleDialog } from '@/features/people/components/people-lazy';
import { PeopleFilters } from '@/features/people/components/people-filters';
import { PeopleTable } from '@/features/people/components/people-table';
import { meQueryOptions, useMe } from '@/entities/me/api/get-me';
import { useHasBeenTrue } from '@/lib/use-has-been-true';
import { pagingOf, useListParams } from '@/lib/use-list-params';

/** The People screen (P-1.1 – P-1.3): invite, list, change level and SSO provider, remove. */
export function Component() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [inviteOpen, setInviteOpen] = useState(false);
  const inviteMounted = useHasBeenTrue(inviteOpen);
  const [params, update] = useListParams({ sort: USER_LIST_SORT, filters: USER_LIST_FILTERS });
  // The URL is the person's to edit: anything unknown in it is ignored, not sent.
  const query = userListQuery(params);
  const users = useUsers(query);
  const download = useDownloadPeopleCsv();
  const providers = useSsoProviders();
  const filtered = Boolean(query.q || query.level || query.status);

  return (
    <Page title="People">
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ mb: 2, justifyContent: 'space-between', alignItems: { sm: 'center' } }}
      >
        <Typography sx={{ color: 'text.secondary', maxWidth: 720 }}>
          Everyone in {me?.account.name ?? 'this account'}. Administrators open the administration
          screens; users work with pipelines and clusters. SSO providers are set up in{' '}
          <Link component={RouterLink} to={paths.accountSettings}>
            account settings
          </Link>
          .
        </Typography>
        <Stack direction="row" spacing={2} sx={{ flexShrink: 0 }}>
          {(users.data?.total ?? 0) > 0 && (
            <DownloadCsvButton download={download} query={query} what="The people list" />
          )}
          <Button
            variant="contained"
            startIcon={<PersonAddIcon />}
            onClick={() => setInviteOpen(true)}
            sx={{ flexShrink: 0 }}
          >
            Invite people
          </Button>
        </Stack>
      </Stack>
      <PeopleFilters
        values={{ q: params.q, level: query.level, status: query.status }}
        onChange={update}
      />
      <PeopleTable
        query={users}
        paging={pagingOf(params, update, query.sort)}
        selfId={me?.id ?? ''}
        accountName={me?.account.name ?? 'the account'}
        ssoProviders={providers.data?.items ?? []}
        teamHref={teamPath}
        personHref={personPath}
        // Stepping down closes the administration screens: the shell must learn it at once.
        onChangedSelf={() => void queryClient.invalidateQueries(meQueryOptions())}
        empty={
          filtered ? (
            <EmptyState title="No one matches">
              Try another search, or clear the filters.
            </EmptyState>
          ) : (
            <EmptyState title="No people yet">Invite the people of your organisation.</EmptyState>
          )
        }
      />
      {inviteMounted && (
        <Suspense fallback={null}>
          <LazyInvitePeopleDialog open={inviteOpen} onClose={() => setInviteOpen(false)} />
        </Suspense>
      )}
    </Page>
  );
}
