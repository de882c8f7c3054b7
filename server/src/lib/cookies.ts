import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../contract/constants';
import { trustedForwardedHeader } from './client-address';
import type { AppEnv } from './context';

function isSecure(c: Context<AppEnv>): boolean {
  const { env } = c.var.deps;
  if (env.COOKIE_SECURE) return true;
  if (trustedForwardedHeader(c, 'x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * The cookies belong to the console's path (BASE_PATH), so that other applications on the same
 * host behind the proxy never receive them.
 */
function cookiePath(c: Context<AppEnv>): string {
  return c.var.deps.env.BASE_PATH || '/';
}

/**
 * The session cookie is httpOnly and lives as long as the browser session: the server ends it
 * sooner on idleness or at its absolute lifetime. The CSRF cookie is readable by the SPA, which
 * echoes it in `X-CSRF-Token`.
 */
export function setSessionCookies(c: Context<AppEnv>, sessionToken: string, csrfToken: string) {
  const secure = isSecure(c);
  const path = cookiePath(c);
  setCookie(c, SESSION_COOKIE, sessionToken, {
    path,
    httpOnly: true,
    sameSite: 'Strict',
    secure,
  });
  setCookie(c, CSRF_COOKIE, csrfToken, { path, httpOnly: false, sameSite: 'Strict', secure });
}

export function clearSessionCookies(c: Context<AppEnv>) {
  const secure = isSecure(c);
  const path = cookiePath(c);
  deleteCookie(c, SESSION_COOKIE, { path, secure });
  deleteCookie(c, CSRF_COOKIE, { path, secure });
}

export function readSessionCookies(c: Context<AppEnv>) {
  return { session: getCookie(c, SESSION_COOKIE), csrf: getCookie(c, CSRF_COOKIE) };
}
