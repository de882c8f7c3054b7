import type { z } from '@hono/zod-openapi';
import { etagOf } from '../../../contract/versions';
import { createRouter } from '../../lib/router';
import type { integrationRoutes } from './integrations.routes';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  integrationReferences,
  listIntegrations,
  testIntegration,
  updateIntegration,
  type IntegrationRow,
  type IntegrationStore,
  type IntegrationValues,
} from './integrations.service';

/** The routes with their schemas forgotten: the parts below give the request types back. */
type Routes = ReturnType<typeof integrationRoutes<z.ZodType, z.ZodType, z.ZodType, z.ZodType>>;

/** Splits a parsed request into stored values and the write-only credentials. */
export type RequestParts<Row extends IntegrationRow, Credentials, Input> = (input: Input) => {
  values: IntegrationValues<Row>;
  credentials: Credentials | null | undefined;
};

/** The handlers of one kind of integration, over its routes and its store. */
export function integrationRouter<
  Row extends IntegrationRow,
  Item extends { id: string; version: number },
  Credentials,
  Create,
  Update,
>(
  routes: Routes,
  store: IntegrationStore<Row, Item, Credentials>,
  path: string,
  parts: {
    create: RequestParts<Row, Credentials, Create>;
    update: RequestParts<Row, Credentials, Update>;
  },
) {
  return createRouter()
    .openapi(routes.list, async (c) =>
      c.json(await listIntegrations(store, c.var.deps, c.var.principal, c.req.valid('query')), 200),
    )
    .openapi(routes.create, async (c) => {
      const { values, credentials } = parts.create(c.req.valid('json') as Create);
      const item = await createIntegration(
        store,
        c.var.deps,
        c.var.principal,
        values as IntegrationValues<Row> & { name: string },
        credentials ?? undefined,
      );
      c.header('Location', `/api${path}/${item.id}`);
      c.header('ETag', etagOf(item.version));
      return c.json(item, 201);
    })
    .openapi(routes.get, async (c) => {
      const item = await getIntegration(
        store,
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
      );
      c.header('ETag', etagOf(item.version));
      return c.json(item, 200);
    })
    .openapi(routes.update, async (c) => {
      const { values, credentials } = parts.update(c.req.valid('json') as Update);
      const item = await updateIntegration(
        store,
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
        values,
        credentials,
        c.req.valid('header')['if-match'],
      );
      c.header('ETag', etagOf(item.version));
      return c.json(item, 200);
    })
    .openapi(routes.test, async (c) =>
      c.json(
        await testIntegration(store, c.var.deps, c.var.principal, c.req.valid('param').id),
        200,
      ),
    )
    .openapi(routes.references, async (c) =>
      c.json(
        await integrationReferences(store, c.var.deps, c.var.principal, c.req.valid('param').id),
        200,
      ),
    )
    .openapi(routes.delete, async (c) => {
      await deleteIntegration(
        store,
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
        c.req.valid('query').force,
      );
      return c.body(null, 204);
    });
}
