import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rulePageSchema,
  ruleWithWarningsSchema,
  type RuleInput,
  type RuleListQuery,
} from '../../../contract/access';
import { accessScene } from '../../testing/access-scene';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('rules', () => {
  it('a new account starts with the three default rules, as sentences (P-2.8)', async () => {
    const { admin } = await accessScene(t);
    const page = rulePageSchema.strict().parse(await expectData(admin.api.GET('/api/rules')));
    expect(page.items.map(({ number, sentence }) => ({ number, sentence }))).toEqual([
      { number: 1, sentence: 'Team users can read, update clusters without tags.' },
      { number: 2, sentence: 'Team users can create pipelines without tags.' },
      {
        number: 3,
        sentence:
          'Team users can read, update, delete, run, approve, debug pipelines without tags.',
      },
    ]);
  });

  it('are written, read, changed (keeping their number) and deleted', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const { data, response: res } = await scene.admin.api.POST('/api/rules', {
      body: {
        teamId: qa,
        resourceType: 'pipeline',
        privileges: ['run', 'read'],
        tags: ['staging', 'qa'],
      },
    });
    expect(res.status).toBe(201);
    const rule = ruleWithWarningsSchema.strict().parse(data);
    expect(rule).toMatchObject({
      number: 4,
      tagMatch: 'any',
      team: { id: qa, name: 'qa', builtIn: false },
      sentence: 'Team qa can read, run pipelines tagged staging or qa.',
      impliedPrivileges: [],
    });
    expect(res.headers.get('location')).toBe(`/api/rules/${rule.id}`);

    const byId = { params: { path: { id: rule.id } } };
    const changed = await expectData(
      scene.admin.api.PUT('/api/rules/{id}', {
        ...byId,
        body: {
          teamId: qa,
          resourceType: 'pipeline',
          privileges: ['update'],
          tags: ['staging', 'qa'],
          tagMatch: 'all',
        },
      }),
    );
    expect(changed).toMatchObject({
      number: 4,
      sentence: 'Team qa can update pipelines tagged both staging and qa.',
      impliedPrivileges: ['read'],
    });
    expect(await expectData(scene.admin.api.GET('/api/rules/{id}', byId))).toMatchObject({
      number: 4,
    });

    expect((await scene.admin.api.DELETE('/api/rules/{id}', byId)).response.status).toBe(204);
    expect((await scene.admin.api.GET('/api/rules/{id}', byId)).response.status).toBe(404);
    expect((await scene.admin.api.DELETE('/api/rules/{id}', byId)).response.status).toBe(404);
    // Numbers are never reused: "rule 4" keeps meaning the rule that was deleted.
    expect(
      await expectData(
        scene.admin.api.POST('/api/rules', {
          body: { teamId: qa, resourceType: 'cluster', privileges: ['read'], tags: ['*'] },
        }),
        201,
      ),
    ).toMatchObject({ number: 5 });
  });

  it('refuses every malformed rule with 422 naming the field, and keeps the rules as they were', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const teams = await expectData(scene.admin.api.GET('/api/teams'));
    const admins = teams.items.find((team) => team.name === 'admins')!.id;
    const base: RuleInput = {
      teamId: qa,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['qa'],
    };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ teamId: admins }, 'teamId', /no rule is written for the admins team/],
      [{ teamId: '00000000-0000-4000-8000-000000000000' }, 'teamId', /no such team/],
      [
        { resourceType: 'cluster', privileges: ['create'] },
        'privileges.0',
        /stays with administrators/,
      ],
      [
        { resourceType: 'cluster', privileges: ['read', 'delete'] },
        'privileges.1',
        /stays with administrators/,
      ],
      [
        { resourceType: 'cluster', privileges: ['run'] },
        'privileges.0',
        /Clusters have no run privilege/,
      ],
      [{ privileges: ['create', 'read'] }, 'privileges', /Create stands in a rule of its own/],
      [{ privileges: [] }, 'privileges', /at least one privilege/],
      [{ privileges: ['read', 'read'] }, 'privileges.1', /chosen twice/],
      [{ privileges: ['fly'] }, 'privileges.0', /Choose one of/],
      [{ tags: [] }, 'tags', /at least one tag/],
      [{ tags: ['untagged', 'qa'] }, 'tags.0', /untagged stands alone/],
      [{ tags: ['qa', '*'] }, 'tags.1', /\* stands alone/],
      [{ tags: ['Prod'] }, 'tags.0', /lowercase/],
      [{ tagMatch: 'some' }, 'tagMatch', /any or all/],
      [{ resourceType: 'database' }, 'resourceType', /cluster or pipeline/],
    ];
    // Sent raw: most of these are not rules at all, which the typed client would not send.
    for (const [change, path, message] of cases) {
      const res = await scene.admin.post('/api/rules', { ...base, ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      const problem = await res.json();
      const error = problem.errors.find((e: { path: string }) => e.path === path);
      expect(
        error?.message,
        `${JSON.stringify(change)}: ${JSON.stringify(problem.errors)}`,
      ).toMatch(message);
    }
    const rule = await scene.rule(base);
    const byId = { params: { path: { id: rule.id } } };
    const kind = await scene.admin.api.PUT('/api/rules/{id}', {
      ...byId,
      body: { ...base, resourceType: 'cluster' },
    });
    expect(kind.response.status).toBe(422);
    expect(kind.error!.errors![0]!.path).toBe('resourceType');
    expect(await expectData(scene.admin.api.GET('/api/rules/{id}', byId))).toMatchObject({
      resourceType: 'pipeline',
    });
    const page = await expectData(scene.admin.api.GET('/api/rules'));
    expect(page.total).toBe(4);
  });

  it('are filtered by kind, team, tag, privilege (implied read included) and searched', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging'],
    });
    await scene.rule({ teamId: qa, resourceType: 'pipeline', privileges: ['run'], tags: ['qa'] });
    const numbers = async (query: Omit<RuleListQuery, 'page' | 'pageSize'>) =>
      (await expectData(scene.admin.api.GET('/api/rules', { params: { query } }))).items.map(
        (rule) => rule.number,
      );
    expect(await numbers({ resourceType: 'cluster' })).toEqual([1, 4]);
    expect(await numbers({ teamId: qa })).toEqual([4, 5]);
    expect(await numbers({ tag: 'untagged' })).toEqual([1, 2, 3]);
    expect(await numbers({ tag: 'staging' })).toEqual([4]);
    expect(await numbers({ privilege: 'read' })).toEqual([1, 3, 4, 5]);
    expect(await numbers({ privilege: 'create' })).toEqual([2]);
    expect(await numbers({ q: 'QA' })).toEqual([4, 5]);
    expect(await numbers({ q: 'stag' })).toEqual([4]);
  });

  it('go with their team when the team is deleted', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    await scene.rule({ teamId: qa, resourceType: 'cluster', privileges: ['read'], tags: ['qa'] });
    expect(
      (await scene.admin.api.DELETE('/api/teams/{id}', { params: { path: { id: qa } } })).response
        .status,
    ).toBe(204);
    expect((await expectData(scene.admin.api.GET('/api/rules'))).total).toBe(3);
  });
});

describe('rule hygiene warnings (P-2.10)', () => {
  it('flags rules that match nothing, rules already covered, create without read, and empty teams', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const empty = await scene.team('empty');
    await scene.person([qa]);
    await scene.cluster('staging-1', ['staging']);
    const staging = await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
    });
    const covered = await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
    });
    const nothing = await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['nowhere'],
    });
    const createAlone = await scene.rule({
      teamId: qa,
      resourceType: 'pipeline',
      privileges: ['create'],
      tags: ['web'],
    });
    const emptyTeam = await scene.rule({
      teamId: empty,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
    });
    const ruleOf = (id: string) =>
      expectData(scene.admin.api.GET('/api/rules/{id}', { params: { path: { id } } }));
    const warnings = async (id: string) => (await ruleOf(id)).warnings.map((w) => w.kind);

    expect(await warnings(staging.id)).toEqual([]);
    expect(await warnings(covered.id)).toEqual(['covered']);
    const coveredRule = await ruleOf(covered.id);
    expect(coveredRule.warnings[0]).toMatchObject({ byRuleNumber: staging.number });
    expect(await warnings(nothing.id)).toEqual(['matches-nothing']);
    expect(await warnings(createAlone.id)).toEqual(['create-without-read']);
    expect(await warnings(emptyTeam.id)).toEqual(['team-without-members']);
    // The default rule 3 (read… untagged pipelines) stands beside the default create rule.
    expect(await warnings(scene.defaultRules[1]!.id)).toEqual([]);
    // A rule for one team is covered by the same grant to everyone.
    const everyone = await scene.rule({
      teamId: scene.usersTeam,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['*'],
    });
    expect(await warnings(staging.id)).toEqual(['covered']);
    expect(await warnings(everyone.id)).toEqual([]);
  });
});
