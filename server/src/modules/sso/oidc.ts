/**
 * OIDC sign-in (issue 19) on openid-client: the authorization code flow with PKCE (S256), state
 * and nonce. openid-client checks the provider's answer (state, `iss` of the authorization
 * response, the ID token's issuer, audience, expiry and nonce, and, with the non-repudiation
 * checks turned on below, its signature against the provider's JWKS); nothing here skips or
 * repeats those checks. What is left to this module: where
 * the provider is (discovery, kept a few minutes), which claims say who the person is, and
 * which of the library's errors means what to the person (contract/sso.ts codes).
 */
import * as oidc from 'openid-client';
import { SSO_DEFAULTS } from '../../../contract/sso-providers';
import { MINUTE } from '../../lib/clock';
import type { Deps } from '../../lib/context';
import { sha256 } from '../../lib/crypto';
import type { BrowserProtocol } from './browser-flow';
import { SsoFailure, type SignInProvider, type SsoIdentity } from './sign-in.service';

/** How long a discovered configuration is used before the issuer is asked again. */
export const DISCOVERY_TTL = 5 * MINUTE;
/** Seconds to wait for the provider (discovery, token, userinfo). */
const TIMEOUT_SECONDS = 10;
const SCOPE = 'openid email profile';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** openid-client's codes for a request that took longer than `TIMEOUT_SECONDS`, or was cut. */
const TIMED_OUT = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT']);

interface Cached {
  config: oidc.Configuration;
  until: number;
}
const discovered = new Map<string, Cached>();
const MAX_CACHED = 200;

/** What the provider's saved settings say about where and who we are at the IdP. */
function settingsOf(provider: SignInProvider) {
  const text = (key: string) => {
    const value = provider.config[key];
    return typeof value === 'string' ? value : '';
  };
  return {
    issuerUrl: text('issuerUrl'),
    clientId: text('clientId'),
    groupsClaim: text('groupsClaim') || SSO_DEFAULTS.groupsClaim,
  };
}

/**
 * Whether openid-client may talk plain http to `issuer`: only a loopback address, and only when
 * the server runs with SSO_ALLOW_HTTP_ISSUERS=true (tests, trying it locally; index.ts warns).
 */
function allowsHttp(deps: Pick<Deps, 'env'>, issuer: URL): boolean {
  return (
    issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) && deps.env.SSO_ALLOW_HTTP_ISSUERS
  );
}

/**
 * The client secret, sent the way the provider supports: HTTP Basic (the OIDC default, what
 * Okta and most providers expect) unless its metadata lists only `client_secret_post`.
 */
function clientAuth(secret: string): oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (as, client, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported;
    const useBasic =
      !methods ||
      methods.includes('client_secret_basic') ||
      !methods.includes('client_secret_post');
    (useBasic ? basic : post)(as, client, body, headers);
  };
}

/**
 * The provider's configuration, from discovery at its issuer; kept `DISCOVERY_TTL` per provider,
 * issuer, client and secret, so that a changed setting is used at once. Failures are not kept.
 * Throws `SsoFailure('unavailable')` when the issuer cannot be reached or answers no usable
 * discovery document.
 */
export async function configurationOf(
  deps: Pick<Deps, 'env' | 'clock'>,
  provider: SignInProvider,
): Promise<oidc.Configuration> {
  const { issuerUrl, clientId } = settingsOf(provider);
  const key = [provider.id, issuerUrl, clientId, sha256(provider.secret ?? '')].join('\u0000');
  const now = deps.clock.now().getTime();
  const cached = discovered.get(key);
  if (cached && cached.until > now) return cached.config;
  let issuer: URL;
  try {
    issuer = new URL(issuerUrl);
  } catch (error) {
    throw new SsoFailure('unavailable', { reason: 'the issuer URL is not a URL', error });
  }
  if (issuer.protocol !== 'https:' && !allowsHttp(deps, issuer)) {
    throw new SsoFailure('unavailable', {
      reason: 'an http:// issuer is used only on loopback with SSO_ALLOW_HTTP_ISSUERS=true',
      issuer: issuer.href,
    });
  }
  if (!provider.secret) {
    throw new SsoFailure('unavailable', { reason: 'the provider has no client secret' });
  }
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(issuer, clientId, undefined, clientAuth(provider.secret), {
      timeout: TIMEOUT_SECONDS,
      execute: [
        // openid-client trusts an ID token from the token endpoint on TLS alone (OIDC Core
        // 3.1.3.7 allows it); Perimeter checks its signature against the issuer's keys too, so
        // that a proxy that terminates TLS, or plain http on loopback, cannot alter it.
        oidc.enableNonRepudiationChecks,
        ...(allowsHttp(deps, issuer) ? [oidc.allowInsecureRequests] : []),
      ],
    });
  } catch (error) {
    throw new SsoFailure('unavailable', error);
  }
  for (const [k, entry] of discovered) if (entry.until <= now) discovered.delete(k);
  if (discovered.size >= MAX_CACHED) discovered.delete(discovered.keys().next().value!);
  discovered.set(key, { config, until: now + DISCOVERY_TTL });
  return config;
}

/** Forgets every discovered configuration (tests that restart an identity provider). */
export function forgetDiscoveredConfigurations(): void {
  discovered.clear();
}

/**
 * What an error of openid-client (or of the provider through it) means to the person:
 * - the provider answered the browser with `error=access_denied`: they cancelled there;
 * - any other error the provider answered (in the redirect or from its token endpoint, a
 *   wrong client secret among them): the provider's error;
 * - the network, a timeout: the provider cannot be reached;
 * - everything else openid-client refused (signature, issuer, audience, expiry, nonce, state,
 *   PKCE, a malformed answer): the answer cannot be trusted.
 */
export function failureOf(error: unknown): SsoFailure {
  if (error instanceof SsoFailure) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SsoFailure(error.error === 'access_denied' ? 'cancelled' : 'provider-error', {
      error: error.error,
      description: error.error_description,
    });
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new SsoFailure('provider-error', {
      status: error.status,
      error: error.error,
      description: error.error_description,
    });
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return new SsoFailure('provider-error', { status: error.status, message: error.message });
  }
  if (error instanceof oidc.ClientError && TIMED_OUT.has(error.code ?? '')) {
    return new SsoFailure('unavailable', { code: error.code, message: error.message });
  }
  if (error instanceof oidc.ClientError) {
    // A provider answering its token or userinfo endpoint with an unexpected status (a 5xx) is
    // its own trouble, not a forgery.
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
      return new SsoFailure('provider-error', { code: error.code, message: error.message });
    }
    return new SsoFailure('invalid-response', {
      code: error.code,
      message: error.message,
      cause: error.cause instanceof Error ? error.cause.message : undefined,
    });
  }
  if (error instanceof TypeError) {
    // fetch's network failures (refused, reset, DNS).
    return new SsoFailure('unavailable', {
      message: error.message,
      cause: error.cause instanceof Error ? error.cause.message : undefined,
    });
  }
  return new SsoFailure('provider-error', error);
}

/**
 * `email_verified`: only `true` counts (or the string "true", which a few providers send).
 * Missing counts as not verified: Perimeter matches people by email, so an address the provider
 * has not verified could be anyone's. Most providers send it (Okta, Google, Entra ID with the
 * optional claim, Keycloak); for one that does not, the person sees "not verified".
 */
function isVerified(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The groups claim: an array of strings, or a single string; anything else says nothing. */
function groupsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export const oidcProtocol: BrowserProtocol = {
  async start(deps, provider, addresses, state) {
    const config = await configurationOf(deps, provider);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const redirectTo = oidc.buildAuthorizationUrl(config, {
      redirect_uri: addresses.redirectUri,
      scope: SCOPE,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { redirectTo: redirectTo.href, nonce, codeVerifier };
  },

  async finish(deps, provider, _addresses, pending, answer) {
    if (!pending.nonce || !pending.codeVerifier) {
      throw new SsoFailure('expired', 'the pending sign-in has no nonce or PKCE verifier');
    }
    const config = await configurationOf(deps, provider);
    const { groupsClaim } = settingsOf(provider);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, answer.url, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new SsoFailure('invalid-response', 'the token response has no ID token');
      let claims: Record<string, unknown> = { ...idToken };
      // Some providers put the email or the groups in userinfo only: ask it for what the ID
      // token left out (openid-client checks that userinfo speaks of the same subject).
      const userinfoEndpoint = config.serverMetadata().userinfo_endpoint;
      if (userinfoEndpoint && (claims.email === undefined || claims[groupsClaim] === undefined)) {
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...userinfo, ...claims };
      }
      const identity: SsoIdentity = {
        email: stringOf(claims.email),
        emailVerified: isVerified(claims.email_verified),
        name: stringOf(claims.name),
        groups: groupsOf(claims[groupsClaim]),
      };
      return identity;
    } catch (error) {
      throw failureOf(error);
    }
  },
};
