import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../../contract/api-paths.gen';
import { clusterSchema } from '../../../contract/clusters';
import { etagOf } from '../../../contract/versions';
import { accessScene } from '../../testing/access-scene';
import { auditPage, expectData } from '../../testing/api-client';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function auditActions(admin: TestAgent, targetId: string) {
  t.clock.advance(1000);
  const page = await auditPage(admin, { targetId });
  return page.items.map((entry) => entry.action).sort();
}

type ClusterChange =
  paths['/api/clusters/{id}']['patch']['requestBody']['content']['application/json'];

describe('cluster versions (optional If-Match)', () => {
  it('answer an ETag; a stale If-Match is 412 and changes nothing, a current, weak, * or absent one applies', async () => {
    const { admin } = await accessScene(t);
    const created = await admin.api.POST('/api/clusters', {
      body: { name: 'prod-eu', tags: ['prod'] },
    });
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get('etag')).toBe(etagOf(1));
    const cluster = clusterSchema.parse(created.data);
    expect(cluster.version).toBe(1);
    const id = cluster.id;
    const ifMatch = (etag?: string) => ({
      params: { path: { id }, header: etag === undefined ? undefined : { 'if-match': etag } },
    });
    const patch = (body: ClusterChange, etag?: string) =>
      admin.api.PATCH('/api/clusters/{id}', { ...ifMatch(etag), body });

    // Someone else renames it first.
    const first = await patch({ name: 'prod-eu-1' }, '"1"');
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('etag')).toBe(etagOf(2));
    expect(clusterSchema.parse(first.data).version).toBe(2);

    // The change based on version 1 loses: 412 naming the current version, nothing saved.
    const changes: ClusterChange[] = [
      { tags: ['staging'] },
      { name: 'prod-eu-2' },
      { internal: true },
    ];
    for (const change of changes) {
      const stale = await patch(change, etagOf(1));
      expect(stale.response.status).toBe(412);
      expect(stale.response.headers.get('etag')).toBe(etagOf(2));
      expect(stale.error).toMatchObject({ code: 'stale-version' });
    }
    expect((await admin.api.DELETE('/api/clusters/{id}', ifMatch(etagOf(1)))).response.status).toBe(
      412,
    );
    const get = await admin.api.GET('/api/clusters/{id}', { params: { path: { id } } });
    expect(get.response.headers.get('etag')).toBe(etagOf(2));
    expect(clusterSchema.parse(get.data)).toMatchObject({
      name: 'prod-eu-1',
      tags: ['prod'],
      internal: false,
      version: 2,
    });
    expect(await auditActions(admin, cluster.id)).toEqual(['cluster.created', 'cluster.updated']);

    // Weak (as compression sends it back), `*` and no If-Match all apply; every change counts.
    const weak = await patch({ tags: ['prod', 'eu'] }, 'W/"2"');
    expect(weak.response.status).toBe(200);
    const star = await patch({ internal: true }, '*');
    expect(star.response.headers.get('etag')).toBe(etagOf(4));
    const bulk = await expectData(patch({ addTags: ['gpu'] }));
    expect(clusterSchema.parse(bulk)).toMatchObject({ tags: ['eu', 'gpu', 'prod'], version: 5 });
    expect((await admin.api.DELETE('/api/clusters/{id}', ifMatch(etagOf(5)))).response.status).toBe(
      204,
    );
    expect(await auditActions(admin, cluster.id)).toEqual([
      'cluster.created',
      'cluster.deleted',
      'cluster.updated',
      'cluster.updated',
      'cluster.updated',
      'cluster.updated',
    ]);
  });
});
