import { clientAddress } from '../../lib/client-address';
import { createRouter } from '../../lib/router';
import {
  changePasswordRoute,
  createTokenRoute,
  getMeRoute,
  listTokensRoute,
  revokeTokenRoute,
  updateMeRoute,
} from './me.routes';
import {
  changeOwnPassword,
  createApiToken,
  listApiTokens,
  loadMe,
  revokeApiToken,
  updateMe,
} from './me.service';

/** The signed-in person's own profile and personal API tokens. */
export const meRouter = createRouter()
  .openapi(getMeRoute, async (c) => {
    const { userId, accountId } = c.var.principal;
    return c.json(await loadMe(c.var.deps, { id: userId, accountId }), 200);
  })
  .openapi(updateMeRoute, async (c) => {
    const { userId, accountId } = c.var.principal;
    return c.json(await updateMe(c.var.deps, { id: userId, accountId }, c.req.valid('json')), 200);
  })
  .openapi(listTokensRoute, async (c) => {
    const { userId, accountId } = c.var.principal;
    const items = await listApiTokens(c.var.deps, { id: userId, accountId });
    return c.json({ items, total: items.length }, 200);
  })
  .openapi(createTokenRoute, async (c) => {
    const created = await createApiToken(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(created, 201);
  })
  .openapi(revokeTokenRoute, async (c) => {
    await revokeApiToken(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(changePasswordRoute, async (c) => {
    await changeOwnPassword(c.var.deps, c.var.principal, {
      ...c.req.valid('json'),
      address: clientAddress(c),
    });
    return c.body(null, 204);
  });
