/**
 * What an administrator can ask of a saved SSO provider (issue 19): "Test connection"
 * (`POST /api/sso-providers/:id/test`) and, for LDAP, "Sync now"
 * (`POST /api/sso-providers/:id/sync`).
 */
import { X509Certificate } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import {
  SSO_PROVIDER_TYPE_NAMES,
  type SsoSyncResult,
  type SsoTestResult,
} from '../../../contract/sso-providers';
import { ssoProviders, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import type { Logger } from 'pino';
import { outboundGet } from '../../lib/outbound';
import { HttpProblem } from '../../lib/problem';
import { findLdapPeople, testLdapProvider } from '../sso/ldap';
import {
  loadSignInProvider,
  SsoFailure,
  syncPersonTeams,
  type SignInProvider,
} from '../sso/sign-in.service';

/** The account's provider `id`, with its secret opened, or 404. */
async function providerOfAccount(
  deps: Pick<Deps, 'db' | 'secrets'>,
  accountId: string,
  id: string,
): Promise<SignInProvider> {
  const [row] = await deps.db
    .select({ id: ssoProviders.id })
    .from(ssoProviders)
    .where(and(eq(ssoProviders.id, id), eq(ssoProviders.accountId, accountId)));
  if (!row) throw new HttpProblem(404, 'There is no such SSO provider.');
  return loadSignInProvider(deps, row.id);
}

/** `POST /api/sso-providers/:id/test`. */
export async function testSsoProvider(
  deps: Deps,
  accountId: string,
  id: string,
  username: string | undefined,
): Promise<SsoTestResult> {
  const provider = await providerOfAccount(deps, accountId, id);
  switch (provider.type) {
    case 'ldap':
      return testLdapProvider(deps, provider, username || undefined);
    case 'oidc':
      return testOidcDiscovery(deps, provider);
    case 'saml':
      return testSamlCertificate(provider);
  }
}

/**
 * OIDC: the issuer's discovery document, fetched as every connection test is (the SSRF guard of
 * lib/outbound.ts, 5 seconds, no redirects). It must name the same issuer and the endpoints a
 * sign-in uses.
 */
async function testOidcDiscovery(
  deps: Pick<Deps, 'env'>,
  provider: SignInProvider,
): Promise<SsoTestResult> {
  const issuer = typeof provider.config.issuerUrl === 'string' ? provider.config.issuerUrl : '';
  const address = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, detail: `The issuer URL ${issuer} is not an address.` };
  }
  const answer = await outboundGet(url, {}, { allowPrivate: deps.env.ALLOW_PRIVATE_NETWORK_TESTS });
  if (answer.kind === 'failed') return { ok: false, detail: answer.detail };
  if (answer.status !== 200) {
    return {
      ok: false,
      detail: `${address} answered ${answer.status}${answer.location ? ` (a redirect to ${answer.location})` : ''}, not the discovery document. Check the issuer URL.`,
    };
  }
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return {
      ok: false,
      detail: `${address} did not answer a JSON discovery document. Check the issuer URL.`,
    };
  }
  const named = typeof document.issuer === 'string' ? document.issuer : '';
  if (named.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    return {
      ok: false,
      detail: `The discovery document names the issuer ${named || '(none)'}, not ${issuer}: sign-ins would be refused. Enter the issuer URL exactly as the provider names it.`,
    };
  }
  const missing = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'].filter(
    (key) => typeof document[key] !== 'string',
  );
  if (missing.length > 0) {
    return {
      ok: false,
      detail: `The discovery document of ${issuer} lacks ${missing.join(', ')}.`,
    };
  }
  return {
    ok: true,
    detail: `${issuer} answered its discovery document. Sign in through it to check the client ID and secret.`,
  };
}

/** SAML: nothing to call before a sign-in; the signing certificate can at least be read. */
function testSamlCertificate(provider: SignInProvider): SsoTestResult {
  const pem = typeof provider.config.certificate === 'string' ? provider.config.certificate : '';
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return {
      ok: false,
      detail:
        'The signing certificate cannot be read. Paste it again from the identity provider’s metadata, in PEM form.',
    };
  }
  const until = new Date(certificate.validTo);
  const day = until.toISOString().slice(0, 10);
  if (until.getTime() < Date.now()) {
    return {
      ok: false,
      detail: `The signing certificate expired on ${day}: every sign-in would be refused. Paste the provider’s current certificate.`,
    };
  }
  return {
    ok: true,
    detail: `The signing certificate is valid until ${day}. SAML has nothing to call before a sign-in: sign in through ${provider.name} to check the rest.`,
  };
}

/**
 * `POST /api/sso-providers/:id/sync` (LDAP): every person assigned to the provider, looked up in
 * the directory by email, with their membership of the mapped teams made to follow their groups.
 */
export async function syncSsoProvider(
  deps: Deps,
  log: Logger,
  principal: Principal,
  id: string,
): Promise<SsoSyncResult> {
  const { accountId } = principal;
  const provider = await providerOfAccount(deps, accountId, id);
  if (provider.type !== 'ldap') {
    throw new HttpProblem(
      409,
      `Only an LDAP provider is synced on demand. ${provider.name} is ${SSO_PROVIDER_TYPE_NAMES[provider.type]}: its groups arrive with each sign-in.`,
    );
  }
  if (!provider.config.groupSearchBase) {
    throw new HttpProblem(
      409,
      `${provider.name} has no group search base, so Perimeter cannot read anyone’s groups. Set one, then sync again.`,
    );
  }
  const people = await deps.db
    .select({ id: users.id, accountId: users.accountId, level: users.level, email: users.email })
    .from(users)
    .where(and(eq(users.ssoProviderId, provider.id), eq(users.accountId, accountId)))
    .orderBy(asc(users.email));
  let found: Awaited<ReturnType<typeof findLdapPeople>>;
  try {
    found = await findLdapPeople(
      provider,
      people.map((p) => p.email),
    );
  } catch (error) {
    if (!(error instanceof SsoFailure)) throw error;
    log.warn(
      {
        provider: provider.id,
        code: error.code,
        detail:
          error.detail instanceof Error
            ? { name: error.detail.name, message: error.detail.message }
            : error.detail,
      },
      'LDAP sync failed',
    );
    throw new HttpProblem(
      502,
      error.code === 'unavailable'
        ? `${provider.name} cannot be reached right now, so nothing was synced. Use Test connection to see why.`
        : `${provider.name} refused the search, so nothing was synced. Use Test connection to see why; the server log has the details.`,
      { title: 'Bad gateway' },
    );
  }
  const result: SsoSyncResult = { checked: people.length, added: 0, removed: 0, notFound: [] };
  for (const person of people) {
    const entry = found.get(person.email);
    if (!entry?.groups) {
      result.notFound.push(person.email);
      continue;
    }
    const changed = await syncPersonTeams(deps, provider, person, entry.groups, principal);
    result.added += changed.added;
    result.removed += changed.removed;
  }
  return result;
}
