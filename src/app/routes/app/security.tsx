import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { useSecuritySettings } from '@/features/security/api/get-security-settings';
import { AccountApiTokensSection } from '@/features/security/components/account-api-tokens-section';
import { IdleTimeoutSection } from '@/features/security/components/idle-timeout-section';
import { SignEveryoneOutSection } from '@/features/security/components/sign-everyone-out-section';

/**
 * The Security screen (P-3.1, administrators only): the account's idle timeout, signing
 * everyone else out, and every API token of the account (issue 20).
 */
export function Component() {
  const settings = useSecuritySettings();
  return (
    <Page title="Security">
      {settings.isPending ? (
        <LoadingState label="Loading the security settings" />
      ) : settings.isError ? (
        <ErrorState
          title="The security settings could not be loaded."
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <Stack spacing={4} divider={<Divider flexItem />}>
          <IdleTimeoutSection settings={settings.data} />
          <SignEveryoneOutSection />
          <AccountApiTokensSection />
        </Stack>
      )}
    </Page>
  );
}
