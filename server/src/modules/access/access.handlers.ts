import { csvDownloadHeaders, wantsCsv } from '../../lib/csv';
import { createRouter } from '../../lib/router';
import {
  createRuleRoute,
  deleteRuleRoute,
  effectiveRoute,
  explainRoute,
  getRuleRoute,
  holdersRoute,
  listRulesRoute,
  listTagsRoute,
  previewRoute,
  replaceRuleRoute,
} from './access.routes';
import { effectiveAccess } from './effective.service';
import { explainAccess, holdersOf, listTags, previewChange } from './insight.service';
import { createRule, deleteRule, getRule, listRules, replaceRule, rulesCsv } from './rules.service';

/** Access rules (P-2.2 – P-2.8), the explainer and the impact preview (P-2.10). */
export const accessRouter = createRouter()
  .openapi(listRulesRoute, async (c) => {
    const { deps, principal } = c.var;
    const query = c.req.valid('query');
    if (wantsCsv(c)) {
      return c.body(
        rulesCsv(deps, principal.accountId, query),
        200,
        csvDownloadHeaders('rules', deps.clock.now()),
      );
    }
    return c.json(await listRules(deps, principal.accountId, query), 200);
  })
  .openapi(createRuleRoute, async (c) => {
    const rule = await createRule(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Location', `/api/rules/${rule.id}`);
    return c.json(rule, 201);
  })
  .openapi(getRuleRoute, async (c) =>
    c.json(await getRule(c.var.deps, c.var.principal.accountId, c.req.valid('param').id), 200),
  )
  .openapi(replaceRuleRoute, async (c) =>
    c.json(
      await replaceRule(c.var.deps, c.var.principal, c.req.valid('param').id, c.req.valid('json')),
      200,
    ),
  )
  .openapi(deleteRuleRoute, async (c) => {
    await deleteRule(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(explainRoute, async (c) =>
    c.json(await explainAccess(c.var.deps, c.var.principal.accountId, c.req.valid('query')), 200),
  )
  .openapi(holdersRoute, async (c) =>
    c.json(await holdersOf(c.var.deps, c.var.principal.accountId, c.req.valid('query')), 200),
  )
  .openapi(effectiveRoute, async (c) =>
    c.json(await effectiveAccess(c.var.deps, c.var.principal.accountId, c.req.valid('query')), 200),
  )
  .openapi(previewRoute, async (c) =>
    c.json(await previewChange(c.var.deps, c.var.principal.accountId, c.req.valid('json')), 200),
  )
  .openapi(listTagsRoute, async (c) =>
    c.json(await listTags(c.var.deps, c.var.principal, c.req.valid('query')), 200),
  );
