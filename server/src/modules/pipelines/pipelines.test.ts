import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinePageSchema, pipelineSchema } from '../../../contract/pipelines';
import { etagOf } from '../../../contract/versions';
import { accessScene, namesOf, ok } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('pipelines', () => {
  it('answers the contract, with an ETag of the version and a Location', async () => {
    const { admin } = await accessScene(t);
    const res = await admin.post('/api/pipelines', {
      name: 'deploy',
      project: 'payments',
      tags: ['production', 'eu', 'production'.slice(0, 4)],
    });
    expect(res.status).toBe(201);
    const created = pipelineSchema.strict().parse(await res.json());
    expect(created.tags).toEqual(['eu', 'prod', 'production']);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/pipelines/${created.id}`);
    const read = await admin.get(`/api/pipelines/${created.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    pipelinePageSchema.strict().parse(await (await admin.get('/api/pipelines')).json());
  });

  it('needs If-Match to change or delete: 428 without, 412 when stale, and nothing is lost', async () => {
    const scene = await accessScene(t);
    const pipeline = await scene.pipeline('deploy');
    const path = `/api/pipelines/${pipeline.id}`;

    const missing = await scene.admin.patch(path, { name: 'deploy-2' });
    expect(missing.status).toBe(428);
    expect((await missing.json()).code).toBe('if-match-required');
    expect((await scene.admin.delete(path)).status).toBe(428);

    const first = await scene.admin.patch(
      path,
      { addTags: ['eu'] },
      { headers: { 'if-match': etagOf(1) } },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');

    // A second person still holds version 1.
    const stale = await scene.admin.patch(
      path,
      { name: 'renamed' },
      { headers: { 'if-match': etagOf(1) } },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await stale.json()).code).toBe('stale-version');
    expect((await scene.admin.delete(path, { headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await scene.admin.delete(path, { headers: { 'if-match': '*' } })).status).toBe(428);
    expect((await scene.admin.delete(path, { headers: { 'if-match': 'nonsense' } })).status).toBe(
      412,
    );

    const now = await ok<{ name: string; tags: string[]; version: number }>(scene.admin.get(path));
    expect(now).toMatchObject({ name: 'deploy', tags: ['eu'], version: 2 });
    // A compressed answer carries W/"2": sent back, it names version 2 as well.
    const compressed = await scene.admin.get(path, { headers: { 'accept-encoding': 'gzip' } });
    const etag = compressed.headers.get('etag')!;
    expect(etag).toBe('W/"2"');
    expect((await scene.admin.delete(path, { headers: { 'if-match': etag } })).status).toBe(204);
    expect((await scene.admin.get(path)).status).toBe(404);
  });

  it('refuses bad input with 422 and keeps what was saved', async () => {
    const scene = await accessScene(t);
    const pipeline = await scene.pipeline('deploy', ['eu']);
    const path = `/api/pipelines/${pipeline.id}`;
    const headers = { 'if-match': etagOf(pipeline.version) };
    for (const [body, field] of [
      [{ tags: ['untagged'] }, 'tags.0'],
      [{ tags: ['*'] }, 'tags.0'],
      [{ addTags: ['Production'] }, 'addTags.0'],
      [{ tags: ['a', 'a'] }, 'tags.1'],
      [{ name: 'has space' }, 'name'],
      [{ project: 'a/b' }, 'project'],
      [{ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
      [{ unknown: 1 }, ''],
    ] as const) {
      const res = await scene.admin.patch(path, body, { headers });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(
        problem.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    const tooMany = await scene.admin.patch(
      path,
      { addTags: Array.from({ length: 50 }, (_, i) => `t${i}`) },
      { headers },
    );
    expect(tooMany.status).toBe(422);
    expect(await ok(scene.admin.get(path))).toMatchObject({ name: 'deploy', tags: ['eu'] });
  });

  it('keeps project/name unique in the account, whatever the case', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('deploy', [], 'payments');
    const clash = await scene.admin.post('/api/pipelines', { name: 'Deploy', project: 'PAYMENTS' });
    expect(clash.status).toBe(422);
    expect((await clash.json()).errors[0].path).toBe('name');
    await ok(scene.admin.post('/api/pipelines', { name: 'deploy', project: 'web' }), 201);
  });

  it('searches by name, project and tag; filters by tag (untagged too) and project; sorts and pages', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('build', ['web'], 'site');
    await scene.pipeline('deploy', ['production'], 'payments');
    await scene.pipeline('lint', [], 'site');
    const names = (query: string) => namesOf(scene.admin, `/api/pipelines?${query}`);
    expect(await names('q=SITE')).toEqual(['build', 'lint']);
    expect(await names('q=product')).toEqual(['deploy']);
    expect(await names('tag=untagged')).toEqual(['lint']);
    expect(await names('tag=web')).toEqual(['build']);
    expect(await names('project=Site')).toEqual(['build', 'lint']);
    expect(await names('q=%25')).toEqual([]);
    const page = await ok<{ items: { name: string }[]; total: number }>(
      scene.admin.get('/api/pipelines?sort=-name&pageSize=2&page=1'),
    );
    expect(page.items.map((p) => p.name)).toEqual(['lint', 'deploy']);
    expect(page.total).toBe(3);
    const byProject = await ok<{ items: { name: string }[] }>(
      scene.admin.get('/api/pipelines?sort=project'),
    );
    expect(byProject.items.map((p) => p.name)).toEqual(['deploy', 'build', 'lint']);
  });

  it('orders pipelines of the same name by their project, the same on every load and page', async () => {
    const scene = await accessScene(t);
    // Created out of order, so that neither creation time nor a random id could pass for it.
    const projects = ['web', 'api', 'shop', 'data', 'ml', 'core', 'edge', 'apps'];
    for (const project of projects) {
      await ok(scene.admin.post('/api/pipelines', { name: 'Deploy', project }), 201);
    }
    const projectsOf = async (query: string) =>
      (
        await ok<{ items: { project: string }[] }>(
          scene.admin.get(`/api/pipelines?q=deploy&pageSize=100&${query}`),
        )
      ).items.map((pipeline) => pipeline.project);
    const sorted = [...projects].sort();
    expect(await projectsOf('sort=name')).toEqual(sorted);
    expect(await projectsOf('sort=name')).toEqual(sorted);
    expect(await projectsOf('sort=-name')).toEqual([...sorted].reverse());
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      pages.push(
        ...(
          await ok<{ items: { project: string }[] }>(
            scene.admin.get(`/api/pipelines?q=deploy&sort=name&pageSize=2&page=${page}`),
          )
        ).items.map((pipeline) => pipeline.project),
      );
    }
    expect(pages).toEqual(sorted);
  });
});

describe('clusters', () => {
  it('are unique by name, refuse special tags, and delete to 404', async () => {
    const scene = await accessScene(t);
    const cluster = await scene.cluster('prod-eu');
    expect((await scene.admin.post('/api/clusters', { name: 'PROD-EU' })).status).toBe(422);
    for (const tag of ['untagged', '*']) {
      const res = await scene.admin.patch(`/api/clusters/${cluster.id}`, { tags: [tag] });
      expect(res.status).toBe(422);
      expect((await res.json()).errors[0].message).toMatch(
        tag === '*' ? /^\* is not a tag/ : /^untagged is not a tag/,
      );
    }
    expect((await scene.admin.delete(`/api/clusters/${cluster.id}`)).status).toBe(204);
    expect((await scene.admin.delete(`/api/clusters/${cluster.id}`)).status).toBe(404);
  });

  it('bulk-tag with addTags and removeTags without knowing the other tags', async () => {
    const scene = await accessScene(t);
    const a = await scene.cluster('a', ['eu', 'old']);
    const b = await scene.cluster('b', ['us']);
    for (const cluster of [a, b]) {
      await ok(
        scene.admin.patch(`/api/clusters/${cluster.id}`, {
          addTags: ['production'],
          removeTags: ['old'],
        }),
      );
    }
    const page = await ok<{ items: { name: string; tags: string[] }[] }>(
      scene.admin.get('/api/clusters?tag=production'),
    );
    expect(page.items.map(({ name, tags }) => ({ name, tags }))).toEqual([
      { name: 'a', tags: ['eu', 'production'] },
      { name: 'b', tags: ['production', 'us'] },
    ]);
  });
});
