import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PAGES_BEFORE_SIGN_IN, signInHref } from '@/config/paths';
import {
  isExplainedReason,
  SIGNED_OUT_BY_CHOICE,
  signedOutHref,
} from '@/features/auth/signed-out-href';
import { meKeys } from '@/entities/me/api/me-keys';
import { onSessionEnded } from '@/lib/api/client';

/**
 * What the sign-in page is told: that a session ended under the person's feet, or that they
 * have just accepted an invitation (with which address, to fill it in).
 */
export type SignInLocationState = { sessionEnded?: boolean; invitationAccepted?: string };

/**
 * Sends the person to sign-in whenever the API says the session is gone (or the idle timer
 * decides it, through `announceSessionEnded`), remembering where they were so that signing in
 * brings them back, and why, when there is a reason to tell (idle, expired).
 */
export function SessionGuard() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  /** The page already left for sign-in: the 401s still arriving from it change nothing. */
  const leftFrom = useRef<string>(undefined);

  const sendToSignIn = useEffectEvent((code: string | undefined) => {
    const { pathname, search, hash, key } = location;
    if (PAGES_BEFORE_SIGN_IN.includes(pathname) || leftFrom.current === key) return;
    leftFrom.current = key;
    const here = `${pathname}${search}${hash}`;
    // Idle or too old: the sign-in page says so (P-3.2), whichever tab or request learnt it.
    if (isExplainedReason(code)) {
      void navigate(signedOutHref(code, here), { replace: true });
      return;
    }
    if (code === SIGNED_OUT_BY_CHOICE) {
      void navigate(signedOutHref(undefined, here), { replace: true });
      return;
    }
    // Someone who never got in was not "signed out"; only a lost session deserves the notice.
    const wasSignedIn = queryClient.getQueryData(meKeys.profile()) !== undefined;
    const state: SignInLocationState = { sessionEnded: wasSignedIn };
    void navigate(signInHref(here), { replace: true, state });
  });

  useEffect(() => onSessionEnded((code) => sendToSignIn(code)), []);

  return null;
}
