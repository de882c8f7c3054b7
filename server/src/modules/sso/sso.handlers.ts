import { createRouter } from '../../lib/router';
import type { BrowserProtocol } from './browser-flow';
import { finishBrowserSignIn, serviceAddresses, startBrowserSignIn } from './browser-flow';
import { oidcProtocol } from './oidc';
import { samlProtocol, samlServiceProviderMetadata } from './saml';
import { listPublicSsoProviders, loadSignInProvider } from './sign-in.service';
import {
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
  // SAML SP metadata: what an administrator registers at the IdP (404 for any other provider).
  .openapi(samlMetadataRoute, async (c) => {
    const provider = await loadSignInProvider(c.var.deps, c.req.valid('param').providerId, 'saml');
    const xml = samlServiceProviderMetadata(serviceAddresses(c, provider.id));
    return c.body(xml, 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
  });
