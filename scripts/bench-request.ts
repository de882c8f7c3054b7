/**
 * What one request costs the server beside its list: the app in process (no HTTP) over the demo
 * data on in-memory PGlite (or a fresh PostgreSQL database on BENCH_DATABASE_URL), one signed-in
 * administrator, requests one after another. Prints per path the wall time, the process's CPU
 * time and the database statements per request (issue 17, docs/performance.md).
 *
 *   npx tsx scripts/bench-request.ts            BENCH_RUNS (default 400), BENCH_PATHS
 *   node --cpu-prof --import tsx scripts/bench-request.ts    to profile it
 */
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createApp } from '../server/src/app';
import { DEMO_PASSWORD, seedDemo } from '../server/src/db/seed/demo';
import { defaultEnv } from '../server/src/env';
import { systemClock } from '../server/src/lib/clock';
import { createLogger } from '../server/src/lib/logger';
import { productionPasswords } from '../server/src/lib/passwords';
import type { Deps } from '../server/src/lib/context';
import { ephemeralSecretBox } from '../server/src/lib/secret-box';
import { lookupSession } from '../server/src/modules/auth/auth.service';
import { openBenchDatabase } from './bench-kit';

// Every statement either driver is asked to run, transactions counted once.
let statements = 0;
for (const proto of [PGlite.prototype, pg.Pool.prototype] as unknown as Record<
  string,
  (...args: unknown[]) => unknown
>[]) {
  for (const method of ['query', 'exec', 'transaction']) {
    const original = proto[method];
    if (!original) continue;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }
}

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 400);
const PATHS = (process.env.BENCH_PATHS ?? '/api/health /api/me /api/pipelines /api/users').split(
  ' ',
);

const { database, label, drop } = await openBenchDatabase();
const secrets = ephemeralSecretBox();
await seedDemo(database.db, secrets);
// Log lines are written as the server writes them, to a sink instead of the terminal.
const logger = createLogger({ LOG_LEVEL: 'info' }, createWriteStream('/dev/null'));
const app = createApp({
  db: database.db,
  database,
  env: defaultEnv({ STATIC_DIR: 'server/src/testing/fixtures/spa' }),
  clock: systemClock,
  logger,
  mailer: null,
  secrets,
  passwords: productionPasswords,
});
const login = await app.request('/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'ada@example.com', password: DEMO_PASSWORD }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

console.log(`${label}, ${RUNS} requests per path after 50 warm-ups`);
console.log('| path | status | wall ms/request | CPU ms/request | statements/request |');
console.log('|---|---|---|---|---|');
for (const path of PATHS) {
  const get = async () => {
    const res = await app.request(path, { headers: { cookie } });
    await res.arrayBuffer();
    return res.status;
  };
  for (let i = 0; i < 50; i += 1) await get();
  statements = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let status = 0;
  for (let i = 0; i < RUNS; i += 1) status = await get();
  const wall = (performance.now() - started) / RUNS;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / RUNS;
  console.log(
    `| ${path} | ${status} | ${wall.toFixed(2)} | ${cpuMs.toFixed(2)} | ${(statements / RUNS).toFixed(2)} |`,
  );
}

// The session lookup alone, remembered (the embedded database's identity version) and read every
// time (the same deps without it, as on PostgreSQL), interleaved in batches so that both see the
// same machine.
const session = /perimeter_session=([^;]+)/.exec(cookie)?.[1];
if (database.identityVersion && session) {
  const deps = { db: database.db, database, clock: systemClock } as unknown as Deps;
  const reading = { ...deps, database: { ...database, identityVersion: undefined } } as Deps;
  const cpu = { remembered: 0, read: 0 };
  const BATCH = 50;
  for (let round = 0; round < RUNS / BATCH; round += 1) {
    for (const [kind, d] of [
      ['remembered', deps],
      ['read', reading],
    ] as const) {
      const before = process.cpuUsage();
      for (let i = 0; i < BATCH; i += 1) await lookupSession(d, session);
      const used = process.cpuUsage(before);
      cpu[kind] += used.user + used.system;
    }
  }
  const per = (total: number) => (total / 1000 / (Math.floor(RUNS / BATCH) * BATCH)).toFixed(3);
  console.log(
    `session lookup alone: ${per(cpu.read)} ms CPU read every time, ${per(cpu.remembered)} ms remembered`,
  );
}
await drop();
