import { Navigate, useNavigate } from 'react-router';
import { LitePage, LiteSpinner } from '@/components/lite/lite-page';
import { paths } from '@/config/paths';
import { useSetupStatus } from '@/features/auth/api/get-setup-status';
import { SetupForm } from '@/features/auth/components/setup-form';
import { errorMessage } from '@/lib/api/api-error';

export function Component() {
  const navigate = useNavigate();
  const setupStatus = useSetupStatus();

  if (setupStatus.data?.needsSetup === false) return <Navigate to={paths.signIn} replace />;

  return (
    <LitePage title="Create the first administrator" documentTitle="Set up · Perimeter">
      {setupStatus.isPending ? (
        <LiteSpinner label="Loading" />
      ) : setupStatus.isError ? (
        <div role="alert" className="pm-alert pm-alert--error">
          <p>Perimeter could not tell whether it is set up. {errorMessage(setupStatus.error)}</p>
          <p>
            <button type="button" className="pm-button" onClick={() => void setupStatus.refetch()}>
              Try again
            </button>
          </p>
        </div>
      ) : (
        <>
          <p className="pm-text">
            This account has no one in it yet. The first person becomes its administrator and can
            then invite everyone else.
          </p>
          <SetupForm
            setupTokenRequired={setupStatus.data.setupTokenRequired}
            onCreated={() => void navigate(paths.home, { replace: true })}
          />
        </>
      )}
    </LitePage>
  );
}
