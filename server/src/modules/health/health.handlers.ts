import { createRoute } from '@hono/zod-openapi';
import packageJson from '../../../../package.json' with { type: 'json' };
import { healthSchema } from '../../../contract/health';
import { jsonContent } from '../../lib/openapi-helpers';
import { createRouter } from '../../lib/router';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Liveness and database reachability (no session needed)',
  responses: {
    200: jsonContent(healthSchema, 'Serving, database reachable'),
    503: jsonContent(healthSchema, 'Serving, but the database does not answer'),
  },
});

export const healthRouter = createRouter().openapi(healthRoute, async (c) => {
  const reachable = await c.var.deps.database.ping().then(
    () => true,
    (error: unknown) => {
      c.var.log.error({ err: error }, 'health check: database unreachable');
      return false;
    },
  );
  c.header('Cache-Control', 'no-store');
  return reachable
    ? c.json({ status: 'ok', database: 'ok', version: packageJson.version } as const, 200)
    : c.json(
        { status: 'degraded', database: 'unreachable', version: packageJson.version } as const,
        503,
      );
});
