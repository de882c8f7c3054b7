/**
 * `npm run bench:api`: every list of the API on issue 17's large account
 * (server/src/db/seed/large.ts), through the real app in this process. Seeds the account, signs
 * in its administrator and its member (20 teams, 80 rules), and times each request: BENCH_RUNS
 * (default 50) timed runs after 5 warm-ups, p50 / p95 / max, printed as a Markdown table.
 *
 * BENCH_BASELINE=/path/to/another/checkout (a worktree of main, with its node_modules) also loads
 * that checkout's app, migrates and seeds a second database with its own migrations and its own
 * account code, and alternates the two apps request by request (the order flips every run), so
 * the table shows the baseline beside this checkout measured under the same load.
 *
 * In-memory PGlite by default, a fresh database per checkout on BENCH_DATABASE_URL (dropped at
 * the end). SEED_PIPELINES (default 20000) scales the account; SEED_ANALYZE=1|0 (default: on
 * PostgreSQL only, as autovacuum would) runs `analyze` after seeding; BENCH_ONLY=<text> times
 * only the requests whose label contains it.
 */
import { performance } from 'node:perf_hooks';
import type { LargeSeed } from '../server/src/db/seed/large';
import { TestAgent } from '../server/src/testing/test-agent';
import {
  checkoutsToCompare,
  LARGE_PIPELINES,
  loadAverage,
  openBenchDatabase,
  percentile,
  RUNS,
  seedLargeFor,
  WARM_UP,
  type Checkout,
} from './bench-kit';

interface Request {
  label: string;
  agent: TestAgent;
  path: string;
  matches?: (answer: unknown) => number | string;
}

const total = (answer: unknown) => (answer as { total: number }).total;
const items = (answer: unknown) => (answer as { items: unknown[] }).items.length;

/** The requests, in the table's order; ids come from each checkout's own seeded database. */
function requestsFor(seeded: LargeSeed, admin: TestAgent, member: TestAgent): Request[] {
  type Matches = Request['matches'];
  const m = (path: string, matches: Matches = total): Request => ({
    label: `member: ${path}`,
    agent: member,
    path,
    matches,
  });
  const a = (path: string, matches: Matches = total): Request => ({
    label: `admin: ${path}`,
    agent: admin,
    path,
    matches,
  });
  const runs = `/api/pipelines/${seeded.runsPipelineId}/runs`;
  const sample = seeded.samplePipelineId;
  const one = () => 1;
  return [
    m('/api/pipelines'),
    m('/api/pipelines?page=100'),
    m('/api/pipelines?sort=-updatedAt'),
    m('/api/pipelines?q=proj-01'),
    m('/api/pipelines?tag=production&sort=-updatedAt'),
    { ...m(`/api/pipelines/${seeded.runsPipelineId}`, one), label: 'member: /api/pipelines/<id>' },
    { ...m(runs), label: 'member: /api/pipelines/<id>/runs' },
    m('/api/clusters'),
    m('/api/clusters?q=cluster-001'),
    m('/api/tags?resourceType=pipeline&q=svc-01', items),
    m('/api/me', one),
    a('/api/pipelines'),
    a('/api/pipelines?page=100'),
    a('/api/pipelines?sort=-updatedAt'),
    a('/api/pipelines?q=proj-01'),
    a('/api/pipelines?q=proj-01&page=20'),
    a('/api/pipelines?tag=production'),
    a('/api/rules'),
    a('/api/rules?page=50'),
    a('/api/rules?resourceType=pipeline&privilege=update'),
    {
      ...a(`/api/access/holders?resourceType=pipeline&resourceId=${sample}`, (answer) =>
        String((answer as { grants?: unknown[] }).grants?.length ?? '—'),
      ),
      label: 'admin: /api/access/holders (one pipeline)',
    },
    {
      ...a(
        `/api/access/explain?userId=${seeded.member.id}&resourceType=pipeline&resourceId=${sample}&privilege=run`,
        (answer) => ((answer as { allowed: boolean }).allowed ? 'yes' : 'no'),
      ),
      label: 'admin: /api/access/explain (member, run, one pipeline)',
    },
    a('/api/audit'),
    a('/api/audit?page=100'),
    a('/api/audit?targetType=pipeline&page=20'),
    a('/api/users'),
    a('/api/users?page=100'),
    a('/api/users?q=person-001'),
    a('/api/users?sort=-createdAt'),
    a('/api/teams'),
    a('/api/teams?q=team-001'),
    a('/api/teams?sort=-memberCount'),
    a('/api/clusters'),
    a('/api/clusters?page=50'),
    a('/api/clusters?q=cluster-001'),
    a('/api/clusters?sort=-createdAt'),
    { ...a(runs), label: 'admin: /api/pipelines/<id>/runs' },
    { ...a(`${runs}?page=100`), label: 'admin: /api/pipelines/<id>/runs?page=100' },
    a('/api/tags?resourceType=pipeline&q=svc-01', items),
    a('/api/me', one),
  ];
}

interface Side {
  checkout: Checkout;
  label: string;
  requests: Request[];
  drop(): Promise<void>;
}

async function signIn(app: unknown, email: string) {
  const agent = new TestAgent(app as ConstructorParameters<typeof TestAgent>[0]);
  const res = await agent.post('/api/auth/login', { email, password: 'perimeter-large' });
  if (res.status !== 204) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return agent;
}

async function prepare(checkout: Checkout): Promise<Side> {
  const { database, label, drop } = await openBenchDatabase(checkout.openDatabase);
  try {
    const seeded = await seedLargeFor(checkout, database, label);
    const app = checkout.createApp(checkout.deps(database));
    const admin = await signIn(app, seeded.admin.email);
    const member = await signIn(app, seeded.member.email);
    const only = process.env.BENCH_ONLY;
    const requests = requestsFor(seeded, admin, member).filter(
      (request) => !only || request.label.includes(only),
    );
    return { checkout, label, requests, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

interface Figures {
  matches: string;
  p50: number;
  p95: number;
  max: number;
}

async function timeOnce(request: Request): Promise<{ ms: number; matches: string }> {
  const start = performance.now();
  const res = await request.agent.get(request.path);
  const body = await res.text();
  const ms = performance.now() - start;
  if (!res.ok) throw new Error(`GET ${request.path}: ${res.status} ${body}`);
  const answer = JSON.parse(body) as unknown;
  const value = request.matches ? request.matches(answer) : total(answer);
  return { ms, matches: typeof value === 'number' ? value.toLocaleString('en-US') : value };
}

/** Each request on every side, alternating sides run by run (the first side flips each run). */
async function timeSides(sides: Side[]): Promise<Figures[][]> {
  const rows: Figures[][] = [];
  for (let i = 0; i < sides[0]!.requests.length; i += 1) {
    const times = sides.map(() => [] as number[]);
    const matches = sides.map(() => '');
    for (let run = 0; run < WARM_UP + RUNS; run += 1) {
      const order = run % 2 === 0 ? sides.keys() : [...sides.keys()].reverse();
      for (const s of order) {
        const { ms, matches: m } = await timeOnce(sides[s]!.requests[i]!);
        if (run >= WARM_UP) times[s]!.push(ms);
        matches[s] = m;
      }
    }
    rows.push(
      times.map((list, s) => {
        list.sort((x, y) => x - y);
        return {
          matches: matches[s]!,
          p50: percentile(list, 0.5),
          p95: percentile(list, 0.95),
          max: list.at(-1)!,
        };
      }),
    );
  }
  return rows;
}

function printTable(sides: Side[], rows: Figures[][]) {
  const names = sides.length > 1 ? ['baseline ', 'this '] : [''];
  const header = ['request', 'matches', ...names.flatMap((n) => [`${n}p50`, `${n}p95`, `${n}max`])];
  const cells = rows.map((figures, i) => {
    const distinct = [...new Set(figures.map((f) => f.matches))];
    return [
      `\`${sides[0]!.requests[i]!.label}\``,
      distinct.join(' / '),
      ...figures.flatMap((f) => [f.p50.toFixed(1), f.p95.toFixed(1), f.max.toFixed(1)]),
    ];
  });
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((c) => c[i]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `| ${widths.map((width, i) => (i === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`,
  );
  for (const row of cells) console.log(line(row));
}

const checkouts = await checkoutsToCompare();
const sides: Side[] = [];
let failed = false;
try {
  for (const checkout of checkouts) sides.push(await prepare(checkout));
  const before = await loadAverage();
  const rows = await timeSides(sides);
  const after = await loadAverage();
  console.log(
    `\n${LARGE_PIPELINES.toLocaleString('en-US')} pipelines; ${WARM_UP} warm-ups, then ${RUNS} timed ` +
      `runs each, times in ms, on ${sides[0]!.label}; load average ${before} before, ${after} after.`,
  );
  if (sides.length > 1) {
    console.log(`baseline: ${sides[0]!.checkout.root}; this: ${sides[1]!.checkout.root}\n`);
  } else console.log('');
  printTable(sides, rows);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  for (const side of sides) await side.drop();
}
process.exit(failed ? 1 : 0);
