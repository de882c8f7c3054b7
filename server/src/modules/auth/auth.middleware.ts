import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER, SIGNED_OUT_REASONS, type SignedOutReason } from '../../../contract/constants';
import type { AppEnv } from '../../lib/context';
import { clearSessionCookies, readSessionCookies } from '../../lib/cookies';
import { safeEqual } from '../../lib/crypto';
import { signedIn } from '../../lib/openapi-helpers';
import { HttpProblem } from '../../lib/problem';
import { lookupApiToken, lookupSession } from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a `read` API token may call (issue 20). */
const READ_METHODS = new Set(['GET', 'HEAD']);

function signedOut(reason: SignedOutReason) {
  return new HttpProblem(401, SIGNED_OUT_REASONS[reason], { code: reason });
}

/**
 * Accepts a personal API token (`Authorization: Bearer`) or a session cookie. A session must
 * also pass the double-submit CSRF check on unsafe methods: the `X-CSRF-Token` header must equal
 * the `perimeter_csrf` cookie, which must be the one issued with this session.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.var.deps;
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const principal = token ? await lookupApiToken(deps, token) : null;
    if (!principal) {
      throw new HttpProblem(401, 'The API token is not valid, has expired or was revoked.', {
        code: 'invalid-token',
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    // A read token reads: every other method is refused before the route sees the request.
    if (principal.tokenScope === 'read' && !READ_METHODS.has(c.req.method)) {
      throw new HttpProblem(
        403,
        'This API token may only read (GET). Create a read-write token to make changes.',
        { code: 'token-scope' },
      );
    }
    c.set('principal', principal);
    return next();
  }

  const cookies = readSessionCookies(c);
  if (!cookies.session) throw signedOut('unauthenticated');
  const found = await lookupSession(deps, cookies.session);
  if (!found.ok) {
    clearSessionCookies(c);
    throw signedOut(found.reason === 'unknown' ? 'unauthenticated' : `session-${found.reason}`);
  }
  if (!SAFE_METHODS.has(c.req.method)) {
    const header = c.req.header(CSRF_HEADER);
    if (
      !header ||
      !cookies.csrf ||
      !safeEqual(header, cookies.csrf) ||
      !safeEqual(cookies.csrf, found.csrfToken)
    ) {
      throw new HttpProblem(
        403,
        `This request needs the ${CSRF_HEADER} header that matches your session.`,
        {
          code: 'csrf',
        },
      );
    }
  }
  c.set('principal', found.principal);
  return next();
};

/** Administration endpoints (P-1.4): refused to people with user level, whatever the UI shows. */
export const requireAdministrator: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.principal.level !== 'administrator') {
    throw new HttpProblem(403, 'Only administrators can do this.', { code: 'administrators-only' });
  }
  return next();
};

/**
 * Spread into the route of an administration endpoint: refuses others before anything else
 * (their input is not even validated) and documents the rule in the OpenAPI document, where the
 * authorization tests read it.
 */
export const administratorsOnly = {
  security: signedIn,
  middleware: requireAdministrator,
  'x-perimeter-access': 'administrators',
} as const;
