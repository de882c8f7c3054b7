import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { useSecuritySettings } from '@/features/security/api/get-security-settings';
import { IdleTimeoutSection } from '@/features/security/components/idle-timeout-section';

/** The Security screen (P-3.1, administrators only): the account's idle timeout. */
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
        <IdleTimeoutSection settings={settings.data} />
      )}
    </Page>
  );
}
