import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../contract/audit';
import { registryPageSchema, registrySchema } from '../../../contract/integrations';
import type { paths } from '../../../contract/api-paths.gen';
import { auditPage, expectData } from '../../testing/api-client';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PASSWORD = 'registry-robot-password-4e2a';
const internalRegistry = {
  name: 'my-internal-docker-registry',
  domain: 'Registry.Acme.Internal:5000',
  credentials: { username: 'robot$ci', password: PASSWORD },
  behindFirewall: true,
};

type RegistryInput = paths['/api/registries']['post']['requestBody']['content']['application/json'];
const byId = (id: string) => ({ params: { path: { id } } });

async function create(admin: TestAgent, body: RegistryInput) {
  t.clock.advance(1000);
  return registrySchema.parse(await expectData(admin.api.POST('/api/registries', { body }), 201));
}

async function auditOf(admin: TestAgent, targetId: string) {
  t.clock.advance(1000);
  return auditPage(admin, { targetId });
}

describe('container registries', () => {
  it('are added, listed, changed and deleted; the password is never answered', async () => {
    const admin = await t.signedIn();
    const created = await expectData(
      admin.api.POST('/api/registries', { body: internalRegistry }),
      201,
    );
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
    const registry = registrySchema.parse(created);
    expect(registry).toMatchObject({
      name: 'my-internal-docker-registry',
      domain: 'registry.acme.internal:5000',
      credentialsSet: true,
      behindFirewall: true,
      lastTest: null,
      version: 1,
    });
    await create(admin, { name: 'docker-hub', domain: 'registry-1.docker.io' });

    const list = await expectData(
      admin.api.GET('/api/registries', { params: { query: { q: 'docker' } } }),
    );
    expect(JSON.stringify(list)).not.toContain(PASSWORD);
    expect(registryPageSchema.parse(list).items.map((r) => r.name)).toEqual([
      'docker-hub',
      'my-internal-docker-registry',
    ]);
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const id = byId(registry.id);
    expect((await person.api.GET('/api/registries/{id}', id)).response.status).toBe(200);

    t.clock.advance(1000);
    const changed = await expectData(
      admin.api.PATCH('/api/registries/{id}', {
        ...id,
        body: { behindFirewall: false, name: 'internal' },
      }),
    );
    expect(changed).toMatchObject({ name: 'internal', behindFirewall: false, version: 2 });

    expect(await expectData(admin.api.GET('/api/registries/{id}/references', id))).toEqual({
      items: [],
    });
    t.clock.advance(1000);
    expect((await admin.api.DELETE('/api/registries/{id}', id)).response.status).toBe(204);
    expect((await admin.api.GET('/api/registries/{id}', id)).response.status).toBe(404);
    const audit = await auditOf(admin, registry.id);
    expect(audit.items.map((e) => e.action)).toEqual([
      'registry.deleted',
      'registry.updated',
      'registry.created',
    ]);
    expect(audit.items[2]!.after).toEqual({
      name: 'my-internal-docker-registry',
      domain: 'registry.acme.internal:5000',
      behindFirewall: true,
      credentials: REDACTED,
    });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('takes a domain alone: no scheme, no path, a valid port', async () => {
    const admin = await t.signedIn();
    const cases: [string, string][] = [
      ['https://registry.acme.example', 'Enter the domain alone, without http:// or https://.'],
      ['registry.acme.example/team', 'Enter the domain alone, without a path.'],
      ['registry.acme.example:99999', 'A port is between 1 and 65535.'],
      ['registry acme', 'Enter a domain, optionally with a port, as in registry.example.com:5000.'],
      ['', 'Enter the registry domain, as in registry.example.com.'],
    ];
    for (const [domain, message] of cases) {
      const { error, response } = await admin.api.POST('/api/registries', {
        body: { name: 'r', domain },
      });
      expect(response.status, domain).toBe(422);
      expect(error?.errors, domain).toEqual([{ path: 'domain', message }]);
    }
    await create(admin, { name: 'r', domain: 'ghcr.io' });
    const duplicate = await admin.api.POST('/api/registries', {
      body: { name: 'R', domain: 'ghcr.io' },
    });
    expect(duplicate.response.status).toBe(422);
    expect(duplicate.error?.errors?.[0]?.path).toBe('name');
    // raw: the types forbid credentials without a password.
    const noPassword = await admin.post('/api/registries', {
      name: 'x',
      domain: 'ghcr.io',
      credentials: { username: 'a' },
    });
    expect((await noPassword.json()).errors[0].path).toBe('credentials.password');
  });

  it('asks for the credentials again when the domain changes', async () => {
    const admin = await t.signedIn();
    const registry = await create(admin, { ...internalRegistry, behindFirewall: false });
    const moved = await admin.api.PATCH('/api/registries/{id}', {
      ...byId(registry.id),
      body: { domain: 'evil.example' },
    });
    expect(moved.response.status).toBe(422);
    expect(moved.error?.errors).toEqual([
      {
        path: 'credentials',
        message:
          'Give the credentials again when the address changes, so that they never go to a new host unasked (or send null to remove them).',
      },
    ]);
    expect((await auditOf(admin, registry.id)).total).toBe(1);
  });

  it('tests only what the platform may reach', async () => {
    const admin = await t.signedIn();
    const inside = await create(admin, internalRegistry);
    const blocked = await admin.api.POST('/api/registries/{id}/test', byId(inside.id));
    expect(blocked.response.status).toBe(409);
    expect(blocked.error?.code).toBe('behind-firewall');

    const metadata = await create(admin, { name: 'metadata', domain: '169.254.169.254' });
    const test = byId(metadata.id);
    expect(await expectData(admin.api.POST('/api/registries/{id}/test', test))).toMatchObject({
      ok: false,
      detail:
        '169.254.169.254 is a link-local address; this deployment does not allow tests of private addresses.',
    });
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await person.api.POST('/api/registries/{id}/test', test)).response.status).toBe(403);
  });
});
