import { publicUrl } from '../../lib/public-url';
import { createRouter } from '../../lib/router';
import {
  createSsoProviderRoute,
  deleteSsoProviderRoute,
  getSsoProviderRoute,
  listSsoProvidersRoute,
  syncSsoProviderRoute,
  testSsoProviderRoute,
  updateSsoProviderRoute,
} from './sso-providers.routes';
import { syncSsoProvider, testSsoProvider } from './sso-provider-checks';
import {
  createSsoProvider,
  deleteSsoProvider,
  getSsoProvider,
  listSsoProviders,
  updateSsoProvider,
} from './sso-providers.service';

/** The account's SSO providers (P-1.1); administrators only. */
export const ssoProvidersRouter = createRouter()
  .openapi(listSsoProvidersRoute, async (c) =>
    c.json(await listSsoProviders(c.var.deps, c.var.principal.accountId, publicUrl(c)), 200),
  )
  .openapi(createSsoProviderRoute, async (c) => {
    const provider = await createSsoProvider(
      c.var.deps,
      c.var.principal,
      c.req.valid('json'),
      publicUrl(c),
    );
    c.header('Location', `/api/sso-providers/${provider.id}`);
    return c.json(provider, 201);
  })
  .openapi(getSsoProviderRoute, async (c) =>
    c.json(
      await getSsoProvider(
        c.var.deps,
        c.var.principal.accountId,
        c.req.valid('param').id,
        publicUrl(c),
      ),
      200,
    ),
  )
  .openapi(updateSsoProviderRoute, async (c) =>
    c.json(
      await updateSsoProvider(
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
        c.req.valid('json'),
        publicUrl(c),
      ),
      200,
    ),
  )
  .openapi(deleteSsoProviderRoute, async (c) => {
    await deleteSsoProvider(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(testSsoProviderRoute, async (c) =>
    c.json(
      await testSsoProvider(
        c.var.deps,
        c.var.principal.accountId,
        c.req.valid('param').id,
        c.req.valid('json').username,
      ),
      200,
    ),
  )
  .openapi(syncSsoProviderRoute, async (c) =>
    c.json(
      await syncSsoProvider(c.var.deps, c.var.log, c.var.principal, c.req.valid('param').id),
      200,
    ),
  );
