import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { useAccountSettings } from '@/features/account/api/get-account-settings';
import { AccountDetails } from '@/features/account/components/account-details';
import { InvitationSettings } from '@/features/account/components/invitation-settings';
import { SsoProvidersSection } from '@/features/account/components/sso-providers-section';

/**
 * The account's settings: its name and plan, whom it may invite and how, and its SSO
 * providers. The SSO providers load on their own, so either part works if the other fails.
 */
export function Component() {
  const settings = useAccountSettings();
  return (
    <Page title="Account settings">
      <Stack spacing={4} divider={<Divider flexItem />} sx={{ maxWidth: 960 }}>
        {settings.isPending ? (
          <LoadingState label="Loading the account settings" />
        ) : settings.isError ? (
          <ErrorState
            title="The account settings could not be loaded."
            error={settings.error}
            onRetry={() => void settings.refetch()}
          />
        ) : (
          <AccountDetails settings={settings.data} />
        )}
        {settings.isSuccess && <InvitationSettings settings={settings.data} />}
        <SsoProvidersSection />
      </Stack>
    </Page>
  );
}
