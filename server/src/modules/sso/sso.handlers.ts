import { createRouter } from '../../lib/router';
import type { BrowserProtocol } from './browser-flow';
import { finishBrowserSignIn, startBrowserSignIn } from './browser-flow';
import { oidcProtocol } from './oidc';
import { samlProtocol } from './saml';
import { listPublicSsoProviders } from './sign-in.service';
import {
  listPublicSsoProvidersRoute,
  oidcCallbackRoute,
  samlCallbackRoute,
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
  );
