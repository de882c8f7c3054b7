import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { LitePage, LiteSpinner } from '@/components/lite/lite-page';
import { paths } from '@/config/paths';
import { useInvitation } from '@/features/auth/api/get-invitation';
import { AcceptInvitationForm } from '@/features/auth/components/accept-invitation-form';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import type { SignInLocationState } from '../session-guard';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/**
 * Where an invitation link leads (`/accept-invitation#<token>`). The token is the fragment, which
 * the browser never sends anywhere; it is read once, when the page opens.
 */
export function Component() {
  const { hash } = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => decodeURIComponent(hash.slice(1)));
  const invitation = useInvitation(token);

  const content = () => {
    if (!token) {
      return (
        <p className="pm-text">
          This page opens from the invitation link an administrator sent you. Open that link again,
          complete and unchanged, or ask them for a new one.
        </p>
      );
    }
    if (invitation.isPending) return <LiteSpinner label="Loading your invitation" />;
    if (invitation.isError) {
      const used =
        isApiError(invitation.error, 410) && invitation.error.problem.code === 'invitation-used';
      return (
        <div role="alert" className="pm-alert pm-alert--error">
          <p>{errorMessage(invitation.error)}</p>
          {used && (
            <p>
              <Link to={paths.signIn} className="pm-link">
                Go to sign-in
              </Link>
            </p>
          )}
        </div>
      );
    }
    const { email, name, accountName, expiresAt } = invitation.data;
    const accepted = () => {
      const state: SignInLocationState = { invitationAccepted: email };
      void navigate(paths.signIn, { replace: true, state });
    };
    return (
      <>
        <p className="pm-text">
          You are invited to <strong>{accountName}</strong> on Perimeter as <strong>{email}</strong>
          . Choose a password to join; the link works once, until{' '}
          {dateFormat.format(new Date(expiresAt))}.
        </p>
        <AcceptInvitationForm token={token} name={name} onAccepted={accepted} />
      </>
    );
  };

  return (
    <LitePage title="Accept your invitation" documentTitle="Accept invitation · Perimeter">
      {content()}
    </LitePage>
  );
}
