import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import type { MetricValueWithName } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedDemo } from '../db/seed/demo';
import { seedRunnersAndRuns } from '../testing/operations-scene';
import { startServerProcess, type ServerProcess } from '../testing/server-process';
import { createTestApp, type TestContext } from '../testing/test-app';
import { TestAgent } from '../testing/test-agent';
import { createMetrics, routeTemplate, UNMATCHED_ROUTE, type Metrics } from './metrics';

/** The scrape, parsed as Prometheus would; a malformed exposition throws here. */
async function scrape(metrics: Metrics): Promise<Map<string, ParsedFamily>> {
  const families = parsePrometheusTextFormat(await metrics.registry.metrics());
  return new Map(families.map((family) => [family.name, family]));
}

function sample(family: ParsedFamily | undefined, labels: Record<string, string>) {
  return family?.metrics.find((metric) =>
    Object.entries(labels).every(([name, value]) => metric.labels?.[name] === value),
  );
}

describe('route templates', () => {
  it('names the endpoint that matched in OpenAPI form, never the URL', () => {
    const use = { method: 'ALL', path: '*' };
    expect(routeTemplate([use, { method: 'GET', path: '/api/pipelines/:id' }])).toBe(
      '/api/pipelines/{id}',
    );
    expect(
      routeTemplate([
        use,
        { method: 'ALL', path: '/api/*' },
        { method: 'POST', path: '/api/runs/:runId/jobs/:job{[a-z-]+}/approve' },
      ]),
    ).toBe('/api/runs/{runId}/jobs/{job}/approve');
    expect(routeTemplate([use, { method: 'ALL', path: '/api/*' }])).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate([use, { method: 'GET', path: '*' }])).toBe(UNMATCHED_ROUTE);
  });
});

describe('metrics of an app', () => {
  let t: TestContext;
  let metrics: Metrics;
  let browser: TestAgent;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.deps.db, t.deps.secrets);
    metrics = createMetrics({ database: t.deps.database, clock: t.clock });
    browser = new TestAgent(createApp({ ...t.deps, metrics }));
  }, 60_000);
  afterAll(() => t.close());

  it('counts and times requests by route template, method and status', async () => {
    const id = () => crypto.randomUUID();
    expect((await browser.get(`/api/pipelines/${id()}`)).status).toBe(401);
    expect((await browser.get(`/api/pipelines/${id()}`)).status).toBe(401);
    expect((await browser.get('/api/health')).status).toBe(200);
    // Anonymous: refused before it would have been found missing.
    expect((await browser.get(`/api/no-such-thing/${id()}`)).status).toBe(401);
    expect((await browser.get('/pipelines')).status).toBe(200);

    const families = await scrape(metrics);
    const requests = families.get('perimeter_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    expect(
      sample(requests, { method: 'GET', route: '/api/pipelines/{id}', status: '401' })?.value,
    ).toBe('2');
    expect(sample(requests, { route: '/api/health', status: '200' })?.value).toBe('1');
    expect(sample(requests, { route: UNMATCHED_ROUTE, status: '401' })?.value).toBe('1');
    expect(sample(requests, { route: UNMATCHED_ROUTE, status: '200' })?.value).toBe('1');
    // No label holds a URL with an id in it.
    for (const metric of requests!.metrics)
      expect(metric.labels?.route).not.toMatch(/[0-9a-f]{8}-/);

    const latency = families.get('perimeter_http_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    // The parser keeps no labels of a histogram's samples: read them from the registry instead.
    const histogram = await metrics.registry
      .getSingleMetric('perimeter_http_request_duration_seconds')!
      .get();
    const values = histogram.values as (MetricValueWithName<string> &
      (typeof histogram.values)[0])[];
    const timed = (suffix: string, labels: Record<string, string> = {}) =>
      values.find(
        (value) =>
          value.metricName === `perimeter_http_request_duration_seconds${suffix}` &&
          value.labels.route === '/api/pipelines/{id}' &&
          value.labels.status === '401' &&
          Object.entries(labels).every(([name, wanted]) => String(value.labels[name]) === wanted),
      )?.value;
    expect(timed('_count')).toBe(2);
    expect(timed('_bucket', { le: '10' })).toBe(2);
    expect(timed('_sum')).toBeGreaterThan(0);

    await browser.get('/api/health');
    const again = await scrape(metrics);
    expect(
      sample(again.get('perimeter_http_requests_total'), { route: '/api/health' })?.value,
    ).toBe('2');
  });

  it('labels routes without BASE_PATH, as the OpenAPI document names them', async () => {
    const sub = await createTestApp({ env: { BASE_PATH: '/perimeter' } });
    try {
      const subMetrics = createMetrics({
        database: sub.deps.database,
        clock: sub.clock,
        basePath: '/perimeter',
      });
      const agent = new TestAgent(createApp({ ...sub.deps, metrics: subMetrics }), '/perimeter');
      const url = `/perimeter/api/pipelines/${crypto.randomUUID()}`;
      expect((await agent.get(url)).status).toBe(401);
      const requests = (await scrape(subMetrics)).get('perimeter_http_requests_total');
      expect(
        requests?.metrics.map((metric) => [metric.labels?.route, metric.labels?.status]),
      ).toEqual([['/api/pipelines/{id}', '401']]);
    } finally {
      await sub.close();
    }
  });

  it('reads the runs by state and the runners by state from the database at each scrape', async () => {
    const before = await scrape(metrics);
    expect(sample(before.get('perimeter_runs'), { state: 'queued' })?.value).toBe('0');
    expect(before.get('perimeter_database_up')?.metrics[0]?.value).toBe('1');

    await seedRunnersAndRuns(t.deps.db, t.clock.now(), {
      queued: 3,
      running: 2,
      'pending-approval': 1,
      succeeded: 4,
      failed: 1,
    });
    const families = await scrape(metrics);
    const runs = families.get('perimeter_runs');
    expect(runs?.type).toBe('GAUGE');
    const byState = Object.fromEntries(runs!.metrics.map((m) => [m.labels!.state, m.value]));
    expect(byState).toEqual({
      queued: '3',
      running: '2',
      'pending-approval': '1',
      succeeded: '4',
      failed: '1',
      denied: '0',
      cancelled: '0',
    });
    const runners = families.get('perimeter_runners');
    expect(sample(runners, { state: 'online' })?.value).toBe('2');
    expect(sample(runners, { state: 'offline' })?.value).toBe('1');
    expect(sample(runners, { state: 'waiting' })?.value).toBe('1');

    // A runner's last poll ages as the clock moves on: it goes offline as the console shows.
    t.clock.advance(30_000);
    const later = await scrape(metrics);
    expect(sample(later.get('perimeter_runners'), { state: 'online' })?.value).toBe('1');
    expect(sample(later.get('perimeter_runners'), { state: 'offline' })?.value).toBe('2');
  });

  it('shows the database pool on PostgreSQL and the default process metrics', async () => {
    const families = await scrape(metrics);
    expect(families.get('process_cpu_seconds_total')?.type).toBe('COUNTER');
    expect(families.has('nodejs_heap_size_used_bytes')).toBe(true);
    expect(
      sample(families.get('perimeter_database_info'), { driver: t.deps.database.driver })?.value,
    ).toBe('1');
    const pool = families.get('perimeter_database_pool_connections');
    if (t.deps.database.driver === 'postgres') {
      expect(Number(pool?.metrics[0]?.value)).toBeGreaterThan(0);
      expect(families.get('perimeter_database_pool_max_connections')?.metrics[0]?.value).toBe('5');
      expect(families.has('perimeter_database_pool_waiting_requests')).toBe(true);
    } else {
      // PGlite is one connection inside the process: there is no pool to show.
      expect(pool).toBeUndefined();
    }
  });
});

describe('the metrics port of a real server', () => {
  let dir: string;
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /metrics on METRICS_PORT only, not on the public port', async () => {
    dir = mkdtempSync(join(tmpdir(), 'perimeter-metrics-'));
    server = startServerProcess({ dataDir: dir, env: { METRICS_PORT: '0' } });
    const port = await server.listening;
    await expect
      .poll(() => /Metrics are served on (http:[^\s"]+)/.exec(server.output()))
      .toBeTruthy();
    const url = /Metrics are served on (http:[^\s"]+)/.exec(server.output())![1]!;
    expect(new URL(url).port).not.toBe(String(port));

    await fetch(`http://127.0.0.1:${port}/api/auth/setup`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const families = new Map(
      parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]),
    );
    expect(
      sample(families.get('perimeter_http_requests_total'), {
        method: 'GET',
        route: '/api/auth/setup',
        status: '200',
      })?.value,
    ).toBe('1');
    expect(families.get('perimeter_database_up')?.metrics[0]?.value).toBe('1');
    expect(sample(families.get('perimeter_runs'), { state: 'queued' })?.value).toBe('0');

    const onPublicPort = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(await onPublicPort.text()).not.toContain('perimeter_http_requests_total');
    expect((await fetch(new URL('/other', url))).status).toBe(404);
  }, 60_000);
});
