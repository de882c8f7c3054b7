import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PAGES_BEFORE_SIGN_IN, signInHref } from '@/config/paths';
import { meKeys } from '@/features/profile/api/me-keys';
import { onSessionEnded } from '@/lib/api/client';

/**
 * What the sign-in page is told: that a session ended under the person's feet, or that they
 * have just accepted an invitation (with which address, to fill it in).
 */
export type SignInLocationState = { sessionEnded?: boolean; invitationAccepted?: string };

/**
 * Sends the person to sign-in whenever the API says the session is gone, remembering where
 * they were so that signing in brings them back.
 */
export function SessionGuard() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  const sendToSignIn = useEffectEvent(() => {
    const { pathname, search, hash } = location;
    if (PAGES_BEFORE_SIGN_IN.includes(pathname)) return;
    // Someone who never got in was not "signed out"; only a lost session deserves the notice.
    const wasSignedIn = queryClient.getQueryData(meKeys.profile()) !== undefined;
    const state: SignInLocationState = { sessionEnded: wasSignedIn };
    void navigate(signInHref(`${pathname}${search}${hash}`), { replace: true, state });
  });

  useEffect(() => onSessionEnded(() => sendToSignIn()), []);

  return null;
}
