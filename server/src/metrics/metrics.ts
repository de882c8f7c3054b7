import { serve, type ServerType } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RUN_STATES } from '../../contract/runs';
import { RUNNER_ONLINE_WINDOW_MS } from '../../contract/runners';
import type { Database } from '../db/client';
import type { Clock } from '../lib/clock';
import { readRunnerCounts, readRunCounts } from './metrics.queries';

/**
 * What Perimeter tells Prometheus (docs/operations.md, "Metrics"), on a port of its own
 * (METRICS_PORT) so that the public port never serves it: the request counts and latencies by
 * route template, the runs by state and the runners by state read from the database at each
 * scrape, the PostgreSQL pool, and prom-client's default process metrics.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Counts and times every request of the app; the first middleware of createApp. */
  readonly middleware: MiddlewareHandler;
}

/** The route label of a request no endpoint of the API took: a console page, an asset, a 404. */
export const UNMATCHED_ROUTE = '(unmatched)';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Up to 10 s: the runner's long poll (waitSeconds ≤ 30) lands in +Inf, which is what it is. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RUNNER_STATES = ['online', 'offline', 'waiting'] as const;

/**
 * The OpenAPI path of the endpoint that matched (`/api/pipelines/{id}`), never the URL with its
 * ids: the label's values stay as few as the routes. Middleware (registered for every method)
 * and catch-alls (`*`: the API's 404, the console's pages and assets) are not endpoints. The
 * endpoint is found even when a middleware answered before it (a 401, a 403 for CSRF). Under a
 * BASE_PATH the endpoint's path starts with it; the label leaves it out, as the OpenAPI paths do.
 */
export function routeTemplate(
  routes: readonly { method: string; path: string }[],
  basePath = '',
): string {
  const endpoint = routes.find((route) => route.method !== 'ALL' && !route.path.includes('*'));
  if (!endpoint) return UNMATCHED_ROUTE;
  const path =
    basePath && endpoint.path.startsWith(`${basePath}/`)
      ? endpoint.path.slice(basePath.length)
      : endpoint.path;
  // Hono writes parameters `:id` (or `:id{regex}`); OpenAPI writes `{id}`.
  return path.replace(/:(\w+)(\{[^/]*\})?/g, '{$1}');
}

export function createMetrics(options: {
  database: Database;
  clock: Clock;
  /** BASE_PATH, left out of the route labels. */
  basePath?: string;
}): Metrics {
  const { database, clock, basePath = '' } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'perimeter_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'perimeter_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer being ready, by method, route template and status code.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  // The database is read at scrape time, in one place, so that the gauges of one scrape agree and
  // a database that does not answer shows as down instead of failing the whole scrape.
  let reading: Promise<void> | undefined;
  const databaseUp = new Gauge({
    name: 'perimeter_database_up',
    help: 'Whether the database answered the metrics queries of this scrape (1) or not (0).',
    registers: [registry],
    collect: () => readDatabase(),
  });
  const runs = new Gauge({
    name: 'perimeter_runs',
    help: 'Runs by state, across all accounts, read from the database at scrape time.',
    labelNames: ['state'],
    registers: [registry],
    collect: () => readDatabase(),
  });
  const runners = new Gauge({
    name: 'perimeter_runners',
    help: `Registered, unrevoked runners by state, across all accounts: online when it polled within the last ${RUNNER_ONLINE_WINDOW_MS / 1000} s, as the console shows it; waiting when it has not registered yet.`,
    labelNames: ['state'],
    registers: [registry],
    collect: () => readDatabase(),
  });
  new Gauge({
    name: 'perimeter_database_info',
    help: 'The database driver this server runs on (always 1).',
    labelNames: ['driver'],
    registers: [registry],
  }).set({ driver: database.driver }, 1);

  function readDatabase(): Promise<void> {
    // The gauges' collect() are all called at once, at the start of a scrape (the registry asks
    // every metric before awaiting any): they share one reading, forgotten once it is done.
    reading ??= (async () => {
      try {
        const [runCounts, runnerCounts] = await Promise.all([
          readRunCounts(database.db),
          readRunnerCounts(database.db, new Date(clock.now().getTime() - RUNNER_ONLINE_WINDOW_MS)),
        ]);
        for (const state of RUN_STATES) runs.set({ state }, runCounts.get(state) ?? 0);
        for (const state of RUNNER_STATES) runners.set({ state }, runnerCounts[state]);
        databaseUp.set(1);
      } catch {
        // Stale counts would be read as true: none at all is what a down database means.
        runs.reset();
        runners.reset();
        databaseUp.set(0);
      }
    })().finally(() => {
      reading = undefined;
    });
    return reading;
  }

  const pool = database.poolStats;
  if (pool) {
    // PostgreSQL only; PGlite is one connection inside this process, with no pool to watch.
    const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(pool()));
        },
      });
    poolGauge(
      'perimeter_database_pool_connections',
      'Connections the PostgreSQL pool holds open, in use or idle.',
      (s) => s.total,
    );
    poolGauge(
      'perimeter_database_pool_idle_connections',
      'Connections of the PostgreSQL pool that are idle.',
      (s) => s.idle,
    );
    poolGauge(
      'perimeter_database_pool_waiting_requests',
      'Queries waiting for a connection of the PostgreSQL pool (the pool is too small or the database too slow).',
      (s) => s.waiting,
    );
    poolGauge(
      'perimeter_database_pool_max_connections',
      'The most connections the PostgreSQL pool opens.',
      (s) => s.max,
    );
  }

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const labels = {
        method: METHODS.has(c.req.method) ? c.req.method : 'OTHER',
        route: routeTemplate(matchedRoutes(c), basePath),
        status: String(c.res.status),
      };
      requests.inc(labels);
      latency.observe(labels, (performance.now() - started) / 1000);
    }
  };
  return { registry, middleware };
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * The metrics port: `GET /metrics` in Prometheus text format, nothing else. It is not the public
 * port, so that metrics (route names, counts, the process's memory) need no authentication and
 * stay inside the cluster; bind it where Prometheus, not the public, reaches it (METRICS_HOST).
 */
export function serveMetrics(
  metrics: Metrics,
  options: { port: number; host: string; logger: Logger },
): ServerType {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': metrics.registry.contentType });
  });
  app.notFound((c) => c.text('Not found: metrics are at /metrics.\n', 404));
  app.onError((error, c) => {
    options.logger.error({ err: error }, 'metrics scrape failed');
    return c.text('The metrics could not be collected.\n', 500);
  });
  return serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
    options.logger.info(
      { port: info.port, host: options.host },
      `Metrics are served on http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${info.port}/metrics`,
    );
  });
}
