/**
 * `npm run bench:access`: the access rules at scale (issue 4). Seeds one account with 20,000
 * pipelines, 2,000 clusters, 2,000 people, 200 teams and about 460 rules, and a person in 20
 * teams; then times, through the real app, the lists that person gets (filtered by read in the
 * database), and the administrators' rules list, explainer, holders and impact previews. Prints
 * p50 / p95 / max per request and fails only when a request does (QUALITY.md's bar for lists is
 * ≤ 50 ms p95; docs/performance.md keeps the results).
 *
 * In-memory PGlite by default; BENCH_DATABASE_URL, BENCH_RUNS and BENCH_EXPLAIN work as
 * scripts/bench-kit.ts describes.
 */
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import type { Privilege, ResourceType, TagMatch } from '../server/contract/access';
import { INLINE_TEMPLATE } from '../server/contract/pipeline-sources';
import { createApp } from '../server/src/app';
import type { Db } from '../server/src/db/client';
import {
  accessRules,
  accounts,
  clusters,
  pipelines,
  teamMembers,
  teams,
  users,
} from '../server/src/db/schema';
import { MINUTE } from '../server/src/lib/clock';
import { createAccount, createActivePerson } from '../server/src/modules/auth/auth.service';
import { TestAgent } from '../server/src/testing/test-agent';
import {
  benchDeps,
  inBatches,
  printTable,
  runBenchmark,
  seededRandom,
  timeRequests,
} from './bench-kit';

const PIPELINES = 20_000;
const CLUSTERS = 2_000;
const PEOPLE = 2_000;
const TEAMS = 200;
const MEMBER_TEAMS = 20;
const SERVICES = 300;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-access-password' };
const MEMBER = { email: 'bench-member@example.com', password: 'bench-access-password' };

const ENVIRONMENTS = ['production', 'staging', 'dev', 'qa'];
const REGIONS = ['eu', 'us', 'ap'];

const { random, pick, uuid } = seededRandom(20261125);
const service = () => `svc-${String(Math.floor(random() * SERVICES)).padStart(3, '0')}`;

/** 95% of resources carry an environment and one or two services, half a region too. */
function randomTags(): string[] {
  if (random() < 0.05) return [];
  const tags = new Set([pick(ENVIRONMENTS), service()]);
  if (random() < 0.5) tags.add(service());
  if (random() < 0.5) tags.add(pick(REGIONS));
  return [...tags].sort();
}

type RuleRow = typeof accessRules.$inferInsert;

async function seed(db: Db) {
  const now = Date.now();
  const accountId = await createAccount(db, 'Bench Access');
  await createActivePerson(db, accountId, {
    ...ADMIN,
    name: 'Bench Admin',
    level: 'administrator',
  });
  const memberId = await createActivePerson(db, accountId, {
    ...MEMBER,
    name: 'Bench Member',
    level: 'user',
  });

  const people = Array.from({ length: PEOPLE - 2 }, (_, i) => ({
    id: uuid(),
    accountId,
    email: `person-${i}@example.com`,
    name: `Person ${i}`,
    level: random() < 0.05 ? ('administrator' as const) : ('user' as const),
    status: 'active' as const,
  }));
  await inBatches(people, (batch) => db.insert(users).values(batch));

  const teamRows = Array.from({ length: TEAMS }, (_, n) => ({
    id: uuid(),
    accountId,
    name: `team-${String(n + 1).padStart(3, '0')}`,
    createdAt: new Date(now),
  }));
  await inBatches(teamRows, (batch) => db.insert(teams).values(batch));
  const memberships: (typeof teamMembers.$inferInsert)[] = [];
  for (const { id: userId } of people) {
    const chosen = new Set<number>();
    const wanted = 2 + Math.floor(random() * 3);
    while (chosen.size < wanted) chosen.add(Math.floor(random() * TEAMS));
    for (const n of chosen) memberships.push({ accountId, teamId: teamRows[n]!.id, userId });
  }
  const memberTeams = teamRows.slice(0, MEMBER_TEAMS);
  for (const team of memberTeams)
    memberships.push({ accountId, teamId: team.id, userId: memberId });
  await inBatches(memberships, (batch) => db.insert(teamMembers).values(batch));

  // Every team: read and run on three services' pipelines, read on an environment's clusters;
  // every fourth also update on its services in production (all of), every tenth create.
  const rules: RuleRow[] = [];
  const rule = (
    teamId: string,
    resourceType: ResourceType,
    privileges: Privilege[],
    tags: string[],
    tagMatch: TagMatch = 'any',
  ) =>
    rules.push({
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
  teamRows.forEach((team, n) => {
    const services = [...new Set([service(), service(), service()])];
    rule(team.id, 'pipeline', ['read', 'run'], services);
    rule(team.id, 'cluster', ['read'], [pick(ENVIRONMENTS)]);
    if (n % 4 === 0) rule(team.id, 'pipeline', ['update'], [services[0]!, 'production'], 'all');
    if (n % 10 === 0) rule(team.id, 'pipeline', ['create'], services);
  });
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
  return { memberId, memberTeams, rules: rules.length + 3, pipelines: pipelineRows, clusterRows };
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
    `Seeded ${PIPELINES} pipelines, ${CLUSTERS} clusters, ${PEOPLE} people, ${TEAMS} teams and ` +
      `${seeded.rules} rules in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ` +
      `the member is in ${MEMBER_TEAMS} teams (and users).`,
  );
  if (process.env.BENCH_ANALYZE) await database.db.execute(sql`analyze`);
  const [admin, member] = [await signIn(app, ADMIN), await signIn(app, MEMBER)];
  const firstPage = (await (await member.get('/api/pipelines?pageSize=1')).json()) as {
    items: { id: string; tags: string[] }[];
  };
  const readable = firstPage.items[0]!;
  const pipeline = seeded.pipelines[PIPELINES / 2]!;

  const total = (answer: unknown) => (answer as { total: number }).total;
  const rows = await timeRequests(database.db, [
    { label: 'member: GET /api/pipelines', agent: member, path: '/api/pipelines', matches: total },
    {
      label: 'member: GET /api/pipelines?page=100',
      agent: member,
      path: '/api/pipelines?page=100',
      matches: total,
    },
    {
      label: 'member: GET /api/pipelines?q=proj-01',
      agent: member,
      path: '/api/pipelines?q=proj-01',
      matches: total,
    },
    {
      label: 'member: GET /api/pipelines?tag=production&sort=-updatedAt',
      agent: member,
      path: '/api/pipelines?tag=production&sort=-updatedAt',
      matches: total,
    },
    {
      label: 'member: GET /api/pipelines/<readable>',
      agent: member,
      path: `/api/pipelines/${readable.id}`,
      matches: () => 1,
    },
    { label: 'member: GET /api/clusters', agent: member, path: '/api/clusters', matches: total },
    {
      label: 'member: GET /api/tags?resourceType=pipeline&q=svc-1',
      agent: member,
      path: '/api/tags?resourceType=pipeline&q=svc-1',
      matches: (answer) => (answer as { items: unknown[] }).items.length,
    },
    { label: 'admin: GET /api/pipelines', agent: admin, path: '/api/pipelines', matches: total },
    { label: 'admin: GET /api/rules', agent: admin, path: '/api/rules', matches: total },
    {
      label: 'admin: GET /api/access/explain',
      agent: admin,
      path: `/api/access/explain?userId=${seeded.memberId}&resourceType=pipeline&resourceId=${pipeline.id}&privilege=run`,
      matches: (answer) => ((answer as { allowed: boolean }).allowed ? 'yes' : 'no'),
    },
    {
      label: 'admin: GET /api/access/holders',
      agent: admin,
      path: `/api/access/holders?resourceType=pipeline&resourceId=${pipeline.id}`,
      matches: (answer) => (answer as { grants: unknown[] }).grants.length,
    },
    {
      label: 'admin: GET /api/access/effective (member, held)',
      agent: admin,
      path: `/api/access/effective?userId=${seeded.memberId}&resourceType=pipeline`,
      matches: total,
    },
    {
      label: 'admin: GET /api/access/effective (member, held, page 100)',
      agent: admin,
      path: `/api/access/effective?userId=${seeded.memberId}&resourceType=pipeline&page=100`,
      matches: total,
    },
    {
      label: 'admin: GET /api/access/effective (member, all, q=proj-01)',
      agent: admin,
      path: `/api/access/effective?userId=${seeded.memberId}&resourceType=pipeline&show=all&q=proj-01`,
      matches: total,
    },
    {
      label: 'admin: GET /api/access/effective (a team, held)',
      agent: admin,
      path: `/api/access/effective?teamId=${seeded.memberTeams[0]!.id}&resourceType=pipeline`,
      matches: total,
    },
    {
      label: 'admin: POST /api/access/preview (tag one pipeline)',
      agent: admin,
      method: 'POST',
      path: '/api/access/preview',
      body: {
        change: 'tags',
        resourceType: 'pipeline',
        resources: [{ id: pipeline.id, tags: [...pipeline.tags, 'production'] }],
      },
      matches: (answer) => (answer as { peopleGaining: number }).peopleGaining,
    },
    {
      label: 'admin: POST /api/access/preview (a rule over 20,000 pipelines)',
      agent: admin,
      method: 'POST',
      path: '/api/access/preview',
      body: {
        change: 'save-rule',
        rule: {
          teamId: seeded.memberTeams[0]!.id,
          resourceType: 'pipeline',
          privileges: ['read'],
          tags: ['production'],
        },
      },
      matches: (answer) => (answer as { peopleGaining: number }).peopleGaining,
    },
  ]);
  printTable(rows, label);
});
