import { createRouter } from '../../lib/router';
import { revokeApiToken } from '../me/me.service';
import { listAccountApiTokensRoute, revokeAccountApiTokenRoute } from './api-tokens.routes';
import { listAccountApiTokens } from './api-tokens.service';

/** The administrators' view of every API token of the account (issue 20). */
export const apiTokensRouter = createRouter()
  .openapi(listAccountApiTokensRoute, async (c) => {
    const { accountId } = c.var.principal;
    return c.json(await listAccountApiTokens(c.var.deps, accountId, c.req.valid('query')), 200);
  })
  .openapi(revokeAccountApiTokenRoute, async (c) => {
    await revokeApiToken(c.var.deps, c.var.principal, c.req.valid('param').id, {
      anyOfTheAccount: true,
    });
    return c.body(null, 204);
  });
