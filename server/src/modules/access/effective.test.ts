/**
 * Issue 20: effective permissions, `GET /api/access/effective`. The matrix's shape, paging,
 * search, the held filter, the team variant and its refusals; and, on random rule sets and
 * random tagged resources, every cell equal to `decide` with a rule that does grant it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  effectivePageSchema,
  type EffectivePage,
  type EffectiveQuery,
  type Privilege,
  type ResourceType,
  type RuleInput,
} from '../../../contract/access';
import { teamSubject } from '../../../domain/access/effective';
import { decide, ruleMatches, type Subject } from '../../../domain/access/engine';
import { withImplied } from '../../../domain/access/rules';
import { accessScene, ok, type AccessScene } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { loadRules, teamIdsOf } from './access.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Query = Omit<EffectiveQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number };

function url(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `/api/access/effective?${params.toString()}`;
}

async function matrix(scene: AccessScene, query: Query): Promise<EffectivePage> {
  return effectivePageSchema.strict().parse(await ok(scene.admin.get(url(query))));
}

const names = (page: EffectivePage) =>
  page.items.map((item) =>
    item.resource.project ? `${item.resource.project}/${item.resource.name}` : item.resource.name,
  );
const cellOf = (page: EffectivePage, name: string, privilege: Privilege) =>
  page.items
    .find((item) => item.resource.name === name)!
    .cells.find((cell) => cell.privilege === privilege)!;

/** qa reads and runs staging, ops updates prod; Alan is in qa. */
async function scene1() {
  const scene = await accessScene(t);
  await scene.withoutDefaultRules();
  const qa = await scene.team('qa');
  const ops = await scene.team('ops');
  const read = await scene.rule({
    teamId: qa,
    resourceType: 'pipeline',
    privileges: ['read'],
    tags: ['staging'],
  });
  const run = await scene.rule({
    teamId: qa,
    resourceType: 'pipeline',
    privileges: ['run'],
    tags: ['staging'],
  });
  const update = await scene.rule({
    teamId: ops,
    resourceType: 'pipeline',
    privileges: ['update'],
    tags: ['prod'],
  });
  await scene.rule({ teamId: qa, resourceType: 'cluster', privileges: ['update'], tags: ['*'] });
  const alan = await scene.person([qa]);
  await scene.pipeline('deploy-a', ['staging'], 'payments');
  await scene.pipeline('deploy-b', ['prod'], 'payments');
  await scene.pipeline('deploy-c', [], 'web');
  await scene.pipeline('build', ['prod', 'staging'], 'web');
  await scene.cluster('eu-1', ['prod']);
  return { scene, qa, ops, alan, rules: { read, run, update } };
}

describe('effective permissions (issue 20)', () => {
  it('answers a person’s pipelines where they hold a privilege, each with the granting rule', async () => {
    const { scene, alan, rules } = await scene1();
    const page = await matrix(scene, { userId: alan.userId, resourceType: 'pipeline' });
    expect(page).toMatchObject({
      total: 2,
      page: 1,
      pageSize: 20,
      administrator: false,
      privileges: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
      subject: { kind: 'person', id: alan.userId, level: 'user' },
    });
    expect(names(page)).toEqual(['web/build', 'payments/deploy-a']);
    // Read through rule 1 (by number), run implying it too: two rules grant it.
    expect(cellOf(page, 'deploy-a', 'read')).toMatchObject({
      held: true,
      reason: 'rule',
      rule: { id: rules.read.id, number: rules.read.number, teamName: 'qa' },
      matchedTags: ['staging'],
      rules: 2,
    });
    expect(cellOf(page, 'deploy-a', 'read').rule!.sentence).toMatch(/qa/);
    expect(cellOf(page, 'deploy-a', 'run')).toMatchObject({
      held: true,
      rule: { id: rules.run.id },
      rules: 1,
    });
    expect(cellOf(page, 'build', 'update')).toEqual({
      privilege: 'update',
      held: false,
      reason: 'no-rule',
      rules: 0,
    });
    expect(page.items[0]!.resource).toEqual({
      type: 'pipeline',
      id: expect.any(String),
      name: 'build',
      project: 'web',
      tags: ['prod', 'staging'],
    });
  });

  it('lists every resource with show=all, pages and searches', async () => {
    const { scene, alan } = await scene1();
    const all = await matrix(scene, { userId: alan.userId, resourceType: 'pipeline', show: 'all' });
    expect(names(all)).toEqual([
      'web/build',
      'payments/deploy-a',
      'payments/deploy-b',
      'web/deploy-c',
    ]);
    expect(all.items[3]!.cells.every((cell) => !cell.held)).toBe(true);
    const second = await matrix(scene, {
      userId: alan.userId,
      resourceType: 'pipeline',
      show: 'all',
      page: 2,
      pageSize: 3,
    });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(names(second)).toEqual(['web/deploy-c']);
    // By name, project or tag, as the lists search.
    const search = (q: string, show?: 'all') =>
      matrix(scene, { userId: alan.userId, resourceType: 'pipeline', q, show }).then(names);
    expect(await search('DEPLOY')).toEqual(['payments/deploy-a']);
    expect(await search('deploy', 'all')).toHaveLength(3);
    expect(await search('web', 'all')).toEqual(['web/build', 'web/deploy-c']);
    expect(await search('prod')).toEqual(['web/build']);
    expect(await search('%')).toEqual([]);
  });

  it('answers what a team’s own rules grant, and everything for administrators', async () => {
    const { scene, ops, alan } = await scene1();
    const team = await matrix(scene, { teamId: ops, resourceType: 'pipeline' });
    expect(team.subject).toEqual({ kind: 'team', id: ops, name: 'ops', builtIn: null });
    expect(names(team)).toEqual(['web/build', 'payments/deploy-b']);
    expect(cellOf(team, 'deploy-b', 'read')).toMatchObject({ held: true, via: 'update' });
    expect(cellOf(team, 'deploy-b', 'run').held).toBe(false);

    // The admin team and an administrator: everything, no rule named.
    const teams = await ok<{ items: { id: string; name: string }[] }>(
      scene.admin.get('/api/teams'),
    );
    const admins = teams.items.find((item) => item.name === 'admins')!.id;
    const usersTeam = await matrix(scene, { teamId: scene.usersTeam, resourceType: 'pipeline' });
    expect(usersTeam.total).toBe(0);
    for (const query of [{ teamId: admins }, { userId: scene.admin.userId }]) {
      const page = await matrix(scene, { ...query, resourceType: 'pipeline' });
      expect(page.administrator).toBe(true);
      expect(page.total).toBe(4);
      for (const item of page.items) {
        for (const cell of item.cells) {
          expect(cell).toEqual({
            privilege: cell.privilege,
            held: true,
            reason: 'administrator',
            rules: 0,
          });
        }
      }
    }

    // Clusters: delete stays with administrators, whatever the rules say.
    const clusters = await matrix(scene, { userId: alan.userId, resourceType: 'cluster' });
    expect(clusters.privileges).toEqual(['read', 'update', 'delete']);
    expect(names(clusters)).toEqual(['eu-1']);
    expect(cellOf(clusters, 'eu-1', 'delete')).toMatchObject({
      held: false,
      reason: 'administrators-only',
    });
    expect(cellOf(clusters, 'eu-1', 'update')).toMatchObject({ held: true, matchedTags: ['*'] });
  });

  it('refuses unknown people and teams, other accounts’, both or neither, and people who are not administrators', async () => {
    const { scene, alan, qa } = await scene1();
    const other = await t.signedIn();
    const missing = '00000000-0000-4000-8000-000000000000';
    const status = async (query: Record<string, string>) => {
      const res = await scene.admin.get(url({ resourceType: 'pipeline', ...query }));
      const body = (await res.json()) as { detail?: string; errors?: { path: string }[] };
      return { status: res.status, body };
    };
    expect(await status({ userId: missing })).toMatchObject({
      status: 404,
      body: { detail: 'There is no such person.' },
    });
    expect((await status({ userId: other.userId })).status).toBe(404);
    expect(await status({ teamId: missing })).toMatchObject({
      status: 404,
      body: { detail: 'There is no such team.' },
    });
    expect(await status({})).toMatchObject({ status: 422, body: { errors: [{ path: 'userId' }] } });
    expect(await status({ userId: alan.userId, teamId: qa })).toMatchObject({ status: 422 });
    expect(await status({ userId: 'nope' })).toMatchObject({ status: 422 });
    expect(await status({ userId: alan.userId, show: 'some' })).toMatchObject({ status: 422 });
    expect(
      (await scene.admin.get(url({ userId: alan.userId, resourceType: 'robots' }))).status,
    ).toBe(422);
    expect(
      (await scene.admin.get(url({ userId: alan.userId, resourceType: 'pipeline', pageSize: 101 })))
        .status,
    ).toBe(422);
    // Not even about themself: the rules are the administrators' to read.
    const own = await alan.get(url({ userId: alan.userId, resourceType: 'pipeline' }));
    expect(own.status).toBe(403);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Property: every cell is `decide`'s answer                                                     */
/* ------------------------------------------------------------------------------------------ */

const TEAM_NAMES = ['qa', 'ops', 'dev'];
const RULE_TAGS = ['a', 'b', 'c'];
const RESOURCE_TAGS = [...RULE_TAGS, 'e'];
const GRANTABLE: Record<ResourceType, Privilege[]> = {
  cluster: ['read', 'update'],
  pipeline: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
};

const ruleArbitrary = fc
  .record({
    team: fc.integer({ min: 0, max: TEAM_NAMES.length }),
    resourceType: fc.constantFrom<ResourceType>('cluster', 'pipeline'),
    create: fc.boolean(),
    privilegeBits: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    tags: fc.oneof(
      fc.constant<string[]>(['*']),
      fc.constant<string[]>(['untagged']),
      fc.uniqueArray(fc.constantFrom(...RULE_TAGS), { minLength: 1, maxLength: 3 }),
    ),
    tagMatch: fc.constantFrom('any' as const, 'all' as const),
  })
  .map(({ team, resourceType, create, privilegeBits, tags, tagMatch }) => {
    const grantable = GRANTABLE[resourceType];
    const chosen = grantable.filter((_, index) => privilegeBits[index]);
    const privileges: Privilege[] =
      create && resourceType === 'pipeline'
        ? ['create']
        : chosen.length > 0
          ? chosen
          : [grantable[0]!];
    return { team, resourceType, privileges, tags, tagMatch };
  });

const sceneArbitrary = fc.record({
  rules: fc.array(ruleArbitrary, { maxLength: 6 }),
  pipelines: fc.array(fc.uniqueArray(fc.constantFrom(...RESOURCE_TAGS), { maxLength: 3 }), {
    minLength: 1,
    maxLength: 5,
  }),
  clusters: fc.array(fc.uniqueArray(fc.constantFrom(...RESOURCE_TAGS), { maxLength: 3 }), {
    maxLength: 3,
  }),
  membership: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: TEAM_NAMES.length - 1 })), {
    minLength: 1,
    maxLength: 2,
  }),
});

describe('effective permissions against the engine (issue 20)', () => {
  it('answers, for every cell, what `decide` decides, naming a rule that grants it', async () => {
    await fc.assert(
      fc.asyncProperty(sceneArbitrary, async (generated) => {
        const scene = await accessScene(t);
        await scene.withoutDefaultRules();
        const teamIds: string[] = [];
        for (const name of TEAM_NAMES) teamIds.push(await scene.team(name));
        const teamOf = (index: number) => teamIds[index] ?? scene.usersTeam;
        for (const rule of generated.rules) {
          const input: RuleInput = {
            teamId: teamOf(rule.team),
            resourceType: rule.resourceType,
            privileges: rule.privileges,
            tags: rule.tags,
            tagMatch: rule.tagMatch,
          };
          await scene.rule(input);
        }
        for (const [index, tags] of generated.pipelines.entries()) {
          await scene.pipeline(`p${index}`, tags);
        }
        for (const [index, tags] of generated.clusters.entries()) {
          await scene.cluster(`c${index}`, tags);
        }
        const people = [];
        for (const teams of generated.membership) {
          people.push(await scene.person(teams.map((index) => teamIds[index]!)));
        }
        const db = t.deps.db;
        const accountId = scene.admin.accountId;
        const subjects: { query: Query; subject: Subject }[] = [];
        for (const person of people) {
          subjects.push({
            query: { userId: person.userId, resourceType: 'pipeline' },
            subject: {
              level: 'user',
              teamIds: await teamIdsOf(db, accountId, { id: person.userId, level: 'user' }),
            },
          });
        }
        for (const id of [teamIds[0]!, scene.usersTeam]) {
          subjects.push({
            query: { teamId: id, resourceType: 'pipeline' },
            subject: teamSubject({ id, builtIn: id === scene.usersTeam ? 'users' : null }),
          });
        }
        for (const type of ['pipeline', 'cluster'] as const) {
          const rules = await loadRules(db, accountId, type);
          for (const { query, subject } of subjects) {
            const all = await matrix(scene, { ...query, resourceType: type, show: 'all' });
            const held = await matrix(scene, { ...query, resourceType: type });
            expect(all.total).toBe(
              type === 'pipeline' ? generated.pipelines.length : generated.clusters.length,
            );
            for (const item of all.items) {
              const resource = { type, tags: item.resource.tags };
              for (const cell of item.cells) {
                const decision = decide(rules, subject, resource, cell.privilege);
                expect(cell.held, `${item.resource.name} ${cell.privilege}`).toBe(decision.allowed);
                const grants = decision.reasons.filter((reason) => reason.kind === 'rule');
                expect(cell.rules).toBe(grants.length);
                if (cell.held) {
                  // The rule named is the first that grants it, and it does grant it.
                  const named = rules.find((rule) => rule.id === cell.rule!.id)!;
                  expect(named.id).toBe(grants[0]!.rule.id);
                  expect(subject.teamIds.has(named.teamId)).toBe(true);
                  expect(ruleMatches(named, resource.tags)).not.toBeNull();
                  expect(withImplied(named.privileges)).toContain(cell.privilege);
                }
              }
            }
            // The default filter keeps exactly the resources with a held cell.
            expect(names(held).sort()).toEqual(
              names({
                ...all,
                items: all.items.filter((item) => item.cells.some((cell) => cell.held)),
              }).sort(),
            );
            expect(held.total).toBe(held.items.length);
          }
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
