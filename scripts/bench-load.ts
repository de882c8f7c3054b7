/**
 * `npm run bench:load`: the real server (server/src/index.ts in a process of its own, as
 * `npm run serve` starts it, logging at info) on issue 17's large account
 * (server/src/db/seed/large.ts), under BENCH_CLIENTS (default 50) signed-in clients for
 * BENCH_SECONDS (default 60): a fifth administrators, the rest the member in 20 teams; each signs
 * in once, then sends requests back to back (keep-alive, 10 s timeout) mixing the lists, a
 * pipeline, /api/me and, for administrators, writes (a pipeline created, changed with If-Match,
 * deleted; a team created and deleted). Prints requests/s, p50/p95/p99/max, errors by status,
 * and the server's CPU time per request and memory (from /proc/<pid>) before and after.
 *
 * PGlite in a fresh data folder by default, a fresh database on BENCH_DATABASE_URL otherwise
 * (dropped at the end). SEED_PIPELINES scales the account, SEED_ANALYZE as in bench:api.
 * BENCH_BASELINE=/path/to/another/checkout runs the same load on that checkout's server first
 * (seeded through its own migrations), then on this one's, and prints both side by side.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';
import type { LargeSeed } from '../server/src/db/seed/large';
import {
  checkoutsToCompare,
  LARGE_PIPELINES,
  loadAverage,
  percentile,
  seedLargeFor,
  type Checkout,
} from './bench-kit';

const CLIENTS = Math.max(1, Number(process.env.BENCH_CLIENTS) || 50);
const SECONDS = Math.max(1, Number(process.env.BENCH_SECONDS) || 60);
const TIMEOUT_MS = 10_000;
const CLOCK_TICKS = 100;

/** A database seeded for one checkout, and the environment its server needs to use it. */
interface Prepared {
  label: string;
  seeded: LargeSeed;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function prepare(checkout: Checkout, dataDir: string): Promise<Prepared> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  let url: string | undefined;
  if (serverUrl) {
    const name = `perimeter_load_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  }
  const database = await checkout.openDatabase(
    url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: join(dataDir, 'db') },
  );
  const label = url ? `PostgreSQL (${new URL(url).host})` : 'PGlite (data folder)';
  const seeded = await seedLargeFor(checkout, database, label);
  await database.close();
  return {
    label,
    seeded,
    env: url ? { DATABASE_URL: url, DATA_DIR: dataDir } : { DATA_DIR: join(dataDir, 'db') },
    cleanup: async () => {
      if (!serverUrl || !url) return;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      await admin.end();
    },
  };
}

interface Server {
  pid: number;
  base: string;
  stop(): Promise<void>;
}

/** The checkout's server/src/index.ts under Node with tsx, as `npm run serve`, on a free port. */
async function startServer(checkout: Checkout, env: Record<string, string>): Promise<Server> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    STATIC_DIR: 'server/src/testing/fixtures/spa',
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  delete childEnv.SECRETS_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: checkout.root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let port: number | undefined;
  // Read (and drop) everything it logs, so that a full pipe never holds the server back.
  const read = (chunk: Buffer) => {
    if (port === undefined) output += chunk.toString();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (let waited = 0; port === undefined; waited += 100) {
    const found = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
    if (found) port = Number(found);
    else if (child.exitCode !== null || waited > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${output}`);
    } else await sleep(100);
  }
  return {
    pid: child.pid!,
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds (user + system) and memory of a process, from /proc. */
function processFigures(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { cpu, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** A signed-in client: its cookies, and the CSRF header on unsafe requests. */
class Client {
  private cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    readonly role: 'admin' | 'member',
  ) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const all: Record<string, string> = { ...headers, accept: 'application/json' };
    if (this.cookies.size > 0) {
      all.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const csrf = this.cookies.get(CSRF_COOKIE);
    if (csrf && method !== 'GET') all[CSRF_HEADER] = csrf;
    if (body !== undefined) all['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      if (rest.join('=') === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), rest.join('='));
    }
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), text };
  }
}

interface Sample {
  ms: number;
  status: number | 'timeout' | 'network';
  write: boolean;
}

type Step = (client: Client, record: Recorder) => Promise<void>;
type Recorder = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; etag: string | null; text: string } | null>;

/** The mix: [weight, step] per role. */
function workload(seeded: LargeSeed, readable: string[]) {
  let sequence = 0;
  const int = (n: number) => Math.floor(Math.random() * n);
  const get =
    (path: () => string): Step =>
    async (_, send) => {
      await send('GET', path());
    };
  const member: [number, Step][] = [
    [20, get(() => '/api/pipelines')],
    [10, get(() => `/api/pipelines?page=${1 + int(100)}`)],
    [5, get(() => '/api/pipelines?sort=-updatedAt')],
    [5, get(() => `/api/pipelines?q=proj-0${int(10)}`)],
    [10, get(() => `/api/pipelines/${readable[int(readable.length)]!}`)],
    [5, get(() => '/api/clusters')],
    [5, get(() => `/api/pipelines/${seeded.runsPipelineId}/runs?page=${1 + int(150)}`)],
    [10, get(() => '/api/me')],
    [3, get(() => '/api/tags?resourceType=pipeline&q=svc-0')],
  ];
  const admin: [number, Step][] = [
    [5, get(() => `/api/pipelines?q=proj-0${int(10)}`)],
    [5, get(() => `/api/pipelines?page=${1 + int(100)}`)],
    [5, get(() => '/api/rules')],
    [
      3,
      get(() => `/api/access/holders?resourceType=pipeline&resourceId=${seeded.samplePipelineId}`),
    ],
    [
      3,
      get(
        () =>
          `/api/access/explain?userId=${seeded.member.id}&resourceType=pipeline&resourceId=${seeded.samplePipelineId}&privilege=run`,
      ),
    ],
    [5, get(() => `/api/audit?page=${1 + int(100)}`)],
    [5, get(() => `/api/users?page=${1 + int(50)}`)],
    [5, get(() => '/api/teams')],
    [5, get(() => '/api/clusters')],
    [5, get(() => '/api/me')],
    [
      4,
      async (_, send) => {
        sequence += 1;
        const name = `load-${process.pid}-${sequence}`;
        const created = await send('POST', '/api/pipelines', {
          project: 'load',
          name,
          tags: ['dev'],
        });
        if (!created || created.status !== 201) return;
        const { id } = JSON.parse(created.text) as { id: string };
        const changed = await send(
          'PATCH',
          `/api/pipelines/${id}`,
          { tags: ['dev', 'svc-000'] },
          created.etag ? { 'if-match': created.etag } : {},
        );
        await send(
          'DELETE',
          `/api/pipelines/${id}`,
          undefined,
          changed?.etag ? { 'if-match': changed.etag } : {},
        );
      },
    ],
    [
      2,
      async (_, send) => {
        sequence += 1;
        const created = await send('POST', '/api/teams', {
          name: `load-${process.pid}-${sequence}`,
          memberIds: [seeded.member.id],
        });
        if (!created || created.status !== 201) return;
        const { id } = JSON.parse(created.text) as { id: string };
        await send('DELETE', `/api/teams/${id}`);
      },
    ],
  ];
  const chooser = (mix: [number, Step][]) => {
    const sum = mix.reduce((s, [w]) => s + w, 0);
    return () => {
      let roll = Math.random() * sum;
      for (const [weight, step] of mix) {
        roll -= weight;
        if (roll < 0) return step;
      }
      return mix.at(-1)![1];
    };
  };
  return { member: chooser(member), admin: chooser(admin) };
}

interface Result {
  label: string;
  requests: number;
  seconds: number;
  samples: Sample[];
  cpuPerRequestMs: number;
  cpuShare: number;
  rss: { before: number; after: number; peak: number };
  load: [string, string];
}

async function runLoad(checkout: Checkout): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'perimeter-load-'));
  const prepared = await prepare(checkout, dataDir);
  const server = await startServer(checkout, prepared.env).catch(async (error: unknown) => {
    await prepared.cleanup();
    throw error;
  });
  try {
    const { seeded } = prepared;
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const role = i % 5 === 0 ? 'admin' : 'member';
      const client = new Client(server.base, role);
      const who = role === 'admin' ? seeded.admin : seeded.member;
      const res = await client.send('POST', '/api/auth/login', {
        email: who.email,
        password: who.password,
      });
      if (res.status !== 204) throw new Error(`sign-in: ${res.status} ${res.text}`);
      clients.push(client);
    }
    const memberClient = clients.find((c) => c.role === 'member') ?? clients[0]!;
    const firstPage = JSON.parse(
      (await memberClient.send('GET', '/api/pipelines?pageSize=100')).text,
    ) as { items: { id: string }[] };
    const readable = firstPage.items.map((item) => item.id);
    if (readable.length === 0) readable.push(seeded.runsPipelineId);
    const next = workload(seeded, readable);

    const before = processFigures(server.pid);
    const loadBefore = await loadAverage();
    const samples: Sample[] = [];
    const start = performance.now();
    const end = start + SECONDS * 1000;
    await Promise.all(
      clients.map(async (client) => {
        const send: Recorder = async (method, path, body, headers) => {
          const t0 = performance.now();
          try {
            const res = await client.send(method, path, body, headers);
            samples.push({
              ms: performance.now() - t0,
              status: res.status,
              write: method !== 'GET',
            });
            return res;
          } catch (error) {
            const timeout = (error as Error).name === 'TimeoutError';
            samples.push({
              ms: performance.now() - t0,
              status: timeout ? 'timeout' : 'network',
              write: method !== 'GET',
            });
            return null;
          }
        };
        while (performance.now() < end) await next[client.role]()(client, send);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const after = processFigures(server.pid);
    const loadAfter = await loadAverage();
    const cpu = after.cpu - before.cpu;
    return {
      label: `${checkout.name}, ${prepared.label}`,
      requests: samples.length,
      seconds,
      samples,
      cpuPerRequestMs: (cpu * 1000) / samples.length,
      cpuShare: cpu / seconds,
      rss: { before: before.rssMb, after: after.rssMb, peak: after.peakMb },
      load: [loadBefore, loadAfter],
    };
  } finally {
    await server.stop();
    await prepared.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function summary(result: Result): Record<string, string> {
  const all = result.samples.map((s) => s.ms).sort((a, b) => a - b);
  const reads = result.samples
    .filter((s) => !s.write)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const writes = result.samples
    .filter((s) => s.write)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const errors = new Map<string, number>();
  for (const { status } of result.samples) {
    if (typeof status === 'number' && status < 400) continue;
    errors.set(String(status), (errors.get(String(status)) ?? 0) + 1);
  }
  const ms = (list: number[], q: number) => (list.length ? percentile(list, q).toFixed(0) : '—');
  return {
    requests: result.requests.toLocaleString('en-US'),
    'requests/s': (result.requests / result.seconds).toFixed(1),
    'p50 ms': ms(all, 0.5),
    'p95 ms': ms(all, 0.95),
    'p99 ms': ms(all, 0.99),
    'max ms': ms(all, 1),
    'reads p50 / p99 ms': `${ms(reads, 0.5)} / ${ms(reads, 0.99)}`,
    'writes (requests, p50 / p99 ms)': `${writes.length}, ${ms(writes, 0.5)} / ${ms(writes, 0.99)}`,
    errors: errors.size
      ? [...errors]
          .sort()
          .map(([status, n]) => `${status}: ${n}`)
          .join(', ')
      : 'none',
    'server CPU ms per request': result.cpuPerRequestMs.toFixed(2),
    'server CPU (cores busy)': result.cpuShare.toFixed(2),
    'server RSS MB before / after / peak': `${result.rss.before.toFixed(0)} / ${result.rss.after.toFixed(0)} / ${result.rss.peak.toFixed(0)}`,
    'load average before / after': `${result.load[0]} / ${result.load[1]}`,
  };
}

const checkouts = await checkoutsToCompare();
const results: Result[] = [];
let failed = false;
try {
  for (const checkout of checkouts) {
    results.push(await runLoad(checkout));
    console.log(`${checkout.name}: ${results.at(-1)!.requests} requests`);
  }
  const columns = results.map(summary);
  const names = results.map((r) => r.label);
  console.log(
    `\n${CLIENTS} clients (${Math.ceil(CLIENTS / 5)} administrators) for ${SECONDS} s on ` +
      `${LARGE_PIPELINES.toLocaleString('en-US')} pipelines:\n`,
  );
  const header = ['', ...names];
  const rows = Object.keys(columns[0]!).map((key) => [key, ...columns.map((c) => c[key]!)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
  );
  for (const row of rows) console.log(line(row));
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
}
process.exit(failed ? 1 : 0);
