import { useState } from 'react';
import { Link } from 'react-router';
import { LitePage, LiteSpinner } from '@/components/lite/lite-page';
import { paths } from '@/config/paths';
import { useSetupStatus } from '@/features/auth/api/get-setup-status';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';

/**
 * "Forgot your password?": a reset link by mail when the server can send mail; otherwise the
 * way is an administrator, who issues one on the People screen.
 */
export function Component() {
  const setupStatus = useSetupStatus();
  const [sent, setSent] = useState<string>();

  const content = () => {
    if (setupStatus.isPending) return <LiteSpinner label="Loading" />;
    if (!setupStatus.data?.passwordResetByMail) {
      return (
        <p className="pm-text">
          This Perimeter does not send mail. Ask an administrator of your account for a password
          reset link: they can issue one on the People screen.
        </p>
      );
    }
    if (sent) {
      return (
        <div role="status" className="pm-alert pm-alert--info pm-notice">
          <p>{sent}</p>
        </div>
      );
    }
    return (
      <>
        <p className="pm-text">
          Enter the email address you sign in with, and we will mail you a link to choose a new
          password.
        </p>
        <ForgotPasswordForm onSent={setSent} />
      </>
    );
  };

  return (
    <LitePage title="Reset your password" documentTitle="Forgot password · Perimeter">
      {content()}
      <p className="pm-text">
        <Link to={paths.signIn} className="pm-link">
          Back to sign-in
        </Link>
      </p>
    </LitePage>
  );
}
