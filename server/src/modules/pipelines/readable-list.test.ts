/**
 * Issue 17: the access filter of the pipeline list, whatever SQL it becomes, must read exactly what
 * the engine reads. These check, on a scene with any-of, all-of, untagged and `*` rules and a
 * person in several teams, that each person's list and total (first and later pages) are exactly
 * what the engine's in-memory test (`isReadableBy`) reads, through creates, tag changes, renames
 * and deletions; and that searches keep `_` and `%` literal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../contract/access';
import { etagOf } from '../../../contract/versions';
import { readableWhere, isReadableBy } from '../../../domain/access/engine';
import { loadRules, teamIdsOf } from '../access/access.service';
import { accessScene, ok, type AccessScene, type SignedIn } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Listed {
  items: { id: string; name: string; tags: string[] }[];
  total: number;
}

/** Every pipeline of the account, as the administrator lists them. */
async function everyPipeline(scene: AccessScene) {
  const page = await ok<Listed>(scene.admin.get('/api/pipelines?pageSize=100'));
  expect(page.total).toBeLessThanOrEqual(100);
  return page.items;
}

/** Each person's list and total are what the engine reads of the administrator's list. */
async function expectListsAsTheEngine(scene: AccessScene, people: SignedIn[]) {
  const db = t.deps.db;
  const every = await everyPipeline(scene);
  const rules = await loadRules(db, scene.admin.accountId, 'pipeline');
  for (const person of people) {
    const teamIds = await teamIdsOf(db, person.accountId, { id: person.userId, level: 'user' });
    const where = readableWhere(rules, { level: 'user', teamIds }, 'pipeline');
    const expected = every
      .filter((pipeline) => isReadableBy(where, pipeline.tags))
      .map((pipeline) => pipeline.name)
      .sort();
    const page = await ok<Listed>(person.get('/api/pipelines?pageSize=100'));
    expect(page.items.map((item) => item.name).sort()).toEqual(expected);
    expect(page.total).toBe(expected.length);
    // The count and a later page agree with the first one.
    const paged = await ok<Listed>(person.get('/api/pipelines?pageSize=2&page=2'));
    expect(paged.total).toBe(expected.length);
    expect(paged.items.map((item) => item.name)).toEqual(
      page.items.slice(2, 4).map((item) => item.name),
    );
  }
}

describe('the access-filtered pipeline list (issue 17)', () => {
  it('lists and counts exactly what the engine reads, through any-of, all-of, untagged and * rules', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const teams = {
      anyOf: await scene.team('any-of'),
      allOf: await scene.team('all-of'),
      untagged: await scene.team('untagged'),
      star: await scene.team('star'),
      runs: await scene.team('runs'),
    };
    const rules: RuleInput[] = [
      { teamId: teams.anyOf, resourceType: 'pipeline', privileges: ['read'], tags: ['eu', 'qa'] },
      {
        teamId: teams.allOf,
        resourceType: 'pipeline',
        privileges: ['read'],
        tags: ['eu', 'production'],
        tagMatch: 'all',
      },
      {
        teamId: teams.allOf,
        resourceType: 'pipeline',
        privileges: ['update'],
        tags: ['us', 'production', 'web'],
        tagMatch: 'all',
      },
      {
        teamId: teams.untagged,
        resourceType: 'pipeline',
        privileges: ['read'],
        tags: ['untagged'],
      },
      { teamId: teams.star, resourceType: 'pipeline', privileges: ['read'], tags: ['*'] },
      // Implies read; a create rule does not.
      { teamId: teams.runs, resourceType: 'pipeline', privileges: ['run'], tags: ['web'] },
      { teamId: teams.runs, resourceType: 'pipeline', privileges: ['create'], tags: ['eu'] },
      // Cluster rules say nothing about pipelines.
      { teamId: teams.anyOf, resourceType: 'cluster', privileges: ['read'], tags: ['us'] },
    ];
    for (const rule of rules) await scene.rule(rule);
    const people = [
      await scene.person([teams.anyOf]),
      await scene.person([teams.allOf]),
      await scene.person([teams.untagged]),
      await scene.person([teams.star]),
      await scene.person([teams.runs, teams.allOf, teams.untagged]),
      await scene.person([teams.anyOf, teams.allOf]),
      await scene.person([]),
    ];
    const created = {
      euQa: await scene.pipeline('eu-qa', ['eu', 'qa']),
      euProd: await scene.pipeline('eu-prod', ['eu', 'production']),
      prod: await scene.pipeline('prod', ['production']),
      usProdWeb: await scene.pipeline('us-prod-web', ['production', 'us', 'web']),
      usProd: await scene.pipeline('us-prod', ['production', 'us']),
      plain: await scene.pipeline('plain'),
      other: await scene.pipeline('other', ['other']),
      many: await scene.pipeline('many', ['a', 'b', 'c', 'eu', 'production', 'qa', 'us', 'web']),
    };
    await expectListsAsTheEngine(scene, people);
    // Hidden from the anyOf member before; the total must not count it.
    expect((await ok<Listed>(people[0]!.get('/api/pipelines'))).total).toBe(3);

    // Tags changed (to none, to others, to an all-of set), a rename, a deletion.
    const patch = (pipeline: { id: string; version: number }, body: Record<string, unknown>) =>
      ok(
        scene.admin.patch(`/api/pipelines/${pipeline.id}`, body, {
          headers: { 'if-match': etagOf(pipeline.version) },
        }),
      );
    await patch(created.euQa, { tags: [] });
    await patch(created.plain, { addTags: ['us', 'production', 'web'] });
    await patch(created.other, { name: 'renamed' });
    await patch(created.many, { removeTags: ['eu', 'qa', 'web'] });
    const deleted = await scene.admin.delete(`/api/pipelines/${created.euProd.id}`, {
      headers: { 'if-match': etagOf(created.euProd.version) },
    });
    expect(deleted.status).toBe(204);
    await expectListsAsTheEngine(scene, people);
  });

  it('keeps searches, tag and project filters within what the person may read', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const team = await scene.team('readers');
    await scene.rule({ teamId: team, resourceType: 'pipeline', privileges: ['read'], tags: ['x'] });
    await scene.rule({
      teamId: team,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['untagged'],
    });
    const person = await scene.person([team]);
    await scene.pipeline('build_100', ['x'], 'web');
    await scene.pipeline('build-1000', ['y'], 'web');
    await scene.pipeline('build_2', [], 'api');
    const names = async (query: string) => {
      const page = await ok<Listed>(person.get(`/api/pipelines?${query}`));
      expect(page.total).toBe(page.items.length);
      return page.items.map((item) => item.name).sort();
    };
    expect(await names('q=build')).toEqual(['build_100', 'build_2']);
    // `_` and `%` are the characters typed, not patterns (`-1` would match `_1` as a pattern).
    expect(await names('q=_1')).toEqual(['build_100']);
    expect(await names(`q=${encodeURIComponent('%1')}`)).toEqual([]);
    expect(await names('tag=untagged')).toEqual(['build_2']);
    expect(await names('tag=y')).toEqual([]);
    expect(await names('project=WEB')).toEqual(['build_100']);
  });
});
