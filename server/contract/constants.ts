// Plain values of the contract, in a module without zod: the sign-in page needs a few of them
// and cannot afford to load zod before it is interactive (the size budget).

export const SESSION_COOKIE = 'perimeter_session';
export const CSRF_COOKIE = 'perimeter_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export const PASSWORD_MIN_LENGTH = 12;
export const API_TOKEN_MAX_DAYS = 365;

/** `code` of a 401 problem, so the sign-in page can say why the person was signed out. */
export const SIGNED_OUT_REASONS = {
  'session-idle': 'You were signed out after a period of inactivity.',
  'session-expired': 'Your session reached its maximum length. Sign in again.',
  unauthenticated: 'Sign in to continue.',
} as const;
export type SignedOutReason = keyof typeof SIGNED_OUT_REASONS;

/**
 * Where an invitation link points: the token travels in the fragment (`#…`), which browsers
 * never send to a server, so it stays out of access logs, proxies and Referer headers.
 */
export const ACCEPT_INVITATION_PATH = '/accept-invitation';

/** Where a password-reset link points; like an invitation link, the token is in the fragment. */
export const RESET_PASSWORD_PATH = '/reset-password';

/** How long a password-reset link works: long enough to open a mail, short enough to go stale. */
export const PASSWORD_RESET_HOURS = 24;

/** P-3.1: the account's idle timeout is at least 15 minutes and at most 30 days. */
export const IDLE_TIMEOUT_MIN_MINUTES = 15;
export const IDLE_TIMEOUT_MAX_MINUTES = 30 * 24 * 60;
