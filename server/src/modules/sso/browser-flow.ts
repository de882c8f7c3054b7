/**
 * The browser sign-in shared by OIDC and SAML: `start` keeps a pending sign-in (sso_sign_ins)
 * bound to this browser by a short-lived cookie, and sends the browser to the provider; the
 * callback finds that sign-in again (once: it is deleted as it is read), lets the protocol
 * verify the provider's answer, admits the person (sign-in.service.ts) and starts a session.
 * Every refusal goes back to the sign-in page as a code (contract/sso.ts), never a stack.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SsoFailureCode } from '../../../contract/sso';
import { ssoSignIns } from '../../db/schema';
import { clientAddress, trustedForwardedHeader } from '../../lib/client-address';
import { MINUTE } from '../../lib/clock';
import type { AppEnv, Deps } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { HttpProblem } from '../../lib/problem';
import { publicUrl } from '../../lib/public-url';
import { recordFailedSignIn, startSession } from '../auth/sign-in';
import { ssoEndpoints } from '../sso-providers/sso-providers.service';
import {
  admitSsoIdentity,
  loadSignInProvider,
  SsoFailure,
  type SignInProvider,
  type SsoIdentity,
} from './sign-in.service';

/** How long a started sign-in waits for the provider's answer. */
export const SIGN_IN_TTL = 10 * MINUTE;
const COOKIE = 'perimeter_sso';

/** Perimeter's own addresses for the provider, as the protocols state them to it. */
export interface ServiceAddresses {
  redirectUri: string;
  acsUrl: string;
  spEntityId: string;
  metadataUrl: string;
}

/** What a pending sign-in remembers between start and callback. */
export interface PendingSignIn {
  /** The random value of the browser's cookie; OIDC sends it as `state`, SAML as RelayState. */
  state: string;
  nonce: string | null;
  codeVerifier: string | null;
  requestId: string | null;
  returnTo: string;
}

/** One browser protocol: how to send the browser to the provider, and check what comes back. */
export interface BrowserProtocol {
  /**
   * Builds the provider's address for a new sign-in with `state`; answers it and what the
   * callback will need to check the answer (OIDC: nonce and PKCE verifier; SAML: request ID).
   */
  start(
    deps: Deps,
    provider: SignInProvider,
    addresses: ServiceAddresses,
    state: string,
  ): Promise<{
    redirectTo: string;
    nonce?: string;
    codeVerifier?: string;
    requestId?: string;
  }>;
  /**
   * Verifies the provider's answer to `pending` (OIDC: the callback URL with its query; SAML: the
   * posted form) and answers who it vouches for; throws `SsoFailure` when it must not be trusted
   * (`detail`: the provider's own error, for the log).
   */
  finish(
    deps: Deps,
    provider: SignInProvider,
    addresses: ServiceAddresses,
    pending: PendingSignIn,
    answer: { url: URL; form?: Record<string, string> },
  ): Promise<SsoIdentity>;
}

export function serviceAddresses(c: Context<AppEnv>, providerId: string): ServiceAddresses {
  return ssoEndpoints(publicUrl(c), providerId);
}

/** Only a path of this console: never another host, never a protocol-relative `//host`. */
export function safeReturnTo(c: Context<AppEnv>, value: string | undefined): string {
  const base = c.var.deps.env.BASE_PATH;
  const fallback = `${base}/`;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback;
  }
  const path = value.startsWith(base + '/') || value === base ? value : `${base}${value}`;
  // The sign-in page itself would only send the person back to the provider.
  return /\/sign-in(\?|$)/.test(path) ? fallback : path;
}

function isSecure(c: Context<AppEnv>): boolean {
  const { env } = c.var.deps;
  if (env.COOKIE_SECURE) return true;
  if (trustedForwardedHeader(c, 'x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * The binding cookie. A SAML provider posts its answer from its own site, which a Lax cookie
 * does not follow: over HTTPS the cookie is SameSite=None (and Secure); over plain http (a
 * provider on the same site, as in the tests) Lax. It is httpOnly and lives for the sign-in.
 */
function setBindingCookie(c: Context<AppEnv>, state: string) {
  const secure = isSecure(c);
  setCookie(c, COOKIE, state, {
    path: `${c.var.deps.env.BASE_PATH}/api/auth/sso`,
    httpOnly: true,
    secure,
    sameSite: secure ? 'None' : 'Lax',
    maxAge: SIGN_IN_TTL / 1000,
  });
}

/** An OIDC or SAML provider; an LDAP one signs in through its form, so it is not found here. */
async function loadBrowserProvider(
  deps: Deps,
  providerId: string,
): Promise<SignInProvider & { type: 'oidc' | 'saml' }> {
  const provider = await loadSignInProvider(deps, providerId);
  if (provider.type === 'ldap') {
    throw new HttpProblem(
      404,
      `${provider.name} is an LDAP directory: sign in with your user name and password on the sign-in page.`,
    );
  }
  return provider as SignInProvider & { type: 'oidc' | 'saml' };
}

/** `GET /api/auth/sso/:providerId/start`. */
export async function startBrowserSignIn(
  c: Context<AppEnv>,
  protocols: Record<'oidc' | 'saml', BrowserProtocol>,
  providerId: string,
  returnTo: string | undefined,
): Promise<Response> {
  const deps = c.var.deps;
  const provider = await loadBrowserProvider(deps, providerId);
  const addresses = serviceAddresses(c, provider.id);
  const state = randomToken();
  const now = deps.clock.now();
  let started;
  try {
    started = await protocols[provider.type].start(deps, provider, addresses, state);
  } catch (error) {
    return refuse(c, provider, error, safeReturnTo(c, returnTo));
  }
  await deps.db.delete(ssoSignIns).where(lt(ssoSignIns.expiresAt, now));
  await deps.db.insert(ssoSignIns).values({
    id: sha256(state),
    providerId: provider.id,
    nonce: started.nonce ?? null,
    codeVerifier: started.codeVerifier ?? null,
    requestId: started.requestId ?? null,
    returnTo: safeReturnTo(c, returnTo),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SIGN_IN_TTL),
  });
  setBindingCookie(c, state);
  return c.redirect(started.redirectTo, 302);
}

/** The callback of either protocol: GET (OIDC) or POST (SAML). */
export async function finishBrowserSignIn(
  c: Context<AppEnv>,
  protocols: Record<'oidc' | 'saml', BrowserProtocol>,
  providerId: string,
  form?: Record<string, string>,
): Promise<Response> {
  const deps = c.var.deps;
  const provider = await loadBrowserProvider(deps, providerId);
  const state = getCookie(c, COOKIE);
  deleteCookie(c, COOKIE, { path: `${deps.env.BASE_PATH}/api/auth/sso`, secure: isSecure(c) });
  // Where the person was going, kept across a refusal so that trying again still takes them there.
  let returnTo: string | undefined;
  try {
    // Deleted as it is read: an answer can finish one sign-in, once.
    const [row] = state
      ? await deps.db
          .delete(ssoSignIns)
          .where(and(eq(ssoSignIns.id, sha256(state)), eq(ssoSignIns.providerId, provider.id)))
          .returning()
      : [];
    returnTo = row?.returnTo;
    if (!state || !row || row.expiresAt <= deps.clock.now()) {
      throw new SsoFailure('expired', state ? 'no pending sign-in for this state' : 'no cookie');
    }
    const pending: PendingSignIn = {
      state,
      nonce: row.nonce,
      codeVerifier: row.codeVerifier,
      requestId: row.requestId,
      returnTo: row.returnTo,
    };
    const addresses = serviceAddresses(c, provider.id);
    const url = new URL(c.req.url);
    // The provider was given the public address: check its answer against that one.
    const callback = new URL(addresses.redirectUri);
    callback.search = url.search;
    const identity = await protocols[provider.type].finish(deps, provider, addresses, pending, {
      url: callback,
      form,
    });
    const person = await admitSsoIdentity(deps, provider, identity).catch(async (error) => {
      if (error instanceof SsoFailure && identity.email) {
        await recordFailedSignIn(deps, {
          email: identity.email,
          address: clientAddress(c),
          way: { method: provider.type, provider },
          reason: error.code,
        });
      }
      throw error;
    });
    await startSession(c, person, { method: provider.type, provider });
    return c.redirect(pending.returnTo, 302);
  } catch (error) {
    return refuse(c, provider, error, returnTo);
  }
}

/**
 * Logs why (with the request id), and sends the browser to the sign-in page with the code, and
 * with where the person was going (`returnTo`, a path of the console) for the next try.
 */
export function refuse(
  c: Context<AppEnv>,
  provider: SignInProvider,
  error: unknown,
  returnTo?: string,
): Response {
  const code: SsoFailureCode = error instanceof SsoFailure ? error.code : 'provider-error';
  c.var.log.warn(
    {
      provider: provider.id,
      type: provider.type,
      code,
      detail: error instanceof SsoFailure ? describe(error.detail) : describe(error),
    },
    'SSO sign-in refused',
  );
  return c.redirect(signInPage(c, code, provider.id, returnTo), 302);
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

export function signInPage(
  c: Context<AppEnv>,
  code: SsoFailureCode,
  providerId: string,
  returnTo?: string,
): string {
  const base = c.var.deps.env.BASE_PATH;
  const query = new URLSearchParams({ sso: code, provider: providerId });
  // The sign-in page takes its return target as a path of the console, without BASE_PATH.
  const target = returnTo?.startsWith(`${base}/`) ? returnTo.slice(base.length) : undefined;
  if (target && target !== '/') query.set('returnTo', target);
  return `${base}/sign-in?${query}`;
}
