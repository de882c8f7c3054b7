import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSchema } from '../../../contract/clusters';
import { etagOf } from '../../../contract/versions';
import { accessScene, ok } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function auditActions(admin: TestAgent, targetId: string) {
  t.clock.advance(1000);
  const page = await ok<{ items: { action: string }[] }>(
    admin.get(`/api/audit?targetId=${targetId}`),
  );
  return page.items.map((entry) => entry.action).sort();
}

describe('cluster versions (optional If-Match)', () => {
  it('answer an ETag; a stale If-Match is 412 and changes nothing, a current, weak, * or absent one applies', async () => {
    const { admin } = await accessScene(t);
    const created = await admin.post('/api/clusters', { name: 'prod-eu', tags: ['prod'] });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(etagOf(1));
    const cluster = clusterSchema.parse(await created.json());
    expect(cluster.version).toBe(1);
    const path = `/api/clusters/${cluster.id}`;

    // Someone else renames it first.
    const first = await admin.patch(
      path,
      { name: 'prod-eu-1' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(etagOf(2));
    expect(clusterSchema.parse(await first.json()).version).toBe(2);

    // The change based on version 1 loses: 412 naming the current version, nothing saved.
    for (const change of [{ tags: ['staging'] }, { name: 'prod-eu-2' }, { internal: true }]) {
      const stale = await admin.patch(path, change, { headers: { 'if-match': etagOf(1) } });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe(etagOf(2));
      expect(await stale.json()).toMatchObject({ code: 'stale-version' });
    }
    expect((await admin.delete(path, { headers: { 'if-match': etagOf(1) } })).status).toBe(412);
    const get = await admin.get(path);
    expect(get.headers.get('etag')).toBe(etagOf(2));
    expect(clusterSchema.parse(await get.json())).toMatchObject({
      name: 'prod-eu-1',
      tags: ['prod'],
      internal: false,
      version: 2,
    });
    expect(await auditActions(admin, cluster.id)).toEqual(['cluster.created', 'cluster.updated']);

    // Weak (as compression sends it back), `*` and no If-Match all apply; every change counts.
    const weak = await admin.patch(
      path,
      { tags: ['prod', 'eu'] },
      { headers: { 'if-match': 'W/"2"' } },
    );
    expect(weak.status).toBe(200);
    const star = await admin.patch(path, { internal: true }, { headers: { 'if-match': '*' } });
    expect(star.headers.get('etag')).toBe(etagOf(4));
    const bulk = await ok(admin.patch(path, { addTags: ['gpu'] }));
    expect(clusterSchema.parse(bulk)).toMatchObject({ tags: ['eu', 'gpu', 'prod'], version: 5 });
    expect((await admin.delete(path, { headers: { 'if-match': etagOf(5) } })).status).toBe(204);
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
