import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { LitePage } from '@/components/lite/lite-page';
import { paths } from '@/config/paths';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';

/**
 * Where a password-reset link leads (`/reset-password#<token>`). Like an invitation link, the
 * token is the fragment, which the browser never sends anywhere; it is read once, when the page
 * opens. Whether the link is still good is only known when the password is sent: the server
 * then answers with a sentence to show.
 */
export function Component() {
  const { hash } = useLocation();
  const [token] = useState(() => decodeURIComponent(hash.slice(1)));
  const [done, setDone] = useState(false);

  const content = () => {
    if (!token) {
      return (
        <p className="pm-text">
          This page opens from the password-reset link you were given. Open that link again,
          complete and unchanged, or ask an administrator of your account for a new one.
        </p>
      );
    }
    if (done) {
      return (
        <div role="status" className="pm-text">
          <p>Your new password is set, and every session that used the old one has ended.</p>
          <p>
            <Link to={paths.signIn} className="pm-link">
              Go to sign-in
            </Link>
          </p>
        </div>
      );
    }
    return (
      <>
        <p className="pm-text">
          Choose a new password for your Perimeter account. The link works once.
        </p>
        <ResetPasswordForm token={token} onReset={() => setDone(true)} />
      </>
    );
  };

  return (
    <LitePage title="Choose a new password" documentTitle="Reset password · Perimeter">
      {content()}
    </LitePage>
  );
}
