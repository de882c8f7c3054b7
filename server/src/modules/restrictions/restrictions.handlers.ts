import { etagOf } from '../../../contract/versions';
import { createRouter } from '../../lib/router';
import {
  getRestrictionsRoute,
  restrictionsImpactRoute,
  testRestrictionsRoute,
  updateRestrictionsRoute,
} from './restrictions.routes';
import {
  getRestrictions,
  restrictionsImpact,
  testRestrictions,
  updateRestrictions,
} from './restrictions.service';

/** Per git provider, which pipeline definitions may be loaded from it (P-4.3 to P-4.5); administrators only. */
export const restrictionsRouter = createRouter()
  .openapi(getRestrictionsRoute, async (c) => {
    const restrictions = await getRestrictions(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
    );
    c.header('ETag', etagOf(restrictions.version));
    return c.json(restrictions, 200);
  })
  .openapi(updateRestrictionsRoute, async (c) => {
    const restrictions = await updateRestrictions(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('json'),
      c.req.valid('header')['if-match'],
    );
    c.header('ETag', etagOf(restrictions.version));
    return c.json(restrictions, 200);
  })
  .openapi(restrictionsImpactRoute, async (c) =>
    c.json(
      await restrictionsImpact(
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      200,
    ),
  )
  .openapi(testRestrictionsRoute, async (c) =>
    c.json(await testRestrictions(c.var.deps, c.var.principal, c.req.valid('json')), 200),
  );
