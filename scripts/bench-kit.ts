/**
 * What every `npm run bench:*` script shares: a seeded random generator, the database to measure
 * (in-memory PGlite, or a fresh database on BENCH_DATABASE_URL that is dropped at the end), the
 * app's dependencies, the timing loop and the table it prints. Each script seeds its own data
 * and names its own requests.
 *
 * BENCH_RUNS (default 50) sets the timed runs per request; BENCH_EXPLAIN=1 also prints, for one
 * run of each request, every statement it ran with its time and `EXPLAIN ANALYZE`. BENCH_KEEP=1
 * keeps the PostgreSQL database (and prints its name) for looking at plans by hand afterwards.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database, type Db } from '../server/src/db/client';
import { seedLarge, type LargeSeed } from '../server/src/db/seed/large';
import { defaultEnv } from '../server/src/env';
import { systemClock } from '../server/src/lib/clock';
import type { Deps } from '../server/src/lib/context';
import { createLogger } from '../server/src/lib/logger';
import { productionPasswords } from '../server/src/lib/passwords';
import { ephemeralSecretBox } from '../server/src/lib/secret-box';
import type { createApp } from '../server/src/app';
import type { createAccount, createActivePerson } from '../server/src/modules/auth/auth.service';
import type { TestAgent } from '../server/src/testing/test-agent';

export const WARM_UP = 5;
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 50);
const BATCH = 1_000;

/** mulberry32, with helpers: the same data on every run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  /** A v4-shaped UUID from the generator, so that ids (and so tie-breaks) repeat too. */
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(random() * 4)]!;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { random, pick, uuid };
}

export async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += BATCH) {
    await insert(rows.slice(start, start + BATCH));
  }
}

async function serverVersion(db: Db): Promise<string> {
  const result = (await db.execute(sql`show server_version`)) as unknown as {
    rows: { server_version: string }[];
  };
  return result.rows[0]?.server_version.split(' ')[0] ?? '?';
}

/**
 * The database to measure, and what to call it in the table; `open` may be another checkout's
 * `openDatabase`, to migrate it with that checkout's migrations.
 */
export async function openBenchDatabase(open: typeof openDatabase = openDatabase): Promise<{
  database: Database;
  label: string;
  drop(): Promise<void>;
}> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const database = await open({ kind: 'pglite' });
    return {
      database,
      label: `PGlite ${await serverVersion(database.db)} (in memory)`,
      drop: () => database.close(),
    };
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error('BENCH_DATABASE_URL: postgres://…');
  const name = `perimeter_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await open({ kind: 'postgres', url: url.toString() });
  return {
    database,
    label: `PostgreSQL ${await serverVersion(database.db)} (${url.host})`,
    drop: async () => {
      await database.close().catch(() => undefined);
      if (process.env.BENCH_KEEP) return console.log(`kept ${name}`);
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The app's dependencies over the benchmark database, logging nothing. */
export function benchDeps(database: Database): Deps {
  return {
    db: database.db,
    database,
    env: defaultEnv(),
    clock: systemClock,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    mailer: null,
    secrets: ephemeralSecretBox(),
    passwords: productionPasswords,
  };
}

interface Statement {
  text: string;
  params: unknown[];
  ms: number;
}
type Query = (...args: unknown[]) => Promise<unknown>;

/**
 * Records the statements sent through the driver (PGlite's `query`, or node-postgres' pool
 * `query`) while `recording` is on, and explains them afterwards with the same parameters.
 */
function statementRecorder(db: Db) {
  const client = (db as unknown as { $client: { query: Query } }).$client;
  const send = client.query.bind(client);
  const statements: Statement[] = [];
  let recording = false;
  client.query = async (...args: unknown[]) => {
    const start = performance.now();
    const result = await send(...args);
    if (recording) {
      const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[]];
      statements.push(
        typeof first === 'string'
          ? { text: first, params: second ?? [], ms: performance.now() - start }
          : // node-postgres takes the values in the config or, as Drizzle passes them, beside it.
            {
              text: first.text,
              params: first.values ?? second ?? [],
              ms: performance.now() - start,
            },
      );
    }
    return result;
  };
  return {
    start() {
      statements.length = 0;
      recording = true;
    },
    async print() {
      recording = false;
      for (const { text, params, ms } of statements.splice(0)) {
        console.log(`\n  ${ms.toFixed(1)} ms: ${text}\n  ${JSON.stringify(params)}`);
        const plan = (await send(`explain (analyze) ${text}`, params)) as {
          rows: { 'QUERY PLAN': string }[];
        };
        for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
      }
    },
  };
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** One request to time: `label` is what the table shows (ids replaced by names). */
export interface BenchRequest {
  label: string;
  agent: TestAgent;
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** What the answer says it matched (a list's `total`), for the table's second column. */
  matches?: (answer: unknown) => number | string;
}

interface Row {
  label: string;
  matches: string;
  p50: number;
  p95: number;
  max: number;
}

/** Times each request WARM_UP + RUNS times; fails on any answer that is not 2xx. */
export async function timeRequests(db: Db, requests: BenchRequest[]): Promise<Row[]> {
  const recorder = process.env.BENCH_EXPLAIN ? statementRecorder(db) : null;
  const rows: Row[] = [];
  for (const request of requests) {
    const send = () => request.agent.request(request.method ?? 'GET', request.path, request.body);
    if (recorder) {
      await send();
      recorder.start();
      await send();
      console.log(`\n${request.method ?? 'GET'} ${request.label}`);
      await recorder.print();
    }
    const times: number[] = [];
    let matches = '';
    for (let run = 0; run < WARM_UP + RUNS; run += 1) {
      const start = performance.now();
      const res = await send();
      const body = await res.text();
      const elapsed = performance.now() - start;
      if (!res.ok)
        throw new Error(`${request.method ?? 'GET'} ${request.path}: ${res.status} ${body}`);
      if (run >= WARM_UP) times.push(elapsed);
      const answer = JSON.parse(body) as { total?: number };
      const value = request.matches ? request.matches(answer) : answer.total;
      matches = typeof value === 'number' ? value.toLocaleString('en-US') : (value ?? '—');
    }
    times.sort((a, b) => a - b);
    rows.push({
      label: request.label,
      matches,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      max: times.at(-1)!,
    });
  }
  return rows;
}

/** The table docs/performance.md keeps, in Markdown. */
export function printTable(rows: Row[], label: string): void {
  const header = ['request', 'matches', 'p50 ms', 'p95 ms', 'max ms'];
  const cells = rows.map((row) => [
    `\`${row.label}\``,
    row.matches,
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    row.max.toFixed(1),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((c) => c[i]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${WARM_UP} warm-up runs, then ${RUNS} timed runs each, on ${label}:\n`);
  console.log(line(header));
  console.log(
    `| ${widths.map((width, i) => (i === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`,
  );
  for (const row of cells) console.log(line(row));
}

/** Opens the database, runs `body`, prints its failure if any, drops the database, exits. */
export async function runBenchmark(
  body: (database: Database, label: string) => Promise<void>,
): Promise<never> {
  const { database, label, drop } = await openBenchDatabase();
  let failed = false;
  try {
    await body(database, label);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await drop();
  }
  process.exit(failed ? 1 : 0);
}

/** The root of this checkout. */
export const ROOT = resolve(import.meta.dirname, '..');

/**
 * What the benchmarks take from a checkout of Perimeter: this one, or a baseline's (another
 * worktree, say of main) loaded from its own files, with its own node_modules and migrations.
 */
export interface Checkout {
  name: string;
  root: string;
  createApp: typeof createApp;
  openDatabase: typeof openDatabase;
  deps(database: Database): Deps;
  createAccount: typeof createAccount;
  createActivePerson: typeof createActivePerson;
}

/** Loads the checkout at `root` (its server/src files, through tsx like ours). */
export async function loadCheckout(root: string, name: string): Promise<Checkout> {
  const load = async <T>(path: string): Promise<T> =>
    (await import(pathToFileURL(join(root, path)).href)) as T;
  const app = await load<typeof import('../server/src/app')>('server/src/app.ts');
  const client = await load<typeof import('../server/src/db/client')>('server/src/db/client.ts');
  const env = await load<typeof import('../server/src/env')>('server/src/env.ts');
  const clock = await load<typeof import('../server/src/lib/clock')>('server/src/lib/clock.ts');
  const logger = await load<typeof import('../server/src/lib/logger')>('server/src/lib/logger.ts');
  const passwords = await load<typeof import('../server/src/lib/passwords')>(
    'server/src/lib/passwords.ts',
  );
  const secretBox = await load<typeof import('../server/src/lib/secret-box')>(
    'server/src/lib/secret-box.ts',
  );
  const auth = await load<typeof import('../server/src/modules/auth/auth.service')>(
    'server/src/modules/auth/auth.service.ts',
  );
  return {
    name,
    root,
    createApp: app.createApp,
    openDatabase: client.openDatabase,
    deps: (database) => ({
      db: database.db,
      database,
      env: env.defaultEnv(),
      clock: clock.systemClock,
      logger: logger.createLogger({ LOG_LEVEL: 'silent' }),
      mailer: null,
      secrets: secretBox.ephemeralSecretBox(),
      passwords: passwords.productionPasswords,
    }),
    createAccount: auth.createAccount,
    createActivePerson: auth.createActivePerson,
  };
}

/** This checkout, and the one at BENCH_BASELINE if set (first, as the table's left column). */
export async function checkoutsToCompare(): Promise<Checkout[]> {
  const self = await loadCheckout(ROOT, 'this checkout');
  const base = process.env.BENCH_BASELINE;
  if (!base) return [self];
  const root = resolve(base);
  if (root === ROOT) throw new Error('BENCH_BASELINE is this checkout: give another worktree.');
  return [await loadCheckout(root, `baseline (${root})`), self];
}

/** The large account's pipelines: SEED_PIPELINES, or the issue's 20,000. */
export const LARGE_PIPELINES = Number(process.env.SEED_PIPELINES ?? 20_000);

/**
 * Seeds issue 17's large account (LARGE_PIPELINES) into `database` with the
 * checkout's own account code, runs `analyze` as SEED_ANALYZE says (default: on PostgreSQL only,
 * as autovacuum would) and prints how long it took: bench:api's and bench:load's preparation.
 */
export async function seedLargeFor(
  checkout: Checkout,
  database: Database,
  label: string,
): Promise<LargeSeed> {
  const start = performance.now();
  const seeded = await seedLarge(database.db, {
    pipelines: LARGE_PIPELINES,
    createAccount: checkout.createAccount,
    createActivePerson: checkout.createActivePerson,
  });
  const analyze = process.env.SEED_ANALYZE
    ? process.env.SEED_ANALYZE === '1'
    : database.driver === 'postgres';
  if (analyze) await database.db.execute(sql`analyze`);
  console.log(
    `${checkout.name}: seeded ${label} in ${((performance.now() - start) / 1000).toFixed(0)} s` +
      (analyze ? ', analyzed' : ', not analyzed'),
  );
  return seeded;
}

/** `uptime`'s three load averages, to quote beside figures on a shared machine. */
export async function loadAverage(): Promise<string> {
  const { loadavg } = await import('node:os');
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
