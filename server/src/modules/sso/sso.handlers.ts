import { ssoFailureSentence } from '../../../contract/sso';
import { clientAddress } from '../../lib/client-address';
import { HttpProblem } from '../../lib/problem';
import { createRouter } from '../../lib/router';
import { releaseAttempt, reserveAttempt } from '../auth/login-throttle';
import { recordFailedSignIn, startSession, type SignInWay } from '../auth/sign-in';
import type { BrowserProtocol } from './browser-flow';
import { finishBrowserSignIn, serviceAddresses, startBrowserSignIn } from './browser-flow';
import { oidcProtocol } from './oidc';
import { samlProtocol, samlServiceProviderMetadata } from './saml';
import { ldapSignIn, LdapSignInFailure } from './ldap';
import {
  admitSsoIdentity,
  listPublicSsoProviders,
  loadSignInProvider,
  SsoFailure,
  type SsoIdentity,
} from './sign-in.service';
import {
  ldapLoginRoute,
  listPublicSsoProvidersRoute,
  oidcCallbackRoute,
  samlCallbackRoute,
  samlMetadataRoute,
  startSsoRoute,
} from './sso.routes';

const PROTOCOLS: Record<'oidc' | 'saml', BrowserProtocol> = {
  oidc: oidcProtocol,
  saml: samlProtocol,
};

/** Signing in through the account's SSO providers (issue 19): anonymous, before `authenticate`. */
export const ssoRouter = createRouter()
  .openapi(listPublicSsoProvidersRoute, async (c) =>
    c.json(await listPublicSsoProviders(c.var.deps), 200),
  )
  .openapi(startSsoRoute, async (c) =>
    startBrowserSignIn(
      c,
      PROTOCOLS,
      c.req.valid('param').providerId,
      c.req.valid('query').returnTo,
    ),
  )
  .openapi(oidcCallbackRoute, async (c) =>
    finishBrowserSignIn(c, PROTOCOLS, c.req.valid('param').providerId),
  )
  .openapi(samlCallbackRoute, async (c) =>
    finishBrowserSignIn(c, PROTOCOLS, c.req.valid('param').providerId, c.req.valid('form')),
  )
  .openapi(ldapLoginRoute, async (c) => {
    // LDAP: the form's user name and password, checked by the directory (issue 19).
    const deps = c.var.deps;
    const provider = await loadSignInProvider(deps, c.req.valid('param').providerId, 'ldap');
    const { username, password } = c.req.valid('json');
    const address = clientAddress(c);
    // Throttled like a password sign-in, on the provider's user name and on the address.
    const reservation = await reserveAttempt(deps, {
      email: `ldap:${provider.id}:${username.toLowerCase()}`,
      address,
    });
    const way: SignInWay = { method: 'ldap', provider: { id: provider.id, name: provider.name } };
    let identity: SsoIdentity | undefined;
    let person;
    try {
      identity = await ldapSignIn(deps, provider, username, password);
      person = await admitSsoIdentity(deps, provider, identity);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      c.var.log.warn(
        {
          provider: provider.id,
          type: 'ldap',
          code: error.code,
          detail:
            error.detail instanceof Error
              ? { name: error.detail.name, message: error.detail.message }
              : error.detail,
        },
        'SSO sign-in refused',
      );
      await recordFailedSignIn(deps, {
        email:
          identity?.email ??
          (error instanceof LdapSignInFailure ? error.email : undefined) ??
          username,
        address,
        way,
        reason: error.code,
      });
      throw ldapRefusal(error, provider.name);
    }
    await releaseAttempt(deps, reservation);
    await startSession(c, person, way);
    return c.body(null, 204);
  })
  // SAML SP metadata: what an administrator registers at the IdP (404 for any other provider).
  .openapi(samlMetadataRoute, async (c) => {
    const provider = await loadSignInProvider(c.var.deps, c.req.valid('param').providerId, 'saml');
    const xml = samlServiceProviderMetadata(serviceAddresses(c, provider.id));
    return c.body(xml, 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
  });

/**
 * The LDAP form's refusals: 401 when the directory did not accept the user name and password,
 * 502 when it could not be asked, 403 `sso-refused` when it vouched for someone who may not
 * come in; each with the sentence the sign-in page shows.
 */
function ldapRefusal(failure: SsoFailure, providerName: string): HttpProblem {
  const detail = ssoFailureSentence(failure.code, providerName);
  if (failure.code === 'invalid-credentials') {
    return new HttpProblem(401, detail, { code: 'invalid-credentials' });
  }
  if (failure.code === 'unavailable' || failure.code === 'provider-error') {
    return new HttpProblem(502, detail, { code: 'sso-refused', title: 'Bad gateway' });
  }
  return new HttpProblem(403, detail, { code: 'sso-refused' });
}
