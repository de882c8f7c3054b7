import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_RULE_NOTE,
  RULE_CSV_COLUMNS,
  rulePageSchema,
  ruleWithWarningsSchema,
  type RuleInput,
  type RuleListQuery,
} from '../../../contract/access';
import { eq } from 'drizzle-orm';
import { accessRules } from '../../db/schema';
import { accessScene, ok } from '../../testing/access-scene';
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

describe('notes on a rule (issue 20)', () => {
  it('are saved trimmed, changed, cleared by an empty note, and recorded in the audit log', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const base: RuleInput = {
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['qa'],
    };
    const created = await expectData(
      scene.admin.api.POST('/api/rules', {
        body: { ...base, note: '  QA reads its clusters (ticket OPS-12).\n' },
      }),
      201,
    );
    expect(created.note).toBe('QA reads its clusters (ticket OPS-12).');
    const listed = await expectData(
      scene.admin.api.GET('/api/rules', { params: { query: { teamId: qa } } }),
    );
    expect(listed.items.map((rule) => rule.note)).toEqual([
      'QA reads its clusters (ticket OPS-12).',
    ]);

    const byId = { params: { path: { id: created.id } } };
    const changed = await expectData(
      scene.admin.api.PUT('/api/rules/{id}', { ...byId, body: { ...base, note: 'Until Q3.' } }),
    );
    expect(changed.note).toBe('Until Q3.');
    const cleared = await expectData(
      scene.admin.api.PUT('/api/rules/{id}', { ...byId, body: { ...base, note: '   ' } }),
    );
    expect(cleared.note).toBeNull();
    await expectData(
      scene.admin.api.PUT('/api/rules/{id}', { ...byId, body: { ...base, note: 'Back.' } }),
    );
    // A replacement is the whole rule: without a note, it has none.
    expect(
      (await expectData(scene.admin.api.PUT('/api/rules/{id}', { ...byId, body: base }))).note,
    ).toBeNull();
    // Without any note at all, a rule has none.
    expect(
      (await expectData(scene.admin.api.POST('/api/rules', { body: base }), 201)).note,
    ).toBeNull();

    const audit = await expectData(
      scene.admin.api.GET('/api/audit', {
        params: { query: { targetId: created.id, pageSize: 10 } },
      }),
    );
    // Made in one instant of the test's clock: the log's order among them is not the point.
    const notes = audit.items.map((entry) => [entry.action, entry.before?.note, entry.after?.note]);
    expect(notes).toHaveLength(5);
    expect(notes).toEqual(
      expect.arrayContaining([
        ['rule.created', undefined, 'QA reads its clusters (ticket OPS-12).'],
        ['rule.updated', 'QA reads its clusters (ticket OPS-12).', 'Until Q3.'],
        ['rule.updated', 'Until Q3.', null],
        ['rule.updated', null, 'Back.'],
        ['rule.updated', 'Back.', null],
      ]),
    );
  });

  it('refuses a note that is too long or not text with 422, saving nothing', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const base = { teamId: qa, resourceType: 'cluster', privileges: ['read'], tags: ['qa'] };
    // 500 characters after trimming are fine.
    const longest = `  ${'x'.repeat(MAX_RULE_NOTE)}  `;
    const rule = ruleWithWarningsSchema.parse(
      await ok(scene.admin.post('/api/rules', { ...base, note: longest }), 201),
    );
    expect(rule.note).toHaveLength(MAX_RULE_NOTE);
    for (const note of ['x'.repeat(MAX_RULE_NOTE + 1), 42, ['why']]) {
      for (const res of [
        await scene.admin.post('/api/rules', { ...base, note }),
        await scene.admin.put(`/api/rules/${rule.id}`, { ...base, note }),
      ]) {
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        const problem = await res.json();
        expect(problem.errors).toEqual([
          expect.objectContaining({
            path: 'note',
            message: expect.stringMatching(/at most 500 characters|A note is text/),
          }),
        ]);
      }
    }
    const page = await expectData(
      scene.admin.api.GET('/api/rules', { params: { query: { teamId: qa } } }),
    );
    expect(page.items.map((saved) => saved.note)).toEqual(['x'.repeat(MAX_RULE_NOTE)]);
  });
});

describe('the rules list: sorting and CSV (issue 20)', () => {
  async function sortScene() {
    const scene = await accessScene(t);
    const zeta = await scene.team('zeta');
    const alpha = await scene.team('alpha');
    // The test helper's account gets its default rules at the wall clock's time: pin them to
    // the test clock's, so that "last changed" orders them.
    await t.deps.db
      .update(accessRules)
      .set({ createdAt: t.clock.now(), updatedAt: t.clock.now() })
      .where(eq(accessRules.accountId, scene.admin.accountId));
    t.clock.advance(60_000);
    const r4 = await scene.rule({
      teamId: zeta,
      resourceType: 'pipeline',
      privileges: ['run'],
      tags: ['web'],
    });
    t.clock.advance(60_000);
    const r5 = await scene.rule({
      teamId: alpha,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['prod'],
    });
    t.clock.advance(60_000);
    // Rule 1 changes last.
    const first = scene.defaultRules[0]!;
    await expectData(
      scene.admin.api.PUT('/api/rules/{id}', {
        params: { path: { id: first.id } },
        body: {
          teamId: first.team.id,
          resourceType: first.resourceType,
          privileges: first.privileges,
          tags: first.tags,
          note: '=HYPERLINK("http://evil.example","x"), on two\nlines',
        },
      }),
    );
    t.clock.advance(60_000);
    return { scene, zeta, alpha, r4, r5 };
  }

  it('sorts by number, team, kind and last change, either way, ties by number', async () => {
    const { scene } = await sortScene();
    const numbers = async (sort?: RuleListQuery['sort']) =>
      (
        await expectData(scene.admin.api.GET('/api/rules', { params: { query: { sort } } }))
      ).items.map((rule) => rule.number);
    expect(await numbers()).toEqual([1, 2, 3, 4, 5]);
    expect(await numbers('-number')).toEqual([5, 4, 3, 2, 1]);
    expect(await numbers('team')).toEqual([5, 1, 2, 3, 4]);
    expect(await numbers('-team')).toEqual([4, 1, 2, 3, 5]);
    expect(await numbers('kind')).toEqual([1, 5, 2, 3, 4]);
    expect(await numbers('-kind')).toEqual([2, 3, 4, 1, 5]);
    expect(await numbers('-updatedAt')).toEqual([1, 5, 4, 2, 3]);
    expect(await numbers('updatedAt')).toEqual([2, 3, 4, 5, 1]);
    // Paging follows the sort.
    const second = await expectData(
      scene.admin.api.GET('/api/rules', {
        params: { query: { sort: '-updatedAt', page: 2, pageSize: 2 } },
      }),
    );
    expect(second.items.map((rule) => rule.number)).toEqual([4, 2]);
    for (const sort of ['name', 'teamId', '-', 'updatedat', '--team']) {
      const res = await scene.admin.get(`/api/rules?sort=${encodeURIComponent(sort)}`);
      expect(res.status, sort).toBe(422);
      expect((await res.json()).errors[0]).toMatchObject({
        path: 'sort',
        message: expect.stringMatching(/^Sort by one of number, -number, team/),
      });
    }
  });

  it('downloads every rule the filters keep as CSV, in the list order, spreadsheet-safe', async () => {
    const { scene, zeta } = await sortScene();
    const res = await scene.admin.get('/api/rules?pageSize=1&sort=-updatedAt', {
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="perimeter-rules-${t.clock.now().toISOString().slice(0, 10)}.csv"`,
    );
    const text = await res.text();
    const updated = (await expectData(scene.admin.api.GET('/api/rules'))).items.map(
      (rule) => rule.updatedAt,
    );
    expect(text).toBe(
      [
        'number,team,kind,privileges,tags,match,note,lastChanged',
        `1,users,cluster,read update,untagged,any,"'=HYPERLINK(""http://evil.example"",""x""), on two\nlines",${updated[0]}`,
        `5,alpha,cluster,read,prod,any,,${updated[4]}`,
        `4,zeta,pipeline,run,web,any,,${updated[3]}`,
        `2,users,pipeline,create,untagged,any,,${updated[1]}`,
        `3,users,pipeline,read update delete run approve debug,untagged,any,,${updated[2]}`,
        '',
      ].join('\r\n'),
    );
    expect(RULE_CSV_COLUMNS.join(',')).toBe(text.split('\r\n')[0]);

    // The filters and search of the list hold for the file too.
    const filtered = async (query: string) =>
      (
        await (
          await scene.admin.get(`/api/rules?${query}`, { headers: { accept: 'text/csv' } })
        ).text()
      )
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]);
    expect(await filtered('resourceType=pipeline')).toEqual(['2', '3', '4']);
    expect(await filtered(`teamId=${zeta}`)).toEqual(['4']);
    expect(await filtered('q=alp')).toEqual(['5']);
    expect(await filtered('privilege=read&sort=-number')).toEqual(['5', '4', '3', '1']);
    expect(await filtered('tag=nowhere')).toEqual([]);
    // A bad filter is the same 422 as for the page.
    expect(
      (await scene.admin.get('/api/rules?sort=nope', { headers: { accept: 'text/csv' } })).status,
    ).toBe(422);
  });

  it('is for administrators only, as the list is', async () => {
    const scene = await accessScene(t);
    const member = await scene.person();
    const res = await member.get('/api/rules', { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await t.app.request('/api/rules', { headers: { accept: 'text/csv' } })).status).toBe(
      401,
    );
  });

  it('pages through more rules than one batch of the CSV without losing or repeating one', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const values = Array.from({ length: 1203 }, (_, index) => ({
      accountId: scene.admin.accountId,
      number: 10 + index,
      teamId: qa,
      resourceType: 'pipeline' as const,
      privileges: ['read' as const],
      tags: [`svc-${index}`],
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    }));
    await t.deps.db.insert(accessRules).values(values);
    const text = await (
      await scene.admin.get('/api/rules?sort=-number', { headers: { accept: 'text/csv' } })
    ).text();
    const numbers = text
      .split('\r\n')
      .slice(1, -1)
      .map((line) => Number(line.split(',')[0]));
    expect(numbers).toHaveLength(1206);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(1206);
  });
});
