import { lazy, Suspense } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { SIGNED_OUT_REASONS } from '@contract/constants';
import { LitePage, LiteSpinner } from '@/components/lite/lite-page';
import { paths, RETURN_TO_PARAM, safeReturnTo } from '@/config/paths';
import { useSetupStatus } from '@/features/auth/api/get-setup-status';
import { isExplainedReason, SIGN_IN_REASON_PARAM } from '@/features/auth/signed-out-href';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { useSignInProviders } from '@/features/auth/api/get-sign-in-providers';
import type { SignInLocationState } from '../session-guard';

// The SSO part arrives after the password form is interactive (the sign-in page's budget,
// docs/QUALITY.md); its list is asked for at once, below, so the two load side by side.
// Should its code fail to load, the page goes on without it rather than fail as a whole.
type SsoModule = typeof import('@/features/auth/components/sso-sign-in');
const nothing = () => null;
const loadSso = (): Promise<Pick<SsoModule, 'SsoSignIn' | 'SsoFailureAlert'>> =>
  import('@/features/auth/components/sso-sign-in').catch(() => ({
    SsoSignIn: nothing,
    SsoFailureAlert: nothing,
  }));
const SsoSignIn = lazy(() => loadSso().then((m) => ({ default: m.SsoSignIn })));
const SsoFailureAlert = lazy(() => loadSso().then((m) => ({ default: m.SsoFailureAlert })));

export function Component() {
  const [searchParams] = useSearchParams();
  const { state } = useLocation() as { state: SignInLocationState | null };
  const navigate = useNavigate();
  const setupStatus = useSetupStatus();
  useSignInProviders();
  const returnTo = safeReturnTo(searchParams.get(RETURN_TO_PARAM)) ?? paths.home;
  // Only the reasons the console knows are shown: the address is anyone's to write.
  const reason = searchParams.get(SIGN_IN_REASON_PARAM);
  const signedOutBecause = isExplainedReason(reason) ? SIGNED_OUT_REASONS[reason] : null;
  // Back from an SSO sign-in that did not finish: `?sso=<code>&provider=<id>`.
  const ssoFailure = searchParams.get('sso');
  const onSignedIn = () => void navigate(returnTo, { replace: true });

  // A brand-new installation has no one to sign in yet. Should the status fail to load,
  // signing in is still offered: it is the common case and the server has the last word.
  if (setupStatus.data?.needsSetup) return <Navigate to={paths.setup} replace />;

  return (
    <LitePage title="Sign in to Perimeter" documentTitle="Sign in · Perimeter">
      {setupStatus.isPending ? (
        <LiteSpinner label="Loading" />
      ) : (
        <>
          {signedOutBecause && (
            <div role="status" className="pm-alert pm-alert--info pm-notice">
              <p>{signedOutBecause} Sign in again to continue where you left off.</p>
            </div>
          )}
          {state?.sessionEnded && !signedOutBecause && (
            <div role="status" className="pm-alert pm-alert--info pm-notice">
              <p>Your session has ended. Sign in again to continue where you left off.</p>
            </div>
          )}
          {ssoFailure && (
            <Suspense fallback={null}>
              <SsoFailureAlert code={ssoFailure} providerId={searchParams.get('provider')} />
            </Suspense>
          )}
          {state?.invitationAccepted && (
            <div role="status" className="pm-alert pm-alert--info pm-notice">
              <p>Your password is set. Sign in with it to start.</p>
            </div>
          )}
          <SignInForm email={state?.invitationAccepted} onSignedIn={onSignedIn} />
          <p className="pm-text">
            <Link to={paths.forgotPassword} className="pm-link">
              Forgot your password?
            </Link>
          </p>
          <Suspense fallback={null}>
            <SsoSignIn returnTo={returnTo} onSignedIn={onSignedIn} />
          </Suspense>
        </>
      )}
    </LitePage>
  );
}
