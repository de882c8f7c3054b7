import { recordFirstVersions } from '../../modules/pipelines/definition-versions';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import type { AuditAction, AuditTargetType } from '../../../contract/audit';
import { INLINE_TEMPLATE } from '../../../contract/pipeline-sources';
import type { RunState } from '../../../contract/runs';
import { DAY, MINUTE } from '../../lib/clock';
import { createAccount, createActivePerson } from '../../modules/auth/auth.service';

/**
 * The large account of issue 17, for `npm run seed:large` and the benchmarks (bench:api,
 * bench:load): at the default scale of 20,000 pipelines, 10,000 people, 500 teams, 2,000 rules
 * (3 on pipelines and 1 on clusters per team, any-of and all-of), 2,000 clusters, 50,000 audit
 * entries and 3,000 runs on one pipeline; an administrator, and a member in 20 teams with 80 rules
 * through them. Everything but the runs scales with `pipelines` (2,000 to 100,000 and beyond).
 *
 * Deterministic: the same seed gives the same rows (ids included, but for the account, its
 * built-in teams and default rules, and the two people who sign in, which the app creates).
 * Rows are written with plain `insert … values` naming only the columns given, so the module
 * also fills the schema of another checkout (a baseline with fewer or more columns and indexes);
 * the account and the two people are made by `createAccount`/`createActivePerson`, which a caller
 * may take from that checkout too.
 */

export const LARGE_PASSWORD = 'perimeter-large';
export const LARGE_ADMIN = { email: 'large-admin@example.com', name: 'Large Admin' };
export const LARGE_MEMBER = { email: 'large-member@example.com', name: 'Large Member' };

/** At 20,000 pipelines; `largeScale` scales them. */
const BASE = {
  pipelines: 20_000,
  people: 10_000,
  teams: 500,
  clusters: 2_000,
  audit: 50_000,
};
export const RUNS = 3_000;
export const MEMBER_TEAMS = 20;
/** Projects do not scale: `?q=proj-01` matches proj-010 … proj-019, 5% of the pipelines. */
export const PROJECTS = 200;
/**
 * Services do not scale either: the member's 20 teams name about 40 of them, so they may read
 * about a quarter of the pipelines at every size, and a count over what they read grows with the
 * account, as it would for a real team.
 */
const SERVICES = 300;
const ENVIRONMENTS = ['production', 'staging', 'dev', 'qa'];
const REGIONS = ['eu', 'us', 'ap'];
const KINDS = ['build', 'deploy', 'test', 'release', 'lint', 'e2e', 'nightly', 'publish'];
/** Every row's time is before this fixed moment, so reruns write the same data. */
const SEED_NOW = Date.UTC(2026, 10, 30, 12);

export interface LargeScale {
  pipelines: number;
  people: number;
  teams: number;
  /** Four per team: three on pipelines, one on clusters (the account's three defaults aside). */
  rules: number;
  clusters: number;
  audit: number;
  runs: number;
}

/** The sizes for `pipelines` pipelines: the rest in proportion, never below a workable floor. */
export function largeScale(pipelines = BASE.pipelines): LargeScale {
  if (!Number.isInteger(pipelines) || pipelines < 100) {
    throw new Error('The large seed needs a whole number of at least 100 pipelines.');
  }
  const f = pipelines / BASE.pipelines;
  const teams = Math.max(MEMBER_TEAMS * 2, Math.round(BASE.teams * f));
  return {
    pipelines,
    people: Math.max(100, Math.round(BASE.people * f)),
    teams,
    rules: teams * 4,
    clusters: Math.max(20, Math.round(BASE.clusters * f)),
    audit: Math.max(100, Math.round(BASE.audit * f)),
    runs: RUNS,
  };
}

/** mulberry32 with helpers (scripts/bench-kit.ts has the same; the server cannot import it). */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[int(4)]!;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { random, int, pick, uuid };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ts = (ms: number): SQL => sql`${new Date(ms).toISOString()}::timestamptz`;
const json = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`;
/** A text[] as an array literal: the same on PGlite and node-postgres. */
const textArray = (values: readonly string[]): SQL =>
  sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;

type Row = Record<string, SQL | string | number | boolean | null>;

/** `insert into table (the columns of the first row) values …`, in batches. */
export async function insertRows(db: Db, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const batch = Math.min(1_000, Math.floor(30_000 / columns.length));
  const head = sql.join(
    columns.map((column) => sql.identifier(column)),
    sql`, `,
  );
  for (let start = 0; start < rows.length; start += batch) {
    const values = rows.slice(start, start + batch).map(
      (row) =>
        sql`(${sql.join(
          columns.map((column) => sql`${row[column]}`),
          sql`, `,
        )})`,
    );
    await db.execute(
      sql`insert into ${sql.identifier(table)} (${head}) values ${sql.join(values, sql`, `)}`,
    );
  }
}

export interface LargeSeedOptions {
  pipelines?: number;
  seed?: number;
  /** Another checkout's, to seed a database migrated by its own schema. */
  createAccount?: typeof createAccount;
  createActivePerson?: typeof createActivePerson;
  /** Called after each table, for a progress line. */
  progress?: (table: string, rows: number) => void;
}

export interface LargeSeed {
  scale: LargeScale;
  accountId: string;
  admin: { id: string; email: string; password: string };
  member: { id: string; email: string; password: string };
  memberTeamIds: string[];
  /** Rules that reach the member through their teams (20 × 4). */
  memberRules: number;
  /** The pipeline with 3,000 runs; the member may read it. */
  runsPipelineId: string;
  /** A pipeline in the middle of the list, for holders and explain. */
  samplePipelineId: string;
}

/** Seeds the large account into `db` (migrated, and without an account of the same emails). */
export async function seedLarge(db: Db, options: LargeSeedOptions = {}): Promise<LargeSeed> {
  const scale = largeScale(options.pipelines);
  const makeAccount = options.createAccount ?? createAccount;
  const makePerson = options.createActivePerson ?? createActivePerson;
  const progress = options.progress ?? (() => undefined);
  const { random, int, pick, uuid } = seededRandom(options.seed ?? 20261207);
  const services = Array.from({ length: SERVICES }, (_, n) => `svc-${pad(n, 3)}`);

  /** 95% carry an environment and one or two services, half a region too; sorted, unique. */
  const randomTags = (): string[] => {
    if (random() < 0.05) return [];
    const tags = new Set([pick(ENVIRONMENTS), pick(services)]);
    if (random() < 0.5) tags.add(pick(services));
    if (random() < 0.5) tags.add(pick(REGIONS));
    return [...tags].sort();
  };

  const accountId = await makeAccount(db, 'Large Account');
  const adminId = await makePerson(db, accountId, {
    ...LARGE_ADMIN,
    password: LARGE_PASSWORD,
    level: 'administrator',
  });
  const memberId = await makePerson(db, accountId, {
    ...LARGE_MEMBER,
    password: LARGE_PASSWORD,
    level: 'user',
  });

  // People: 3% administrators, 5% still invited (no password: nobody signs in as them).
  const people = Array.from({ length: scale.people - 2 }, (_, i) => {
    const invited = random() < 0.05;
    const created = SEED_NOW - int(730) * DAY - int(1440) * MINUTE;
    return {
      id: uuid(),
      account_id: accountId,
      email: `person-${pad(i, 5)}@example.com`,
      name: `Person ${pad(i, 5)}`,
      level: random() < 0.03 ? 'administrator' : 'user',
      status: invited ? 'invited' : 'active',
      created_at: ts(created),
      updated_at: ts(created),
    };
  });
  await insertRows(db, 'users', people);
  progress('users', people.length + 2);
  const admins = people.filter((p) => p.level === 'administrator');

  const teamRows = Array.from({ length: scale.teams }, (_, n) => ({
    id: uuid(),
    account_id: accountId,
    name: `team-${pad(n + 1, 4)}`,
    created_at: ts(SEED_NOW - (scale.teams - n) * DAY),
  }));
  await insertRows(db, 'teams', teamRows);
  progress('teams', teamRows.length);

  // Everyone in 1–4 teams; the member in the first MEMBER_TEAMS.
  const memberships: Row[] = [];
  for (const { id: userId } of people) {
    const chosen = new Set<number>();
    const wanted = 1 + int(4);
    while (chosen.size < wanted) chosen.add(int(scale.teams));
    for (const n of chosen) {
      memberships.push({ account_id: accountId, team_id: teamRows[n]!.id, user_id: userId });
    }
  }
  const memberTeamIds = teamRows.slice(0, MEMBER_TEAMS).map((team) => team.id);
  for (const teamId of memberTeamIds) {
    memberships.push({ account_id: accountId, team_id: teamId, user_id: memberId });
  }
  await insertRows(db, 'team_members', memberships);
  progress('team_members', memberships.length);

  // Four rules a team: read and run on one to three services (any of), update on a service in
  // production (all of), create or debug on its services, read on clusters of an environment
  // (any of) or an environment in a region (all of).
  const [{ last }] = (
    (await db.execute(
      sql`select last_rule_number as last from accounts where id = ${accountId}`,
    )) as unknown as { rows: { last: number }[] }
  ).rows as [{ last: number }];
  const rules: Row[] = [];
  const rule = (
    teamId: string,
    resourceType: 'pipeline' | 'cluster',
    privileges: string[],
    tags: string[],
    tagMatch: 'any' | 'all',
  ) => {
    const at = SEED_NOW - int(365) * DAY;
    rules.push({
      id: uuid(),
      account_id: accountId,
      number: last + rules.length + 1,
      team_id: teamId,
      resource_type: resourceType,
      privileges: textArray(privileges),
      tags: textArray(tags),
      tag_match: tagMatch,
      created_at: ts(at),
      updated_at: ts(at),
    });
  };
  let memberReadTag = '';
  for (const team of teamRows) {
    const own = [...new Set([pick(services), pick(services), pick(services)])]
      .slice(0, 1 + int(3))
      .sort();
    memberReadTag ||= own[0]!;
    rule(team.id, 'pipeline', ['read', 'run'], own, 'any');
    rule(team.id, 'pipeline', ['update'], [own[0]!, 'production'].sort(), 'all');
    rule(team.id, 'pipeline', random() < 0.5 ? ['create'] : ['debug'], own, 'any');
    if (random() < 0.5) rule(team.id, 'cluster', ['read'], [pick(ENVIRONMENTS)], 'any');
    else rule(team.id, 'cluster', ['read'], [pick(ENVIRONMENTS), pick(REGIONS)].sort(), 'all');
  }
  await insertRows(db, 'access_rules', rules);
  await db.execute(
    sql`update accounts set last_rule_number = ${last + rules.length} where id = ${accountId}`,
  );
  progress('access_rules', rules.length);

  const pipelineRows = Array.from({ length: scale.pipelines }, (_, i) => {
    const at = SEED_NOW - (scale.pipelines - i) * MINUTE;
    // Changed some time since, to the second: a clamp to SEED_NOW gave three quarters of them
    // one and the same time, which no account has (and which a sort by time cannot page by).
    const updated = at + Math.floor((random() * (SEED_NOW - at)) / 1000) * 1000;
    return {
      id: uuid(),
      account_id: accountId,
      project: `proj-${pad(i % PROJECTS, 3)}`,
      name: `${pick(KINDS)}-${pick(services)}-${pad(i, 6)}`,
      tags: randomTags(),
      created_at: at,
      updated_at: Math.min(updated, SEED_NOW),
    };
  });
  // The pipeline with the runs: readable by the member (their first team's read rule).
  const runsPipeline = pipelineRows[7]!;
  runsPipeline.tags = [...new Set([...runsPipeline.tags, memberReadTag, 'production'])].sort();
  await insertRows(
    db,
    'pipelines',
    pipelineRows.map((p) => ({
      id: p.id,
      account_id: p.account_id,
      project: p.project,
      name: p.name,
      tags: textArray(p.tags),
      source_type: 'inline',
      inline_yaml: INLINE_TEMPLATE,
      created_at: ts(p.created_at),
      updated_at: ts(p.updated_at),
    })),
  );
  // Each definition is its pipeline's version 1 (issue 20), in one statement.
  await recordFirstVersions(db, accountId, adminId);
  progress('pipelines', pipelineRows.length);

  const clusterRows = Array.from({ length: scale.clusters }, (_, i) => {
    const at = SEED_NOW - (scale.clusters - i) * 60 * MINUTE;
    return {
      id: uuid(),
      account_id: accountId,
      name: `cluster-${pad(i, 5)}`,
      tags: randomTags(),
      created_at: at,
    };
  });
  await insertRows(
    db,
    'clusters',
    clusterRows.map((c) => ({
      id: c.id,
      account_id: c.account_id,
      name: c.name,
      tags: textArray(c.tags),
      created_at: ts(c.created_at),
      updated_at: ts(c.created_at),
    })),
  );
  progress('clusters', clusterRows.length);

  // The audit log: a year of changes by the administrators, newest last.
  const actors = [{ id: adminId, name: LARGE_ADMIN.name, email: LARGE_ADMIN.email }].concat(
    admins.slice(0, 20).map((p) => ({ id: p.id, name: p.name, email: p.email })),
  );
  const audit: Row[] = [];
  for (let i = 0; i < scale.audit; i += 1) {
    const actor = pick(actors);
    const at = SEED_NOW - Math.floor(((scale.audit - i) * 365 * DAY) / scale.audit);
    const kind = random();
    let action: AuditAction;
    let targetType: AuditTargetType;
    let target: { id: string; name: string };
    let before: Record<string, unknown> | null;
    let after: Record<string, unknown> | null;
    if (kind < 0.5) {
      const p = pick(pipelineRows);
      target = { id: p.id, name: `${p.project}/${p.name}` };
      targetType = 'pipeline';
      action = 'pipeline.updated';
      before = { name: p.name, project: p.project, tags: p.tags.slice(1) };
      after = { name: p.name, project: p.project, tags: p.tags };
    } else if (kind < 0.65) {
      const c = pick(clusterRows);
      target = { id: c.id, name: c.name };
      targetType = 'cluster';
      action = 'cluster.updated';
      before = { name: c.name, tags: c.tags.slice(1) };
      after = { name: c.name, tags: c.tags };
    } else if (kind < 0.8) {
      const t = pick(teamRows);
      target = { id: t.id, name: t.name };
      targetType = 'team';
      action = 'team.updated';
      before = { name: t.name, members: 3 };
      after = { name: t.name, members: 4 };
    } else if (kind < 0.9) {
      const p = pick(people);
      target = { id: p.id, name: p.name };
      targetType = 'user';
      action = random() < 0.5 ? 'user.invited' : 'user.updated';
      before = action === 'user.invited' ? null : { level: 'user' };
      after = { email: p.email, name: p.name, level: p.level };
    } else {
      const r = pick(rules);
      target = { id: r.id as string, name: `Rule ${String(r.number)}` };
      targetType = 'rule';
      action = 'rule.updated';
      before = { privileges: ['read'] };
      after = { privileges: ['read', 'run'] };
    }
    audit.push({
      id: uuid(),
      account_id: accountId,
      at: ts(at),
      actor_user_id: actor.id,
      actor_name: actor.name,
      actor_email: actor.email,
      action,
      target_type: targetType,
      target_id: target.id,
      target_name: target.name,
      before: before === null ? null : json(before),
      after: json(after),
    });
  }
  await insertRows(db, 'audit_entries', audit);
  progress('audit_entries', audit.length);

  // Runs, one every few hours: run 1 is the oldest.
  const runs: Row[] = [];
  for (let n = 1; n <= scale.runs; n += 1) {
    const created = SEED_NOW - (scale.runs - n + 1) * 3 * 60 * MINUTE;
    const roll = random();
    const state: RunState = roll < 0.85 ? 'succeeded' : roll < 0.97 ? 'failed' : 'cancelled';
    const claimed = created + int(60) * 1000;
    const finished = claimed + (60 + int(600)) * 1000;
    const step = (name: string, stepState: string) => ({
      name,
      type: 'freestyle',
      state: stepState,
      startedAt: new Date(claimed).toISOString(),
      finishedAt: new Date(finished).toISOString(),
    });
    runs.push({
      id: uuid(),
      account_id: accountId,
      pipeline_id: runsPipeline.id,
      number: n,
      state,
      trigger: json({ kind: 'manual', userId: adminId, userName: LARGE_ADMIN.name }),
      steps: json([
        step('checkout', 'succeeded'),
        step('build', state === 'failed' ? 'failed' : state === 'cancelled' ? 'skipped' : state),
      ]),
      created_at: ts(created),
      claimed_at: ts(claimed),
      finished_at: ts(finished),
    });
  }
  await insertRows(db, 'runs', runs);
  progress('runs', runs.length);

  return {
    scale,
    accountId,
    admin: { id: adminId, email: LARGE_ADMIN.email, password: LARGE_PASSWORD },
    member: { id: memberId, email: LARGE_MEMBER.email, password: LARGE_PASSWORD },
    memberTeamIds,
    memberRules: MEMBER_TEAMS * 4,
    runsPipelineId: runsPipeline.id,
    samplePipelineId: pipelineRows[Math.floor(scale.pipelines / 2)]!.id,
  };
}
