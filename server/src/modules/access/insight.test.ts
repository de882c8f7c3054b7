import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explanationSchema,
  holdersSchema,
  previewSchema,
  type Preview,
  type PreviewRequest,
  type Privilege,
  type ResourceType,
  type RuleInput,
} from '../../../contract/access';
import { accessScene, type SignedIn } from '../../testing/access-scene';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Every "person resource privilege" each person holds, as the lists tell them. */
async function holdings(people: SignedIn[], type: ResourceType): Promise<Set<string>> {
  const held = new Set<string>();
  for (const person of people) {
    const query = { params: { query: { pageSize: 100 } } };
    const page =
      type === 'cluster'
        ? await expectData(person.api.GET('/api/clusters', query))
        : await expectData(person.api.GET('/api/pipelines', query));
    for (const item of page.items) {
      const name = 'project' in item ? `${item.project}/${item.name}` : item.name;
      for (const privilege of item.privileges) held.add(`${person.userId} ${name} ${privilege}`);
    }
  }
  return held;
}

/** The preview as the same triples, gained and lost (samples are complete in these scenes). */
function expanded(preview: Preview) {
  const gained = new Set<string>();
  const lost = new Set<string>();
  for (const impact of preview.impacts) {
    if (impact.privileges.includes('create')) continue;
    expect(impact.people.sample).toHaveLength(impact.people.total);
    expect(impact.resources.sample).toHaveLength(impact.resources.total);
    for (const person of impact.people.sample) {
      for (const resource of impact.resources.sample) {
        for (const privilege of impact.privileges) {
          (impact.effect === 'gain' ? gained : lost).add(
            `${person.id} ${resource.name} ${privilege}`,
          );
        }
      }
    }
  }
  return { gained, lost };
}

function difference(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((item) => !b.has(item)));
}

/** Previews `request`, applies `save`, and checks the preview told exactly what changed. */
async function expectPreviewToMatch(
  admin: SignedIn,
  people: SignedIn[],
  type: ResourceType,
  request: PreviewRequest,
  save: () => Promise<unknown>,
): Promise<Preview> {
  const before = await holdings(people, type);
  const preview = previewSchema
    .strict()
    .parse(await expectData(admin.api.POST('/api/access/preview', { body: request })));
  await save();
  const after = await holdings(people, type);
  const { gained, lost } = expanded(preview);
  expect(gained).toEqual(difference(after, before));
  expect(lost).toEqual(difference(before, after));
  expect(preview.needsConfirmation).toBe(lost.size > 0);
  return preview;
}

describe('POST /api/access/preview', () => {
  it('tagging a cluster: removes read and update from everyone who had it through the untagged default rule', async () => {
    const scene = await accessScene(t);
    const people = [await scene.person(), await scene.person()];
    const cluster = await scene.cluster('prod-eu');
    await scene.cluster('dev');
    const preview = await expectPreviewToMatch(
      scene.admin,
      people,
      'cluster',
      {
        change: 'tags',
        resourceType: 'cluster',
        resources: [{ id: cluster.id, tags: ['production'] }],
      },
      () =>
        expectData(
          scene.admin.api.PATCH('/api/clusters/{id}', {
            params: { path: { id: cluster.id } },
            body: { tags: ['production'] },
          }),
        ),
    );
    expect(preview).toMatchObject({ peopleLosing: 2, peopleGaining: 0, needsConfirmation: true });
    expect(preview.impacts[0]!.sentence).toBe(
      'Removes read, update on cluster prod-eu from 2 people, who had it through rule 1 of team users.',
    );
  });

  it('saving a new rule gives its team what it grants, on what it matches', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const member = await scene.person([qa]);
    const outsider = await scene.person();
    await scene.cluster('staging-1', ['staging']);
    await scene.cluster('prod-eu', ['production']);
    const rule: RuleInput = {
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
    };
    const preview = await expectPreviewToMatch(
      scene.admin,
      [member, outsider],
      'cluster',
      { change: 'save-rule', rule },
      () => expectData(scene.admin.api.POST('/api/rules', { body: rule }), 201),
    );
    expect(preview).toMatchObject({ peopleGaining: 1, peopleLosing: 0, needsConfirmation: false });
    expect(preview.impacts[0]!.sentence).toBe(
      'Gives read on cluster staging-1 to 1 person, through the new rule for team qa.',
    );
  });

  it('changing and deleting rules, on pipelines with any-of and all-of tags', async () => {
    const scene = await accessScene(t);
    const [qa, ops] = [await scene.team('qa'), await scene.team('ops')];
    const people = [
      await scene.person([qa]),
      await scene.person([ops]),
      await scene.person([qa, ops]),
    ];
    await scene.pipeline('build', ['web']);
    await scene.pipeline('deploy', ['web', 'production']);
    await scene.pipeline('lint');
    const rule = await scene.rule({
      teamId: qa,
      resourceType: 'pipeline',
      privileges: ['run'],
      tags: ['web'],
    });
    const changed: RuleInput = {
      teamId: ops,
      resourceType: 'pipeline',
      privileges: ['update', 'debug'],
      tags: ['web', 'production'],
      tagMatch: 'all',
    };
    await expectPreviewToMatch(
      scene.admin,
      people,
      'pipeline',
      { change: 'save-rule', ruleId: rule.id, rule: changed },
      () =>
        expectData(
          scene.admin.api.PUT('/api/rules/{id}', {
            params: { path: { id: rule.id } },
            body: changed,
          }),
        ),
    );
    await expectPreviewToMatch(
      scene.admin,
      people,
      'pipeline',
      { change: 'delete-rule', ruleId: scene.defaultRules[2]!.id },
      () =>
        scene.admin.api.DELETE('/api/rules/{id}', {
          params: { path: { id: scene.defaultRules[2]!.id } },
        }),
    );
  });

  it('reports who gains or loses create, which no resource shows', async () => {
    const scene = await accessScene(t);
    await scene.person();
    const preview = previewSchema.parse(
      await expectData(
        scene.admin.api.POST('/api/access/preview', {
          body: { change: 'delete-rule', ruleId: scene.defaultRules[1]!.id },
        }),
      ),
    );
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'lose',
        privileges: ['create'],
        people: expect.objectContaining({ total: 1 }),
      }),
    ]);
    expect(preview.needsConfirmation).toBe(true);
  });

  it('refuses what it cannot preview, and saves nothing', async () => {
    const scene = await accessScene(t);
    const cluster = await scene.cluster('dev');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [Record<string, unknown>, number][] = [
      [{ change: 'tags', resourceType: 'cluster', resources: [{ id: unknown, tags: [] }] }, 422],
      [
        { change: 'tags', resourceType: 'cluster', resources: [{ id: cluster.id, tags: ['*'] }] },
        422,
      ],
      [{ change: 'tags', resourceType: 'cluster', resources: [] }, 422],
      [{ change: 'delete-rule', ruleId: unknown }, 404],
      [{ change: 'rename-everything' }, 422],
      [
        {
          change: 'save-rule',
          ruleId: scene.defaultRules[0]!.id,
          rule: {
            teamId: scene.usersTeam,
            resourceType: 'pipeline',
            privileges: ['read'],
            tags: ['*'],
          },
        },
        422,
      ],
    ];
    for (const [body, status] of cases) {
      expect(
        (await scene.admin.post('/api/access/preview', body)).status,
        JSON.stringify(body),
      ).toBe(status);
    }
    expect(
      await expectData(
        scene.admin.api.GET('/api/clusters/{id}', { params: { path: { id: cluster.id } } }),
      ),
    ).toMatchObject({ tags: [] });
  });
});

describe('GET /api/access/explain', () => {
  it('says yes with the rule, team and tag, or the implication, or the administrator bypass', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const member = await scene.person([qa]);
    const rule = await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging', 'qa'],
    });
    const cluster = await scene.cluster('staging-1', ['staging']);
    const explain = async (userId: string, privilege: Privilege) =>
      explanationSchema.strict().parse(
        await expectData(
          scene.admin.api.GET('/api/access/explain', {
            params: {
              query: { userId, resourceType: 'cluster', resourceId: cluster.id, privilege },
            },
          }),
        ),
      );

    const read = await explain(member.userId, 'read');
    expect(read.allowed).toBe(true);
    expect(read.reasons).toEqual([
      expect.objectContaining({
        kind: 'rule',
        via: 'update',
        matchedTags: ['staging'],
        rule: expect.objectContaining({ id: rule.id, number: rule.number, teamName: 'qa' }),
      }),
    ]);
    expect(read.reasons[0]!.message).toBe(
      `Read, implied by update through rule ${rule.number} of team qa, through the tag staging.`,
    );
    expect(read.summary).toMatch(/^Yes: .* can read cluster staging-1 through rule \d+ of team qa/);

    const remove = await explain(member.userId, 'delete');
    expect(remove.allowed).toBe(false);
    expect(remove.reasons[0]).toMatchObject({ kind: 'administrators-only' });

    const admin = await explain(scene.admin.userId, 'delete');
    expect(admin.allowed).toBe(true);
    expect(admin.reasons[0]).toMatchObject({ kind: 'administrator' });
  });

  it('says no with the rules that would grant it if the person were in the team or the tags matched', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const member = await scene.person([qa]);
    const outsider = await scene.person();
    await scene.rule({
      teamId: qa,
      resourceType: 'pipeline',
      privileges: ['run'],
      tags: ['staging'],
    });
    const staging = await scene.pipeline('test', ['staging']);
    const production = await scene.pipeline('deploy', ['production']);
    const explain = async (userId: string, resourceId: string) =>
      expectData(
        scene.admin.api.GET('/api/access/explain', {
          params: { query: { userId, resourceType: 'pipeline', resourceId, privilege: 'run' } },
        }),
      );
    // The default rule 3 (untagged pipelines) comes first: it would grant run if the tags matched.
    const notInTeam = await explain(outsider.userId, staging.id);
    expect(notInTeam.allowed).toBe(false);
    expect(notInTeam.reasons.map((reason) => reason.kind)).toEqual([
      'tags-do-not-match',
      'not-in-team',
    ]);
    expect(notInTeam.reasons[0]!.message).toMatch(
      /^Rule 3 of team users would grant it if pipeline payments\/test were one of the pipelines without tags\.$/,
    );
    expect(notInTeam.reasons[1]!.message).toMatch(
      /^Rule 4 would grant it if .* were in team qa\.$/,
    );
    const tags = await explain(member.userId, production.id);
    expect(tags.reasons.map((reason) => reason.kind)).toEqual([
      'tags-do-not-match',
      'tags-do-not-match',
    ]);
    expect(tags.reasons[1]!.message).toBe(
      'Rule 4 of team qa would grant it if pipeline payments/deploy were one of the pipelines tagged staging.',
    );
  });

  it('answers 404 for a person or resource that is not in the account, and 422 for a bad query', async () => {
    const scene = await accessScene(t);
    const other = await accessScene(t);
    const cluster = await other.cluster('theirs');
    const person = await scene.person();
    const explain = (query: { userId: string; resourceId: string; privilege?: Privilege }) =>
      scene.admin.api.GET('/api/access/explain', {
        params: { query: { resourceType: 'cluster', privilege: 'read', ...query } },
      });
    expect((await explain({ userId: person.userId, resourceId: cluster.id })).response.status).toBe(
      404,
    );
    const mine = await scene.cluster('mine');
    expect(
      (await explain({ userId: other.admin.userId, resourceId: mine.id })).response.status,
    ).toBe(404);
    expect((await explain({ userId: 'nope', resourceId: mine.id })).response.status).toBe(422);
    const run = await explain({ userId: person.userId, resourceId: mine.id, privilege: 'run' });
    expect(run.response.status).toBe(422);
    expect(run.error!.errors![0]!.message).toMatch(/^Clusters have no run privilege/);
  });
});

describe('GET /api/access/holders', () => {
  it('lists the rules that apply to a resource and how many people hold each privilege', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    await scene.person([qa]);
    await scene.person([qa]);
    await scene.person();
    const rule = await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['*'],
    });
    const cluster = await scene.cluster('dev');
    const holders = holdersSchema.strict().parse(
      await expectData(
        scene.admin.api.GET('/api/access/holders', {
          params: { query: { resourceType: 'cluster', resourceId: cluster.id } },
        }),
      ),
    );
    expect(holders.administrators).toBe(1);
    expect(
      holders.grants.map((grant) => [
        grant.rule.number,
        grant.team.name,
        grant.team.memberCount,
        grant.privileges,
      ]),
    ).toEqual([
      [1, 'users', 4, ['read', 'update']],
      [rule.number, 'qa', 2, ['read', 'update']],
    ]);
    expect(holders.privileges).toEqual([
      { privilege: 'read', people: 4 },
      { privilege: 'update', people: 4 },
      { privilege: 'delete', people: 1 },
    ]);
  });
});

describe('GET /api/tags', () => {
  it('completes from the tags in use; people who are not administrators see only those of what they may read', async () => {
    const scene = await accessScene(t);
    const qa = await scene.team('qa');
    const member = await scene.person([qa]);
    await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['staging'],
    });
    await scene.cluster('s1', ['staging', 'eu']);
    await scene.cluster('s2', ['staging']);
    await scene.cluster('p1', ['production', 'eu']);
    await scene.pipeline('deploy', ['secret-project']);
    const tags = async (agent: SignedIn, query: { resourceType?: ResourceType; q?: string } = {}) =>
      (await expectData(agent.api.GET('/api/tags', { params: { query } }))).items;
    expect(await tags(scene.admin, { resourceType: 'cluster' })).toEqual([
      { tag: 'eu', resources: 2 },
      { tag: 'staging', resources: 2 },
      { tag: 'production', resources: 1 },
    ]);
    expect(await tags(scene.admin, { q: 's' })).toEqual([
      { tag: 'staging', resources: 2 },
      { tag: 'secret-project', resources: 1 },
    ]);
    expect(await tags(member)).toEqual([
      { tag: 'staging', resources: 2 },
      { tag: 'eu', resources: 1 },
    ]);
    // Texts long enough for the trigram index of the tags: still a prefix, still what one may read.
    expect(await tags(scene.admin, { q: 'stag' })).toEqual([{ tag: 'staging', resources: 2 }]);
    expect(await tags(scene.admin, { q: 'secret-p' })).toEqual([
      { tag: 'secret-project', resources: 1 },
    ]);
    expect(await tags(scene.admin, { q: 'aging' })).toEqual([]);
    expect(await tags(scene.admin, { q: 'STAG' })).toEqual([]);
    expect(await tags(member, { q: 'stag' })).toEqual([{ tag: 'staging', resources: 2 }]);
    expect(await tags(member, { q: 'prod' })).toEqual([]);
    expect(
      (await member.api.GET('/api/tags', { params: { query: { limit: 0 } } })).response.status,
    ).toBe(422);
  });
});
