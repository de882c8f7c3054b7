/**
 * `npm run bench:admin`: the administrators' lists and insight endpoints at the scale of issue
 * 17 — 10,000 people, 500 teams, 2,003 rules, 2,000 clusters, 20,000 pipelines and 50,000 audit
 * entries in one account, with a person ("member") in 20 teams that hold 80 rules. Times, through
 * the real app, the rules list, the explainer, the holders view, the audit log's pages, the people
 * and teams lists and `/api/me`, and prints p50 / p95 / max per request (QUALITY.md's bar is
 * ≤ 50 ms p95; docs/performance.md keeps the results).
 *
 * In-memory PGlite by default; BENCH_DATABASE_URL, BENCH_RUNS and BENCH_EXPLAIN work as
 * scripts/bench-kit.ts describes. BENCH_ONLY=<text>[,<text>…] times only the requests
 * whose label contains one of them; BENCH_PROFILE=<file> writes a V8 CPU profile of the timed requests (not of the
 * seeding) to that file, for Chromium's DevTools or speedscope. BENCH_DIGEST=1 prints a digest
 * of each answer, ids and times replaced by their order of appearance, to compare the answers of
 * two commits on the same data.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import type { Privilege, ResourceType, TagMatch } from '../server/contract/access';
import type { AuditAction, AuditTargetType } from '../server/contract/audit';
import { INLINE_TEMPLATE } from '../server/contract/pipeline-sources';
import { createApp } from '../server/src/app';
import type { Db } from '../server/src/db/client';
import {
  accessRules,
  accounts,
  auditEntries,
  clusters,
  invitations,
  pipelines,
  teamMembers,
  teams,
  users,
} from '../server/src/db/schema';
import { DAY, MINUTE } from '../server/src/lib/clock';
import { sha256 } from '../server/src/lib/crypto';
import { createAccount, createActivePerson } from '../server/src/modules/auth/auth.service';
import { TestAgent } from '../server/src/testing/test-agent';
import {
  benchDeps,
  inBatches,
  printTable,
  runBenchmark,
  seededRandom,
  timeRequests,
  type BenchRequest,
} from './bench-kit';

const PEOPLE = 10_000;
const TEAMS = 500;
const RULES_PER_TEAM = 4;
const CLUSTERS = 2_000;
const PIPELINES = 20_000;
const AUDIT = 50_000;
const MEMBER_TEAMS = 20;
const SERVICES = 300;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };
const MEMBER = { email: 'bench-member@example.com', password: 'bench-admin-password' };

const FIRST_NAMES = [
  'Ada', 'Alan', 'Barbara', 'Claude', 'Dennis', 'Donald', 'Edsger', 'Frances', 'Grace', 'Hedy',
  'Ivan', 'John', 'Katherine', 'Ken', 'Leslie', 'Linus', 'Margaret', 'Mary', 'Niklaus', 'Radia',
]; // prettier-ignore
const LAST_NAMES = [
  'Lovelace', 'Turing', 'Liskov', 'Shannon', 'Ritchie', 'Knuth', 'Dijkstra', 'Allen', 'Hopper',
  'Lamarr', 'Sutherland', 'McCarthy', 'Johnson', 'Thompson', 'Lamport', 'Torvalds', 'Hamilton',
  'Keller', 'Wirth', 'Perlman', 'Stallman', 'Milner', 'Wilson', 'Hoare', 'Cerf',
]; // prettier-ignore
const ENVIRONMENTS = ['production', 'staging', 'dev', 'qa'];
const REGIONS = ['eu', 'us', 'ap'];
const AUDIT_KINDS: [AuditAction, AuditTargetType][] = [
  ['pipeline.updated', 'pipeline'],
  ['pipeline.created', 'pipeline'],
  ['cluster.updated', 'cluster'],
  ['rule.updated', 'rule'],
  ['rule.created', 'rule'],
  ['user.updated', 'user'],
  ['user.invited', 'user'],
  ['team.updated', 'team'],
  ['trigger.updated', 'trigger'],
  ['run.approved', 'run'],
];

const { random, pick, uuid } = seededRandom(20261207);
const service = () => `svc-${String(Math.floor(random() * SERVICES)).padStart(3, '0')}`;

function randomTags(): string[] {
  if (random() < 0.05) return [];
  const tags = new Set([pick(ENVIRONMENTS), service()]);
  if (random() < 0.5) tags.add(service());
  if (random() < 0.5) tags.add(pick(REGIONS));
  return [...tags].sort();
}

async function seed(db: Db) {
  const now = Date.now();
  const accountId = await createAccount(db, 'Bench Administration');
  const adminId = await createActivePerson(db, accountId, {
    ...ADMIN,
    name: 'Bench Administrator',
    level: 'administrator',
  });
  const memberId = await createActivePerson(db, accountId, {
    ...MEMBER,
    name: 'Bench Member',
    level: 'user',
  });

  const people: (typeof users.$inferInsert)[] = [];
  const pending: (typeof invitations.$inferInsert)[] = [];
  for (let i = 2; i < PEOPLE; i += 1) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const invited = random() < 0.05;
    const createdAt = new Date(now - (PEOPLE - i) * 7 * MINUTE);
    const person = {
      id: uuid(),
      accountId,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      level: random() < 0.1 ? ('administrator' as const) : ('user' as const),
      status: invited ? ('invited' as const) : ('active' as const),
      createdAt,
      updatedAt: createdAt,
    };
    people.push(person);
    if (invited) {
      pending.push({
        accountId,
        userId: person.id,
        tokenHash: sha256(`bench-admin-invitation-${i}`),
        invitedBy: adminId,
        createdAt: new Date(now - DAY),
        expiresAt: new Date(now + 6 * DAY),
      });
    }
  }
  await inBatches(people, (batch) => db.insert(users).values(batch));
  await inBatches(pending, (batch) => db.insert(invitations).values(batch));

  const teamRows = Array.from({ length: TEAMS }, (_, n) => ({
    id: uuid(),
    accountId,
    name: `team-${String(n + 1).padStart(4, '0')}`,
    createdAt: new Date(now - (TEAMS - n) * DAY),
  }));
  await inBatches(teamRows, (batch) => db.insert(teams).values(batch));
  // 2 to 4 teams per person, skewed towards the low-numbered teams.
  const memberships: (typeof teamMembers.$inferInsert)[] = [];
  for (const { id: userId } of people) {
    const chosen = new Set<number>();
    const wanted = 2 + Math.floor(random() * 3);
    while (chosen.size < wanted) chosen.add(Math.floor(random() ** 2 * TEAMS));
    for (const n of chosen)
      memberships.push({ accountId, teamId: teamRows[n]!.id, userId: userId! });
  }
  const memberTeams = teamRows.slice(100, 100 + MEMBER_TEAMS);
  for (const team of memberTeams) {
    memberships.push({ accountId, teamId: team.id, userId: memberId });
  }
  await inBatches(memberships, (batch) => db.insert(teamMembers).values(batch));

  // Four rules per team: read and run on three services' pipelines, read on an environment's
  // clusters, update on one service in production (all of), and create on its services.
  const rules: (typeof accessRules.$inferInsert)[] = [];
  const rule = (
    teamId: string,
    resourceType: ResourceType,
    privileges: Privilege[],
    tags: string[],
    tagMatch: TagMatch = 'any',
  ) =>
    rules.push({
      id: uuid(),
      accountId,
      number: 4 + rules.length,
      teamId,
      resourceType,
      privileges,
      tags,
      tagMatch,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
  for (const team of teamRows) {
    const services = [...new Set([service(), service(), service()])];
    rule(team.id, 'pipeline', ['read', 'run'], services);
    rule(team.id, 'cluster', ['read'], [pick(ENVIRONMENTS)]);
    rule(team.id, 'pipeline', ['update'], [services[0]!, 'production'], 'all');
    rule(team.id, 'pipeline', ['create'], services);
  }
  if (rules.length !== TEAMS * RULES_PER_TEAM) throw new Error('rules');
  await inBatches(rules, (batch) => db.insert(accessRules).values(batch));
  await db
    .update(accounts)
    .set({ lastRuleNumber: 3 + rules.length })
    .where(eq(accounts.id, accountId));

  const pipelineRows = Array.from({ length: PIPELINES }, (_, i) => {
    const at = new Date(now - (PIPELINES - i) * MINUTE);
    return {
      id: uuid(),
      accountId,
      project: `proj-${String(i % 200).padStart(3, '0')}`,
      name: `pipeline-${String(i).padStart(5, '0')}`,
      tags: randomTags(),
      inlineYaml: INLINE_TEMPLATE,
      createdAt: at,
      updatedAt: at,
    };
  });
  await inBatches(pipelineRows, (batch) => db.insert(pipelines).values(batch));
  const clusterRows = Array.from({ length: CLUSTERS }, (_, i) => ({
    id: uuid(),
    accountId,
    name: `cluster-${String(i).padStart(4, '0')}`,
    tags: randomTags(),
    createdAt: new Date(now),
    updatedAt: new Date(now),
  }));
  await inBatches(clusterRows, (batch) => db.insert(clusters).values(batch));

  // The audit log: 50,000 changes over the last year, each with a small before and after.
  const actors = people.filter((person) => person.level === 'administrator').slice(0, 40);
  const entries = Array.from({ length: AUDIT }, (_, i) => {
    const [action, targetType] = pick(AUDIT_KINDS);
    const actor = pick(actors);
    const target = pick(pipelineRows);
    const tags = target.tags;
    return {
      id: uuid(),
      accountId,
      at: new Date(now - (AUDIT - i) * 10 * MINUTE),
      actorUserId: actor.id!,
      actorName: actor.name,
      actorEmail: actor.email,
      action,
      targetType,
      targetId: target.id,
      targetName: `${target.project}/${target.name}`,
      before: action.endsWith('.created') ? null : { name: target.name, tags },
      after: { name: target.name, tags: [...tags, 'reviewed'] },
    };
  });
  await inBatches(entries, (batch) => db.insert(auditEntries).values(batch));
  return { memberId, adminId, memberTeams, pipelines: pipelineRows, clusters: clusterRows };
}

async function signIn(app: ReturnType<typeof createApp>, credentials: typeof ADMIN) {
  const agent = new TestAgent(app);
  const res = await agent.post('/api/auth/login', credentials);
  if (res.status !== 204) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return agent;
}

await runBenchmark(async (database, label) => {
  const app = createApp(benchDeps(database));
  const seedStart = performance.now();
  const seeded = await seed(database.db);
  console.log(`Database: ${label}`);
  console.log(
    `Seeded ${PEOPLE} people, ${TEAMS} teams, ${TEAMS * RULES_PER_TEAM + 3} rules, ${CLUSTERS} ` +
      `clusters, ${PIPELINES} pipelines and ${AUDIT} audit entries in ` +
      `${((performance.now() - seedStart) / 1000).toFixed(1)} s.`,
  );
  const [admin, member] = [await signIn(app, ADMIN), await signIn(app, MEMBER)];
  const pipeline = seeded.pipelines[PIPELINES / 2]!;
  // A pipeline the member may read (so may run: every read rule of the seed grants run too).
  const readable = (
    (await (await member.get('/api/pipelines?pageSize=1&sort=-updatedAt')).json()) as {
      items: { id: string }[];
    }
  ).items[0]!;
  const cluster = seeded.clusters[CLUSTERS / 2]!;
  const stranger = seeded.pipelines.find(
    (row) => row.tags.length > 0 && !row.tags.includes('production'),
  )!;

  const total = (answer: unknown) => (answer as { total: number }).total;
  const grants = (answer: unknown) => (answer as { grants: unknown[] }).grants.length;
  const allowed = (answer: unknown) => {
    const { allowed: yes, reasons } = answer as { allowed: boolean; reasons: unknown[] };
    return `${yes ? 'yes' : 'no'}, ${reasons.length} reasons`;
  };
  const get = (
    label: string,
    path: string,
    matches: BenchRequest['matches'] = total,
  ): BenchRequest => ({ label: `admin: GET ${label}`, agent: admin, path, matches });
  const explain = (resourceId: string, privilege: string) =>
    `/api/access/explain?userId=${seeded.memberId}&resourceType=pipeline&resourceId=${resourceId}&privilege=${privilege}`;
  const requests: BenchRequest[] = [
    get('/api/rules', '/api/rules'),
    get('/api/rules?page=50&pageSize=40', '/api/rules?page=50&pageSize=40'),
    get('/api/rules?q=svc-01', '/api/rules?q=svc-01'),
    get('/api/rules?resourceType=pipeline&privilege=read', '/api/rules?resourceType=pipeline&privilege=read'),
    get('/api/rules?resourceType=pipeline&sort=team', '/api/rules?resourceType=pipeline&sort=team'),
    get('/api/rules?resourceType=pipeline&sort=-updatedAt', '/api/rules?resourceType=pipeline&sort=-updatedAt'),
    get('/api/access/holders (pipeline)', `/api/access/holders?resourceType=pipeline&resourceId=${pipeline.id}`, grants),
    get('/api/access/holders (cluster)', `/api/access/holders?resourceType=cluster&resourceId=${cluster.id}`, grants),
    get('/api/access/explain (member, run)', explain(readable.id, 'run'), allowed),
    get('/api/access/explain (member, update, no)', explain(stranger.id, 'update'), allowed),
    get('/api/audit', '/api/audit'),
    get('/api/audit?page=100', '/api/audit?page=100'),
    get('/api/audit?page=2500 (the last)', '/api/audit?page=2500'),
    get('/api/audit?action=rule.updated&page=50', '/api/audit?action=rule.updated&page=50'),
    get('/api/users', '/api/users'),
    get('/api/users?q=hopper', '/api/users?q=hopper'),
    get('/api/users?sort=-email', '/api/users?sort=-email'),
    get('/api/users?sort=createdAt&page=250', '/api/users?sort=createdAt&page=250'),
    get('/api/users?teamId=<team-0101>', `/api/users?teamId=${seeded.memberTeams[0]!.id}`),
    get('/api/teams', '/api/teams'),
    get('/api/teams?q=team-04', '/api/teams?q=team-04'),
    get('/api/teams?sort=-memberCount', '/api/teams?sort=-memberCount'),
    get('/api/me', '/api/me', () => 1),
    { label: 'member: GET /api/me', agent: member, path: '/api/me', matches: () => 1 },
  ]; // prettier-ignore
  const only = process.env.BENCH_ONLY;
  if (process.env.BENCH_DIGEST) {
    for (const request of requests) {
      const body = await (await request.agent.get(request.path)).text();
      const seen = new Map<string, string>();
      const normal = body.replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT[\d:.]+Z/g,
        (token) => seen.get(token) ?? seen.set(token, `#${seen.size}`).get(token)!,
      );
      const digest = createHash('sha256').update(normal).digest('hex').slice(0, 16);
      console.log(`digest ${digest} ${body.length} ${request.label}`);
    }
  }
  const profile = process.env.BENCH_PROFILE;
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const rows = await timeRequests(
    database.db,
    only
      ? requests.filter((request) => only.split(',').some((part) => request.label.includes(part)))
      : requests,
  );
  if (session && profile) {
    const { profile: recorded } = await session.post('Profiler.stop');
    await writeFile(profile, JSON.stringify(recorded));
    console.log(`CPU profile: ${profile}`);
  }
  printTable(rows, label);
});
