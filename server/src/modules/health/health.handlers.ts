import { createRoute } from '@hono/zod-openapi';
import packageJson from '../../../../package.json' with { type: 'json' };
import { healthSchema, livenessSchema, readinessSchema } from '../../../contract/health';
import type { Database } from '../../db/client';
import { jsonContent } from '../../lib/openapi-helpers';
import { createRouter } from '../../lib/router';

/**
 * A readiness check answers within this time: a database that does not answer at all (a network
 * that drops packets) makes the server unready, not a probe that hangs until its own timeout.
 */
const READY_TIMEOUT_MS = 2_000;

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  security: [],
  tags: ['Operations'],
  summary: 'Liveness and database reachability (no session needed)',
  responses: {
    200: jsonContent(healthSchema, 'Serving, database reachable'),
    503: jsonContent(healthSchema, 'Serving, but the database does not answer'),
  },
});

const liveRoute = createRoute({
  method: 'get',
  path: '/health/live',
  operationId: 'getLiveness',
  security: [],
  tags: ['Operations'],
  summary: 'Liveness: the process answers (no session needed; asks nothing of the database)',
  description:
    'For a liveness probe: a failure means the process should be restarted. It does not depend on the database, so a database outage makes a server unready (`/api/health/ready`), never restarted.',
  responses: { 200: jsonContent(livenessSchema, 'The process answers') },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/health/ready',
  operationId: 'getReadiness',
  security: [],
  tags: ['Operations'],
  summary: 'Readiness: the database answers and has this version’s migrations (no session needed)',
  description:
    'For a readiness probe and a load balancer’s health check: 503 while the database does not answer (within 2 s) or lacks this version’s migrations, 200 again once it does.',
  responses: {
    200: jsonContent(readinessSchema, 'Ready to serve'),
    503: jsonContent(readinessSchema, 'Not ready: the database does not answer or is not migrated'),
  },
});

/** 'done' or 'pending', or 'unreachable' when the database did not answer in time. */
async function migrationsOf(database: Database): Promise<'done' | 'pending' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the database did not answer in time')),
      READY_TIMEOUT_MS,
    );
  });
  try {
    return (await Promise.race([database.migrated(), timeout])) ? 'done' : 'pending';
  } finally {
    clearTimeout(timer);
  }
}

export const healthRouter = createRouter()
  .openapi(healthRoute, async (c) => {
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
  })
  .openapi(liveRoute, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok', version: packageJson.version } as const, 200);
  })
  .openapi(readyRoute, async (c) => {
    const migrations = await migrationsOf(c.var.deps.database).catch((error: unknown) => {
      c.var.log.warn({ err: error }, 'readiness check: database unreachable');
      return 'unreachable' as const;
    });
    c.header('Cache-Control', 'no-store');
    const version = packageJson.version;
    if (migrations === 'done') {
      return c.json({ status: 'ready', database: 'ok', migrations: 'done', version } as const, 200);
    }
    return c.json(
      migrations === 'pending'
        ? ({ status: 'unready', database: 'ok', migrations: 'pending', version } as const)
        : ({ status: 'unready', database: 'unreachable', migrations: 'unknown', version } as const),
      503,
    );
  });
