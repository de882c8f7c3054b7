/**
 * `npm run bench:policy`: policy as code (issue 20) at the scale of issue 17's large account —
 * 500 teams, 2,000 rules (+3 defaults), 20,000 tagged pipelines, 2,000 clusters and 10,000
 * people (scripts/seed-large.ts's seed). Times, through the real app, the export (YAML and
 * JSON), the plan of the policy unchanged, and the plan of a change that moves people between
 * teams, adds a rule and retags 1,000 pipelines; prints p50 / p95 / max (docs/performance.md
 * keeps the results).
 *
 * In-memory PGlite by default; BENCH_DATABASE_URL runs it on PostgreSQL (a database of its own,
 * dropped afterwards). BENCH_RUNS (default 5) timed runs after one warm-up run each.
 */
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import type { PolicyDocument, PolicyPlan } from '../server/contract/policy';
import { createApp } from '../server/src/app';
import { seedLarge } from '../server/src/db/seed/large';
import { TestAgent } from '../server/src/testing/test-agent';
import { benchDeps, LARGE_PIPELINES, loadAverage, percentile, runBenchmark } from './bench-kit';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5);

interface Row {
  label: string;
  size: string;
  p50: number;
  p95: number;
  max: number;
}

async function time(
  label: string,
  send: () => Promise<Response>,
  sizeOf: (body: string) => string,
): Promise<Row> {
  const times: number[] = [];
  let size = '';
  for (let run = 0; run < 1 + RUNS; run += 1) {
    const start = performance.now();
    const res = await send();
    const body = await res.text();
    const elapsed = performance.now() - start;
    if (!res.ok) throw new Error(`${label}: ${res.status} ${body.slice(0, 500)}`);
    if (run > 0) times.push(elapsed);
    size = sizeOf(body);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    size,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    max: times.at(-1)!,
  };
}

const kib = (body: string) => `${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB`;

function planSize(body: string): string {
  const plan = JSON.parse(body) as PolicyPlan;
  const items = Object.values(plan.sections).reduce(
    (sum, s) => sum + s.added.length + s.changed.length + s.removed.length,
    0,
  );
  return `${plan.problems.length} problems, ${items} items, ${plan.impact.gains.length}+${plan.impact.losses.length} impact lines${plan.impact.truncated ? ' (truncated)' : ''}`;
}

await runBenchmark(async (database, label) => {
  const start = performance.now();
  const seeded = await seedLarge(database.db, { pipelines: LARGE_PIPELINES });
  console.log(`Seeded ${label} in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  const app = createApp(benchDeps(database));
  const admin = new TestAgent(app);
  const login = await admin.post('/api/auth/login', {
    email: seeded.admin.email,
    password: seeded.admin.password,
  });
  if (login.status !== 204) throw new Error(`sign-in: ${login.status}`);

  const yamlText = await (await admin.get('/api/policy')).text();
  const document = parse(yamlText) as PolicyDocument;
  // A change a reviewer would plan: people move between teams, a rule is added, and 1,000
  // pipelines get another tag.
  const changed: PolicyDocument = structuredClone(document);
  const own = changed.teams.filter((team) => team.members);
  for (let index = 0; index < 50 && index + 1 < own.length; index += 1) {
    const [from, to] = [own[index]!, own[index + 1]!];
    const moved = from.members!.shift();
    if (moved && !to.members!.includes(moved)) to.members = [...to.members!, moved].sort();
  }
  changed.rules.push({
    team: own[0]!.name,
    kind: 'pipeline',
    privileges: ['read', 'run'],
    tags: ['bench-added'],
    match: 'any',
  });
  for (const key of Object.keys(changed.tags.pipelines).slice(0, 1000)) {
    changed.tags.pipelines[key] = [...changed.tags.pipelines[key]!, 'bench-added'].sort();
  }

  const plan = (body: string, type: string) => () =>
    admin.request('POST', '/api/policy/import?dryRun=true', undefined, {
      rawBody: body,
      headers: { 'content-type': type },
    });
  const rows = [
    await time('GET /api/policy (YAML)', () => admin.get('/api/policy'), kib),
    await time(
      'GET /api/policy (JSON)',
      () => admin.get('/api/policy', { headers: { accept: 'application/json' } }),
      kib,
    ),
    await time('plan: the export unchanged (YAML)', plan(yamlText, 'application/yaml'), planSize),
    await time(
      'plan: 50 moves, 1 rule, 1,000 retags (JSON)',
      plan(JSON.stringify(changed), 'application/json'),
      planSize,
    ),
  ];
  const header = ['request', 'answer', 'p50 ms', 'p95 ms', 'max ms'];
  const cells = rows.map((r) => [
    r.label,
    r.size,
    r.p50.toFixed(0),
    r.p95.toFixed(0),
    r.max.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  console.log(
    `\n1 warm-up run, then ${RUNS} timed runs each, on ${label}; load ${await loadAverage()}:\n`,
  );
  console.log(line(header));
  console.log(
    `| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
  );
  for (const row of cells) console.log(line(row));
});
