/**
 * `npm run bench:people`: seeds one account with 10,000 people and 500 teams, then times the
 * people and teams list endpoints through the real app (`app.request`, no network) and prints
 * p50 / p95 / max per endpoint. In-memory PGlite by default; with BENCH_DATABASE_URL
 * (`postgres://…`) a fresh database on that server, dropped at the end. It prints figures and
 * fails only when a request does (QUALITY.md's bar is ≤ 50 ms p95; docs/performance.md keeps
 * the results).
 *
 * BENCH_RUNS (default 50) sets the timed runs per endpoint; BENCH_EXPLAIN=1 also prints, for one
 * request of each endpoint, every statement it ran with its time and `EXPLAIN ANALYZE`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { SsoProviderType } from '../server/contract/sso-providers';
import { createApp } from '../server/src/app';
import { openDatabase, type Database, type Db } from '../server/src/db/client';
import { invitations, ssoProviders, teamMembers, teams, users } from '../server/src/db/schema';
import { defaultEnv } from '../server/src/env';
import { DAY, MINUTE, systemClock } from '../server/src/lib/clock';
import type { Deps } from '../server/src/lib/context';
import { sha256 } from '../server/src/lib/crypto';
import { createLogger } from '../server/src/lib/logger';
import { createAccount, createActivePerson } from '../server/src/modules/auth/auth.service';
import { TestAgent } from '../server/src/testing/test-agent';

const PEOPLE = 10_000; // the signed-in administrator included
const TEAMS = 500;
const WARM_UP = 5;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 50);
const BATCH = 1_000;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-people-password' };

const FIRST_NAMES = [
  'Ada', 'Alan', 'Barbara', 'Claude', 'Dennis', 'Donald', 'Edsger', 'Frances', 'Grace', 'Hedy',
  'Ivan', 'John', 'Katherine', 'Ken', 'Leslie', 'Linus', 'Margaret', 'Mary', 'Niklaus', 'Radia',
  'Richard', 'Robin', 'Sophie', 'Tim', 'Tony', 'Vint', 'Whitfield', 'Yukihiro', 'Shafi', 'Jean',
]; // prettier-ignore
const LAST_NAMES = [
  'Lovelace', 'Turing', 'Liskov', 'Shannon', 'Ritchie', 'Knuth', 'Dijkstra', 'Allen', 'Hopper',
  'Lamarr', 'Sutherland', 'McCarthy', 'Johnson', 'Thompson', 'Lamport', 'Torvalds', 'Hamilton',
  'Keller', 'Wirth', 'Perlman', 'Stallman', 'Milner', 'Wilson', 'Berners-Lee', 'Hoare', 'Cerf',
  'Diffie', 'Matsumoto', 'Goldwasser', 'Sammet', 'Backus', 'Kay', 'Engelbart', 'Hellman', 'Rivest',
  'Shamir', 'Adleman', 'Kahn', 'Bachman', 'Codd',
]; // prettier-ignore

const SSO_PROVIDERS: { name: string; type: SsoProviderType; config: Record<string, string> }[] = [
  { name: 'Okta', type: 'oidc', config: { issuerUrl: 'https://okta.example', clientId: 'perimeter' } },
  { name: 'Shibboleth', type: 'saml', config: { ssoUrl: 'https://idp.example/sso', entityId: 'perimeter', certificate: 'MIIB' } },
  { name: 'Directory', type: 'ldap', config: { url: 'ldaps://ldap.example', bindDn: 'cn=perimeter', searchBase: 'ou=people' } },
]; // prettier-ignore

/** mulberry32: the same people, teams and memberships on every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261124);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A v4-shaped UUID from the seeded generator, so that ids (and so tie-breaks) repeat too. */
function seededUuid(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
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

/** The database to measure, and what to call it in the table. */
async function open(): Promise<{ database: Database; label: string; drop(): Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ kind: 'pglite' });
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
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    database,
    label: `PostgreSQL ${await serverVersion(database.db)} (${url.host})`,
    drop: async () => {
      await database.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * One account: the administrator who signs in (the one hashed password), 9,999 more people in
 * bulk (about 10% administrators, 5% invited with a pending link, 30% on one of three SSO
 * providers), 500 teams and 2 to 4 memberships per person, skewed so that low-numbered teams
 * are large (team-0001 has over a thousand members, the last ones a few dozen).
 */
async function seed(db: Db) {
  const now = Date.now();
  const accountId = await createAccount(db, 'Bench Industries');
  const adminId = await createActivePerson(db, accountId, {
    ...ADMIN,
    name: 'Bench Administrator',
    level: 'administrator',
  });

  const providers = await db
    .insert(ssoProviders)
    .values(
      SSO_PROVIDERS.map((provider) => ({
        ...provider,
        accountId,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })),
    )
    .returning({ id: ssoProviders.id });

  const people: (typeof users.$inferInsert)[] = [];
  const pending: (typeof invitations.$inferInsert)[] = [];
  for (let i = 1; i < PEOPLE; i += 1) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const invited = random() < 0.05;
    const createdAt = new Date(now - (PEOPLE - i) * 7 * MINUTE);
    const person = {
      id: seededUuid(),
      accountId,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      level: random() < 0.1 ? ('administrator' as const) : ('user' as const),
      status: invited ? ('invited' as const) : ('active' as const),
      ssoProviderId: random() < 0.3 ? pick(providers).id : null,
      createdAt,
      updatedAt: createdAt,
    };
    people.push(person);
    if (invited) {
      // Most links are still valid; some have run out.
      const sent = now - Math.floor(random() * 10) * DAY;
      pending.push({
        accountId,
        userId: person.id,
        tokenHash: sha256(`bench-invitation-${i}`),
        invitedBy: adminId,
        createdAt: new Date(sent),
        expiresAt: new Date(sent + 7 * DAY),
      });
    }
  }
  await inBatches(people, (batch) => db.insert(users).values(batch));
  await inBatches(pending, (batch) => db.insert(invitations).values(batch));

  const teamRows = Array.from({ length: TEAMS }, (_, n) => ({
    id: seededUuid(),
    accountId,
    name: `team-${String(n + 1).padStart(4, '0')}`,
    createdAt: new Date(now - (TEAMS - n) * DAY),
  }));
  await inBatches(teamRows, (batch) => db.insert(teams).values(batch));

  const memberships: (typeof teamMembers.$inferInsert)[] = [];
  for (const userId of [adminId, ...people.map((person) => person.id!)]) {
    const chosen = new Set<number>();
    const wanted = 2 + Math.floor(random() * 3);
    while (chosen.size < wanted) chosen.add(Math.floor(TEAMS * random() ** 2));
    for (const n of chosen) memberships.push({ accountId, teamId: teamRows[n]!.id, userId });
  }
  await inBatches(memberships, (batch) => db.insert(teamMembers).values(batch));
  return {
    teams: teamRows,
    people: PEOPLE,
    memberships: memberships.length,
    invited: pending.length,
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
          : { text: first.text, params: first.values ?? [], ms: performance.now() - start },
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

function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const { database, label, drop } = await open();
let failed = false;
try {
  const deps: Deps = {
    db: database.db,
    database,
    env: defaultEnv(),
    clock: systemClock,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    mailer: null,
  };
  const app = createApp(deps);

  const seedStart = performance.now();
  const seeded = await seed(database.db);
  const seedMs = performance.now() - seedStart;
  console.log(`Database: ${label}`);
  console.log(
    `Seeded ${seeded.people} people (${seeded.invited} invited), ${seeded.teams.length} teams ` +
      `and ${seeded.memberships} memberships in ${(seedMs / 1000).toFixed(1)} s.`,
  );

  const recorder = process.env.BENCH_EXPLAIN ? statementRecorder(database.db) : null;
  const agent = new TestAgent(app);
  const login = await agent.post('/api/auth/login', ADMIN);
  if (login.status !== 204) throw new Error(`sign-in: ${login.status} ${await login.text()}`);

  const customTeam = seeded.teams.find((team) => team.name === 'team-0250')!;
  const endpoints = [
    '/api/users',
    '/api/users?q=hopper',
    '/api/users?sort=-email',
    '/api/users?sort=createdAt&page=250',
    `/api/users?teamId=${customTeam.id}`,
    '/api/teams',
    '/api/teams?q=team-04',
    '/api/teams?sort=-memberCount',
  ];

  const rows: { endpoint: string; total: number; p50: number; p95: number; max: number }[] = [];
  for (const endpoint of endpoints) {
    const times: number[] = [];
    let total = 0;
    if (recorder) {
      await agent.get(endpoint);
      recorder.start();
      await agent.get(endpoint);
      console.log(`\nGET ${endpoint}`);
      await recorder.print();
    }
    for (let run = 0; run < WARM_UP + RUNS; run += 1) {
      const start = performance.now();
      const res = await agent.get(endpoint);
      const body = await res.text();
      const elapsed = performance.now() - start;
      if (!res.ok) throw new Error(`GET ${endpoint}: ${res.status} ${body}`);
      if (run >= WARM_UP) times.push(elapsed);
      total = (JSON.parse(body) as { total: number }).total;
    }
    times.sort((a, b) => a - b);
    rows.push({
      endpoint: endpoint.replace(customTeam.id, '<team-0250>'),
      total,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      max: times.at(-1)!,
    });
  }

  const header = ['endpoint', 'matches', 'p50 ms', 'p95 ms', 'max ms'];
  const cells = rows.map((row) => [
    `\`GET ${row.endpoint}\``,
    row.total.toLocaleString('en-US'),
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
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await drop();
}
process.exit(failed ? 1 : 0);
