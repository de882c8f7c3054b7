/**
 * P-2.9 on the real endpoints: lists filtered by read, single reads 404 when not readable, actions
 * 403 naming the missing privilege — for administrators, people in the rule's team and people
 * outside it, for every privilege and both special tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../../contract/access';
import { PRIVILEGES_OF } from '../../../domain/access/rules';
import { etagOf } from '../../../contract/versions';
import { accessScene, namesOf, ok, type AccessScene } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the default rules (P-2.8)', () => {
  it('make untagged clusters and pipelines usable by everyone, and restrict them from their first tag', async () => {
    const scene = await accessScene(t);
    const person = await scene.person();
    await scene.cluster('dev');
    await scene.cluster('prod-eu', ['production']);
    await scene.pipeline('build');
    await scene.pipeline('release', ['production']);

    expect(await namesOf(person, '/api/clusters')).toEqual(['dev']);
    expect(await namesOf(person, '/api/pipelines')).toEqual(['build']);
    expect(await namesOf(scene.admin, '/api/clusters')).toEqual(['dev', 'prod-eu']);

    const clusters = await ok<{ items: { privileges: Privilege[]; canEditTags: boolean }[] }>(
      person.get('/api/clusters'),
    );
    expect(clusters.items[0]).toMatchObject({ privileges: ['read', 'update'], canEditTags: false });
    const pipelines = await ok<{ items: { privileges: Privilege[]; canEditTags: boolean }[] }>(
      person.get('/api/pipelines'),
    );
    expect(pipelines.items[0]).toMatchObject({
      privileges: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
      canEditTags: true,
    });
  });

  it('let everyone create untagged pipelines, and nobody but administrators tagged ones', async () => {
    const scene = await accessScene(t);
    const person = await scene.person();
    await ok(person.post('/api/pipelines', { name: 'build', project: 'web' }), 201);
    const refused = await person.post('/api/pipelines', {
      name: 'deploy',
      project: 'web',
      tags: ['production'],
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'missing-privilege', privilege: 'create' });
    await ok(
      scene.admin.post('/api/pipelines', { name: 'deploy', project: 'web', tags: ['production'] }),
      201,
    );
  });

  it('are gone once an administrator deletes them: untagged resources close too', async () => {
    const scene = await accessScene(t);
    const person = await scene.person();
    await scene.cluster('dev');
    await scene.withoutDefaultRules();
    expect(await namesOf(person, '/api/clusters')).toEqual([]);
    expect((await person.post('/api/pipelines', { name: 'a', project: 'b' })).status).toBe(403);
  });
});

describe('the enforcement matrix on clusters', () => {
  let scene: AccessScene;
  let staging: { id: string };
  let production: { id: string };
  let member: Awaited<ReturnType<AccessScene['person']>>;
  let outsider: Awaited<ReturnType<AccessScene['person']>>;

  beforeAll(async () => {
    scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const qa = await scene.team('qa');
    member = await scene.person([qa]);
    outsider = await scene.person();
    await scene.rule({
      teamId: qa,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['staging'],
    });
    staging = await scene.cluster('staging-1', ['staging']);
    production = await scene.cluster('prod-eu', ['production']);
  });

  it('lists to each exactly what they may read (update implies read)', async () => {
    expect(await namesOf(member, '/api/clusters')).toEqual(['staging-1']);
    expect(await namesOf(outsider, '/api/clusters')).toEqual([]);
    expect(await namesOf(scene.admin, '/api/clusters')).toEqual(['prod-eu', 'staging-1']);
  });

  it('answers 404, not 403, for a cluster one may not read — the same as for one that does not exist', async () => {
    const hidden = await outsider.get(`/api/clusters/${staging.id}`);
    const missing = await outsider.get('/api/clusters/00000000-0000-4000-8000-000000000000');
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).detail).toBe((await missing.json()).detail);
    expect((await member.get(`/api/clusters/${production.id}`)).status).toBe(404);
    expect((await member.patch(`/api/clusters/${production.id}`, { name: 'x' })).status).toBe(404);
  });

  it('lets the member update the cluster but not change its tags, create or delete clusters', async () => {
    await ok(member.patch(`/api/clusters/${staging.id}`, { name: 'staging-eu' }));
    const retag = await member.patch(`/api/clusters/${staging.id}`, { addTags: ['qa'] });
    expect(retag.status).toBe(403);
    expect((await retag.json()).code).toBe('administrators-only');
    expect((await member.post('/api/clusters', { name: 'new' })).status).toBe(403);
    expect((await member.delete(`/api/clusters/${staging.id}`)).status).toBe(403);
    expect(await namesOf(scene.admin, '/api/clusters')).toEqual(['prod-eu', 'staging-eu']);
  });

  it('refuses update with 403 naming the privilege when one may only read', async () => {
    const readers = await scene.team('readers');
    const reader = await scene.person([readers]);
    await scene.rule({
      teamId: readers,
      resourceType: 'cluster',
      privileges: ['read'],
      tags: ['production'],
    });
    const res = await reader.patch(`/api/clusters/${production.id}`, { name: 'prod-eu-1' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'missing-privilege', privilege: 'update' });
  });

  it('gives administrators everything, with no rule (P-2.5)', async () => {
    await ok(scene.admin.patch(`/api/clusters/${production.id}`, { addTags: ['eu'] }));
    const cluster = await ok<{ tags: string[]; privileges: Privilege[] }>(
      scene.admin.get(`/api/clusters/${production.id}`),
    );
    expect(cluster.tags).toEqual(['eu', 'production']);
    expect(cluster.privileges).toEqual(['read', 'update', 'delete']);
  });
});

describe('the enforcement matrix on pipelines, privilege by privilege', () => {
  const actions: Record<Exclude<Privilege, 'create' | 'run' | 'approve' | 'debug'>, string> = {
    read: 'GET',
    update: 'PATCH',
    delete: 'DELETE',
  };

  for (const granted of PRIVILEGES_OF.pipeline.filter((p) => p !== 'create')) {
    it(`a rule granting ${granted} allows ${granted === 'read' ? 'reading only' : `${granted} and read, and nothing else`}`, async () => {
      const scene = await accessScene(t);
      await scene.withoutDefaultRules();
      const team = await scene.team('ops');
      const member = await scene.person([team]);
      const outsider = await scene.person();
      await scene.rule({
        teamId: team,
        resourceType: 'pipeline',
        privileges: [granted],
        tags: ['ops'],
      });
      const pipeline = await scene.pipeline('deploy', ['ops']);
      const seen = await ok<{ privileges: Privilege[] }>(
        member.get(`/api/pipelines/${pipeline.id}`),
      );
      expect(seen.privileges).toEqual(granted === 'read' ? ['read'] : ['read', granted]);
      expect((await outsider.get(`/api/pipelines/${pipeline.id}`)).status).toBe(404);

      for (const [privilege, method] of Object.entries(actions)) {
        if (privilege === 'read') continue;
        const res = await member.request(
          method,
          `/api/pipelines/${pipeline.id}`,
          method === 'PATCH' ? { name: 'deploy-2' } : undefined,
          { headers: { 'if-match': etagOf(pipeline.version) } },
        );
        if (privilege === granted) {
          expect(res.status, `${method} with ${granted}`).toBe(method === 'DELETE' ? 204 : 200);
        } else {
          expect(res.status, `${method} with ${granted}`).toBe(403);
          expect(await res.json()).toMatchObject({ code: 'missing-privilege', privilege });
        }
      }
    });
  }

  it('matches any-of and all-of rules, and `*` (P-2.3, P-2.4)', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const [anyTeam, allTeam, starTeam] = [
      await scene.team('any'),
      await scene.team('all'),
      await scene.team('star'),
    ];
    const [anyMember, allMember, starMember] = [
      await scene.person([anyTeam]),
      await scene.person([allTeam]),
      await scene.person([starTeam]),
    ];
    const tags = ['eu', 'production'];
    await scene.rule({ teamId: anyTeam, resourceType: 'pipeline', privileges: ['read'], tags });
    await scene.rule({
      teamId: allTeam,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags,
      tagMatch: 'all',
    });
    await scene.rule({
      teamId: starTeam,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['*'],
    });
    await scene.pipeline('eu-only', ['eu']);
    await scene.pipeline('eu-prod', ['eu', 'production', 'web']);
    await scene.pipeline('untagged');
    expect(await namesOf(anyMember, '/api/pipelines')).toEqual(['eu-only', 'eu-prod']);
    expect(await namesOf(allMember, '/api/pipelines')).toEqual(['eu-prod']);
    expect(await namesOf(starMember, '/api/pipelines')).toEqual(['eu-only', 'eu-prod', 'untagged']);
  });

  it('takes the union of the rules of all of a person’s teams', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const [a, b] = [await scene.team('a'), await scene.team('b')];
    const both = await scene.person([a, b]);
    await scene.rule({ teamId: a, resourceType: 'pipeline', privileges: ['read'], tags: ['x'] });
    await scene.rule({ teamId: b, resourceType: 'pipeline', privileges: ['read'], tags: ['y'] });
    await scene.pipeline('px', ['x']);
    await scene.pipeline('py', ['y']);
    await scene.pipeline('pz', ['z']);
    expect(await namesOf(both, '/api/pipelines')).toEqual(['px', 'py']);
  });

  it('lets whoever may update a pipeline change its tags within their create rules — and they may lose it by doing so', async () => {
    const scene = await accessScene(t);
    const person = await scene.person();
    const pipeline = await scene.pipeline('build');
    const addProduction = () =>
      person.patch(
        `/api/pipelines/${pipeline.id}`,
        { addTags: ['production'] },
        { headers: { 'if-match': etagOf(pipeline.version) } },
      );
    // Issue 15: an addition must stay within a create rule of the person's teams.
    const refused = await addProduction();
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('tag-escalation');
    await scene.rule({
      teamId: scene.usersTeam,
      resourceType: 'pipeline',
      privileges: ['create'],
      tags: ['production'],
    });
    const changed = await ok<{ tags: string[]; privileges: Privilege[]; version: number }>(
      addProduction(),
    );
    expect(changed).toMatchObject({ tags: ['production'], privileges: [], version: 2 });
    expect((await person.get(`/api/pipelines/${pipeline.id}`)).status).toBe(404);
  });

  it('create rules: the new pipeline may carry only tags the rule allows (P-2.6)', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const team = await scene.team('web');
    const member = await scene.person([team]);
    await scene.rule({
      teamId: team,
      resourceType: 'pipeline',
      privileges: ['create'],
      tags: ['web', 'frontend'],
    });
    const create = (tags: string[]) =>
      member.post('/api/pipelines', {
        name: `p-${tags.join('-') || 'none'}`,
        project: 'site',
        tags,
      });
    expect((await create(['web'])).status).toBe(201);
    expect((await create(['frontend', 'web'])).status).toBe(201);
    expect((await create(['web', 'production'])).status).toBe(403);
    expect((await create([])).status).toBe(403);
    // Create implies nothing: the member cannot see what they created.
    expect(await namesOf(member, '/api/pipelines')).toEqual([]);
  });
});

describe('isolation', () => {
  it('never shows another account’s clusters or pipelines, searched or not', async () => {
    const mine = await accessScene(t);
    const theirs = await accessScene(t);
    await theirs.cluster('secret-cluster');
    const pipeline = await theirs.pipeline('secret-pipeline');
    expect(await namesOf(mine.admin, '/api/clusters?q=secret')).toEqual([]);
    expect(await namesOf(mine.admin, '/api/pipelines?q=secret')).toEqual([]);
    expect(await namesOf(mine.admin, '/api/pipelines?q=payments')).toEqual([]);
    expect((await mine.admin.get(`/api/pipelines/${pipeline.id}`)).status).toBe(404);
    const tags = await ok<{ items: unknown[] }>(mine.admin.get('/api/tags'));
    expect(tags.items).toEqual([]);
  });
});
