import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_CHANGED } from '../../../contract/audit';
import { clusterSchema } from '../../../contract/clusters';
import { DEMO_CA_CERTIFICATE } from '../../db/seed/demo';
import { clusters } from '../../db/schema';
import { accessScene, ok } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.service-account-token.7d1c';
const FINGERPRINT =
  '37:3D:D6:BD:E1:CF:96:55:7B:60:36:87:EC:30:73:58:F9:2F:56:40:35:3E:53:26:1A:ED:90:26:2C:82:6A:EA';

async function auditOf(admin: TestAgent, targetId: string) {
  t.clock.advance(1000);
  return ok<{ total: number; items: { action: string; before: unknown; after: unknown }[] }>(
    admin.get(`/api/audit?targetId=${targetId}`),
  );
}

describe('cluster connection settings (P-5.3)', () => {
  it('are set on create and on change; the token is write-only and audited as a marker', async () => {
    const scene = await accessScene(t);
    const admin = scene.admin;
    const res = await admin.post('/api/clusters', {
      name: 'prod-internal',
      apiServerUrl: 'https://10.20.0.10:6443/',
      caCertificate: DEMO_CA_CERTIFICATE,
      serviceAccountToken: TOKEN,
      internal: true,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const cluster = clusterSchema.parse(JSON.parse(text));
    expect(cluster).toMatchObject({
      provider: 'custom',
      apiServerUrl: 'https://10.20.0.10:6443',
      caCertificate: DEMO_CA_CERTIFICATE,
      serviceAccountTokenSet: true,
      internal: true,
    });
    const [row] = await t.deps.db.select().from(clusters).where(eq(clusters.id, cluster.id));
    expect(row!.serviceAccountTokenSealed).not.toContain(TOKEN);
    expect(t.deps.secrets.open(row!.serviceAccountTokenSealed!)).toBe(TOKEN);

    // A plain cluster has no connection yet.
    const plain = clusterSchema.parse(
      await ok(admin.post('/api/clusters', { name: 'plain' }), 201),
    );
    expect(plain).toMatchObject({
      apiServerUrl: null,
      caCertificate: null,
      serviceAccountTokenSet: false,
      internal: false,
    });

    t.clock.advance(1000);
    const rotated = await ok(
      admin.patch(`/api/clusters/${cluster.id}`, { serviceAccountToken: 'a-new-token' }),
    );
    expect(rotated).toMatchObject({ serviceAccountTokenSet: true });
    t.clock.advance(1000);
    const cleared = await ok(
      admin.patch(`/api/clusters/${cluster.id}`, {
        serviceAccountToken: null,
        caCertificate: null,
        internal: false,
      }),
    );
    expect(cleared).toMatchObject({
      serviceAccountTokenSet: false,
      caCertificate: null,
      internal: false,
    });
    for (const body of [
      await (await admin.get(`/api/clusters/${cluster.id}`)).text(),
      await (await admin.get('/api/clusters')).text(),
    ]) {
      expect(body).not.toContain(TOKEN);
      expect(body).not.toContain('a-new-token');
    }

    const audit = await auditOf(admin, cluster.id);
    expect(audit.items.map((e) => e.action)).toEqual([
      'cluster.updated',
      'cluster.updated',
      'cluster.created',
    ]);
    expect(audit.items[2]!.after).toEqual({
      name: 'prod-internal',
      tags: [],
      apiServerUrl: 'https://10.20.0.10:6443',
      caCertificate: FINGERPRINT,
      serviceAccountToken: REDACTED,
      internal: true,
    });
    expect(audit.items[1]!.after).toMatchObject({ serviceAccountToken: REDACTED_CHANGED });
    expect(audit.items[0]!.after).toMatchObject({
      serviceAccountToken: null,
      caCertificate: null,
      internal: false,
    });
    const all = JSON.stringify(audit);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('a-new-token');
  });

  it('refuses bad settings with a 422 naming the field', async () => {
    const admin = await t.signedIn();
    const cluster = clusterSchema.parse(await ok(admin.post('/api/clusters', { name: 'c' }), 201));
    const broken = DEMO_CA_CERTIFICATE.replace('MIIBhDCCASugAwIBAgIU', 'MIIBhDCCASugAwIBAgIV');
    const cases: [Record<string, unknown>, string][] = [
      [{ apiServerUrl: 'http://k8s.acme.example' }, 'apiServerUrl'],
      [{ apiServerUrl: 'k8s.acme.example' }, 'apiServerUrl'],
      [{ caCertificate: 'not a certificate' }, 'caCertificate'],
      [{ caCertificate: broken }, 'caCertificate'],
      [{ serviceAccountToken: '' }, 'serviceAccountToken'],
      [{ serviceAccountToken: 42 }, 'serviceAccountToken'],
      [{ internal: 'yes' }, 'internal'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.patch(`/api/clusters/${cluster.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await auditOf(admin, cluster.id)).total).toBe(1);
  });

  it('asks for the token again when the API server URL changes', async () => {
    const admin = await t.signedIn();
    const cluster = clusterSchema.parse(
      await ok(
        admin.post('/api/clusters', {
          name: 'moving',
          apiServerUrl: 'https://k8s.acme.example',
          serviceAccountToken: TOKEN,
        }),
        201,
      ),
    );
    const moved = await admin.patch(`/api/clusters/${cluster.id}`, {
      apiServerUrl: 'https://elsewhere.example',
    });
    expect(moved.status).toBe(422);
    expect((await moved.json()).errors[0].path).toBe('serviceAccountToken');
    expect(
      await ok(
        admin.patch(`/api/clusters/${cluster.id}`, {
          apiServerUrl: 'https://elsewhere.example',
          serviceAccountToken: 'for-the-new-host',
        }),
      ),
    ).toMatchObject({ apiServerUrl: 'https://elsewhere.example', serviceAccountTokenSet: true });
  });

  it('leave connection settings to administrators, while people with update may still rename', async () => {
    const scene = await accessScene(t);
    const cluster = await scene.cluster('shared');
    const platform = await scene.team('platform');
    await scene.rule({
      teamId: platform,
      resourceType: 'cluster',
      privileges: ['update'],
      tags: ['*'],
    });
    const person = await scene.person([platform]);
    for (const body of [
      { apiServerUrl: 'https://k8s.acme.example' },
      { serviceAccountToken: 'mine' },
      { caCertificate: DEMO_CA_CERTIFICATE },
      { internal: true },
    ]) {
      const res = await person.patch(`/api/clusters/${cluster.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect((await res.json()).code).toBe('administrators-only');
    }
    t.clock.advance(1000);
    expect(
      await ok(person.patch(`/api/clusters/${cluster.id}`, { name: 'renamed' })),
    ).toMatchObject({ name: 'renamed', serviceAccountTokenSet: false });
    const audit = await auditOf(scene.admin, cluster.id);
    expect(audit.items.map((e) => e.action)).toEqual(['cluster.updated', 'cluster.created']);
  });
});
