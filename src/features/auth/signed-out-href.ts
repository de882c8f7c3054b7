import { paths, RETURN_TO_PARAM, safeReturnTo } from '@/config/paths';

/** `/sign-in?reason=…`: why the person was signed out (a `code` of SIGNED_OUT_REASONS). */
export const SIGN_IN_REASON_PARAM = 'reason';

/** The reasons the sign-in page explains; any other `reason` in the address is ignored. */
export const EXPLAINED_REASONS = ['session-idle', 'session-expired'] as const;
export type ExplainedReason = (typeof EXPLAINED_REASONS)[number];

/** The person chose "Sign out now" in one of their tabs: no reason to tell. */
export const SIGNED_OUT_BY_CHOICE = 'signed-out';

export function isExplainedReason(value: unknown): value is ExplainedReason {
  return EXPLAINED_REASONS.includes(value as ExplainedReason);
}

/**
 * The sign-in page for someone whose session just ended: with the reason, when there is one
 * to tell, and the place to return to.
 *
 * @example
 * navigate(signedOutHref('session-idle', '/profile?tab=tokens'));
 * // → /sign-in?reason=session-idle&returnTo=%2Fprofile%3Ftab%3Dtokens
 */
export function signedOutHref(reason: ExplainedReason | undefined, returnTo: string): string {
  const params = new URLSearchParams();
  if (reason) params.set(SIGN_IN_REASON_PARAM, reason);
  const target = safeReturnTo(returnTo);
  if (target && target !== paths.home) params.set(RETURN_TO_PARAM, target);
  const query = params.toString();
  return query ? `${paths.signIn}?${query}` : paths.signIn;
}
