import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinePageSchema, pipelineSchema } from '../../../contract/pipelines';
import { etagOf } from '../../../contract/versions';
import type { paths } from '../../../contract/api-paths.gen';
import * as schema from '../../db/schema';
import { anyContains } from '../../lib/sql';
import { accessScene } from '../../testing/access-scene';
import { expectData } from '../../testing/api-client';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { searchOf } from '../access/access.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type PipelineQuery = NonNullable<paths['/api/pipelines']['get']['parameters']['query']>;
type PipelineChange =
  paths['/api/pipelines/{id}']['patch']['requestBody']['content']['application/json'];
const pipelines = (agent: TestAgent, query: PipelineQuery = {}) =>
  expectData(agent.api.GET('/api/pipelines', { params: { query } }));
const withIfMatch = (id: string, etag?: string) => ({
  params: { path: { id }, header: etag === undefined ? undefined : { 'if-match': etag } },
});
const patchPipeline = (agent: TestAgent, id: string, body: PipelineChange, etag?: string) =>
  agent.api.PATCH('/api/pipelines/{id}', { ...withIfMatch(id, etag), body });
const deletePipeline = (agent: TestAgent, id: string, etag?: string) =>
  agent.api.DELETE('/api/pipelines/{id}', withIfMatch(id, etag));
const byId = (id: string) => ({ params: { path: { id } } });

describe('pipelines', () => {
  it('answers the contract, with an ETag of the version and a Location', async () => {
    const { admin } = await accessScene(t);
    const { data, response: res } = await admin.api.POST('/api/pipelines', {
      body: {
        name: 'deploy',
        project: 'payments',
        tags: ['production', 'eu', 'production'.slice(0, 4)],
      },
    });
    expect(res.status).toBe(201);
    const created = pipelineSchema.strict().parse(data);
    expect(created.tags).toEqual(['eu', 'prod', 'production']);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/api/pipelines/${created.id}`);
    const read = await admin.api.GET('/api/pipelines/{id}', byId(created.id));
    expect(read.response.headers.get('etag')).toBe('"1"');
    pipelinePageSchema.strict().parse(await pipelines(admin));
  });

  it('needs If-Match to change or delete: 428 without, 412 when stale, and nothing is lost', async () => {
    const scene = await accessScene(t);
    const pipeline = await scene.pipeline('deploy');
    const { admin } = scene;
    const id = pipeline.id;

    const missing = await patchPipeline(admin, id, { name: 'deploy-2' });
    expect(missing.response.status).toBe(428);
    expect(missing.error?.code).toBe('if-match-required');
    expect((await deletePipeline(admin, id)).response.status).toBe(428);

    const first = await patchPipeline(admin, id, { addTags: ['eu'] }, etagOf(1));
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('etag')).toBe('"2"');

    // A second person still holds version 1.
    const stale = await patchPipeline(admin, id, { name: 'renamed' }, etagOf(1));
    expect(stale.response.status).toBe(412);
    expect(stale.response.headers.get('etag')).toBe('"2"');
    expect(stale.error?.code).toBe('stale-version');
    expect((await deletePipeline(admin, id, '"1"')).response.status).toBe(412);
    expect((await deletePipeline(admin, id, '*')).response.status).toBe(428);
    expect((await deletePipeline(admin, id, 'nonsense')).response.status).toBe(412);

    const now = await expectData(admin.api.GET('/api/pipelines/{id}', byId(id)));
    expect(now).toMatchObject({ name: 'deploy', tags: ['eu'], version: 2 });
    // A compressed answer carries W/"2": sent back, it names version 2 as well.
    // raw: the answer is gzip-compressed, which the typed client would try to parse as JSON.
    const compressed = await admin.get(`/api/pipelines/${id}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    const etag = compressed.headers.get('etag')!;
    expect(etag).toBe('W/"2"');
    expect((await deletePipeline(admin, id, etag)).response.status).toBe(204);
    expect((await admin.api.GET('/api/pipelines/{id}', byId(id))).response.status).toBe(404);
  });

  it('refuses bad input with 422 and keeps what was saved', async () => {
    const scene = await accessScene(t);
    const pipeline = await scene.pipeline('deploy', ['eu']);
    const path = `/api/pipelines/${pipeline.id}`;
    const headers = { 'if-match': etagOf(pipeline.version) };
    // raw: the types forbid an unknown field; the other bodies go the same way for one loop.
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
    const tooMany = await patchPipeline(
      scene.admin,
      pipeline.id,
      { addTags: Array.from({ length: 50 }, (_, i) => `t${i}`) },
      headers['if-match'],
    );
    expect(tooMany.response.status).toBe(422);
    expect(
      await expectData(scene.admin.api.GET('/api/pipelines/{id}', byId(pipeline.id))),
    ).toMatchObject({ name: 'deploy', tags: ['eu'] });
  });

  it('keeps project/name unique in the account, whatever the case', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('deploy', [], 'payments');
    const clash = await scene.admin.api.POST('/api/pipelines', {
      body: { name: 'Deploy', project: 'PAYMENTS' },
    });
    expect(clash.response.status).toBe(422);
    expect(clash.error?.errors?.[0]?.path).toBe('name');
    await expectData(
      scene.admin.api.POST('/api/pipelines', { body: { name: 'deploy', project: 'web' } }),
      201,
    );
  });

  it('searches by name, project and tag; filters by tag (untagged too) and project; sorts and pages', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('build', ['web'], 'site');
    await scene.pipeline('deploy', ['production'], 'payments');
    await scene.pipeline('lint', [], 'site');
    const names = async (query: PipelineQuery) =>
      (await pipelines(scene.admin, query)).items.map((item) => item.name).sort();
    expect(await names({ q: 'SITE' })).toEqual(['build', 'lint']);
    expect(await names({ q: 'product' })).toEqual(['deploy']);
    expect(await names({ tag: 'untagged' })).toEqual(['lint']);
    expect(await names({ tag: 'web' })).toEqual(['build']);
    expect(await names({ project: 'Site' })).toEqual(['build', 'lint']);
    expect(await names({ q: '%' })).toEqual([]);
    const page = await pipelines(scene.admin, { sort: '-name', pageSize: 2, page: 1 });
    expect(page.items.map((p) => p.name)).toEqual(['lint', 'deploy']);
    expect(page.total).toBe(3);
    const byProject = await pipelines(scene.admin, { sort: 'project' });
    expect(byProject.items.map((p) => p.name)).toEqual(['deploy', 'build', 'lint']);
  });

  it('searches tags and names alike whether the text is short or long enough for the trigram indexes', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('alpha', ['svc-payments', 'eu'], 'shop');
    await scene.pipeline('beta', ['svc-search'], 'shop');
    await scene.pipeline('50_off', [], 'promo');
    await scene.pipeline('sale', ['tax_rate'], 'promo');
    const names = async (q: string) =>
      (await pipelines(scene.admin, { q, pageSize: 100 })).items.map((item) => item.name).sort();
    // Long enough for a trigram (tags_text and the indexes), and shorter (array_to_string).
    expect(await names('SVC-PAY')).toEqual(['alpha']);
    expect(await names('svc')).toEqual(['alpha', 'beta']);
    expect(await names('EU')).toEqual(['alpha']);
    expect(await names('s')).toEqual(['alpha', 'beta', 'sale']);
    // The tags are one text, in their stored (sorted) order, one space apart.
    expect(await names('eu svc-pay')).toEqual(['alpha']);
    expect(await names('payments eu')).toEqual([]);
    // `%`, `_` and `\` are the characters typed, never patterns, in either form.
    expect(await names('0_o')).toEqual(['50_off']);
    expect(await names('0_OFF')).toEqual(['50_off']);
    expect(await names('0%o')).toEqual([]);
    expect(await names('0%off')).toEqual([]);
    expect(await names('svc_pay')).toEqual([]);
    expect(await names('svc%ments')).toEqual([]);
    expect(await names('X_RAT')).toEqual(['sale']);
    expect(await names('x_r')).toEqual(['sale']);
    expect(await names('tax-rat')).toEqual([]);
    expect(await names('x-r')).toEqual([]);
    expect(await names('\\')).toEqual([]);
  });

  it('finds searched pipelines, clusters and people through their trigram indexes', async () => {
    const scene = await accessScene(t);
    await scene.pipeline('alpha', ['svc-payments'], 'shop');
    const { db } = t.deps;
    const planOf = (query: SQL) =>
      db.transaction(async (tx) => {
        // Whether an index can serve the search, not whether a tiny table would rather be read.
        await tx.execute(sql`set local enable_seqscan = off`);
        const { rows } = (await tx.execute(sql`explain ${query}`)) as unknown as {
          rows: Record<string, string>[];
        };
        return rows.map((row) => Object.values(row)[0]).join('\n');
      });
    const search = (table: typeof schema.pipelines | typeof schema.clusters, columns: PgColumn[]) =>
      sql`select id from ${table} where ${searchOf(columns, table.tags, 'payments')}`;
    const pipelinePlan = await planOf(
      search(schema.pipelines, [schema.pipelines.name, schema.pipelines.project]),
    );
    for (const index of ['name', 'project', 'tags_text']) {
      expect(pipelinePlan).toContain(`pipelines_${index}_trgm_idx`);
    }
    const clusterPlan = await planOf(search(schema.clusters, [schema.clusters.name]));
    expect(clusterPlan).toContain('clusters_name_trgm_idx');
    expect(clusterPlan).toContain('clusters_tags_text_trgm_idx');
    const peoplePlan = await planOf(
      sql`select id from ${schema.users} where ${anyContains([schema.users.name, schema.users.email], 'grace')}`,
    );
    expect(peoplePlan).toContain('users_name_trgm_idx');
    expect(peoplePlan).toContain('users_email_trgm_idx');
  });

  it('orders pipelines of the same name by their project, the same on every load and page', async () => {
    const scene = await accessScene(t);
    // Created out of order, so that neither creation time nor a random id could pass for it.
    const projects = ['web', 'api', 'shop', 'data', 'ml', 'core', 'edge', 'apps'];
    for (const project of projects) {
      await expectData(
        scene.admin.api.POST('/api/pipelines', { body: { name: 'Deploy', project } }),
        201,
      );
    }
    const projectsOf = async (query: PipelineQuery) =>
      (await pipelines(scene.admin, { q: 'deploy', pageSize: 100, ...query })).items.map(
        (pipeline) => pipeline.project,
      );
    const sorted = [...projects].sort();
    expect(await projectsOf({ sort: 'name' })).toEqual(sorted);
    expect(await projectsOf({ sort: 'name' })).toEqual(sorted);
    expect(await projectsOf({ sort: '-name' })).toEqual([...sorted].reverse());
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      pages.push(
        ...(
          await pipelines(scene.admin, { q: 'deploy', sort: 'name', pageSize: 2, page })
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
    expect(
      (await scene.admin.api.POST('/api/clusters', { body: { name: 'PROD-EU' } })).response.status,
    ).toBe(422);
    for (const tag of ['untagged', '*']) {
      const res = await scene.admin.api.PATCH('/api/clusters/{id}', {
        ...byId(cluster.id),
        body: { tags: [tag] },
      });
      expect(res.response.status).toBe(422);
      expect(res.error?.errors?.[0]?.message).toMatch(
        tag === '*' ? /^\* is not a tag/ : /^untagged is not a tag/,
      );
    }
    const remove = () => scene.admin.api.DELETE('/api/clusters/{id}', byId(cluster.id));
    expect((await remove()).response.status).toBe(204);
    expect((await remove()).response.status).toBe(404);
  });

  it('bulk-tag with addTags and removeTags without knowing the other tags', async () => {
    const scene = await accessScene(t);
    const a = await scene.cluster('a', ['eu', 'old']);
    const b = await scene.cluster('b', ['us']);
    for (const cluster of [a, b]) {
      await expectData(
        scene.admin.api.PATCH('/api/clusters/{id}', {
          ...byId(cluster.id),
          body: { addTags: ['production'], removeTags: ['old'] },
        }),
      );
    }
    const page = await expectData(
      scene.admin.api.GET('/api/clusters', { params: { query: { tag: 'production' } } }),
    );
    expect(page.items.map(({ name, tags }) => ({ name, tags }))).toEqual([
      { name: 'a', tags: ['eu', 'production'] },
      { name: 'b', tags: ['production', 'us'] },
    ]);
  });
});
