import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_CHANGED } from '../../../contract/audit';
import { gitProviderPageSchema, gitProviderSchema } from '../../../contract/integrations';
import { gitProviders, runners, triggers } from '../../db/schema';
import { accessScene, ok, type SignedIn } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
/** The same server with ALLOW_PRIVATE_NETWORK_TESTS on, for tests against a local stand-in. */
let allowing: TestContext;
let gitlab: Server;
let gitlabUrl: string;
const TOKEN = 'glpat-the-real-token-8c1f';

beforeAll(async () => {
  t = await createTestApp();
  allowing = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK_TESTS: true } });
  gitlab = createServer((req, res) => {
    res.writeHead(req.headers['private-token'] === TOKEN ? 200 : 401, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify(req.headers['private-token'] === TOKEN ? { username: 'tanuki' } : {}));
  });
  await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.1', resolve));
  gitlabUrl = `http://127.0.0.1:${(gitlab.address() as AddressInfo).port}`;
});
afterAll(async () => {
  gitlab.closeAllConnections();
  await new Promise((resolve) => gitlab.close(resolve));
  await Promise.all([t.close(), allowing.close()]);
});

const onPremGitlab = (baseUrl = 'https://gitlab.acme.internal') => ({
  name: 'my-internal-git-provider',
  kind: 'gitlab',
  baseUrl,
  credentials: { token: TOKEN },
  onPremise: true,
  behindFirewall: false,
});

async function auditOf(admin: TestAgent, targetId: string) {
  // Entries of the same instant have no order: each read moves the clock on.
  t.clock.advance(1000);
  allowing.clock.advance(1000);
  return ok<{ total: number; items: { action: string; before: unknown; after: unknown }[] }>(
    admin.get(`/api/audit?targetId=${targetId}`),
  );
}

async function create(admin: TestAgent, body: Record<string, unknown>) {
  t.clock.advance(1000);
  return gitProviderSchema.parse(await ok(admin.post('/api/git-providers', body), 201));
}

describe('git providers', () => {
  it('are added, listed, read, changed and deleted; the credentials are never answered', async () => {
    const admin = await t.signedIn();
    const res = await admin.post('/api/git-providers', onPremGitlab());
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const provider = gitProviderSchema.parse(JSON.parse(text));
    expect(provider).toMatchObject({
      name: 'my-internal-git-provider',
      kind: 'gitlab',
      baseUrl: 'https://gitlab.acme.internal',
      credentialsSet: true,
      onPremise: true,
      behindFirewall: false,
      lastTest: null,
      version: 1,
    });
    expect(res.headers.get('location')).toBe(`/api/git-providers/${provider.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    // GitHub needs no address; the trailing slash of an address is dropped.
    await create(admin, { name: 'github', kind: 'github' });
    const ghe = await create(admin, {
      name: 'ghe',
      kind: 'github-enterprise',
      baseUrl: 'https://ghe.acme.example/',
    });
    expect(ghe.baseUrl).toBe('https://ghe.acme.example');

    const list = await admin.get('/api/git-providers?pageSize=2');
    const listText = await list.text();
    expect(listText).not.toContain(TOKEN);
    const page = gitProviderPageSchema.parse(JSON.parse(listText));
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.items.map((p) => p.name)).toEqual(['ghe', 'github']);
    const found = await ok<{ items: { name: string }[] }>(
      admin.get('/api/git-providers?q=acme.internal'),
    );
    expect(found.items.map((p) => p.name)).toEqual(['my-internal-git-provider']);
    const github = await ok<{ items: { baseUrl: string }[] }>(
      admin.get('/api/git-providers?q=github'),
    );
    expect(github.items.map((p) => p.baseUrl)).toContain('https://api.github.com');

    t.clock.advance(1000);
    const renamed = await admin.patch(`/api/git-providers/${provider.id}`, {
      name: 'gitlab-onprem',
      behindFirewall: true,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    expect(await renamed.json()).toMatchObject({
      name: 'gitlab-onprem',
      behindFirewall: true,
      credentialsSet: true,
      version: 2,
    });
    t.clock.advance(1000);
    const cleared = await ok(
      admin.patch(`/api/git-providers/${provider.id}`, { credentials: null }),
    );
    expect(cleared).toMatchObject({ credentialsSet: false, version: 3 });

    t.clock.advance(1000);
    expect((await admin.delete(`/api/git-providers/${provider.id}`)).status).toBe(204);
    expect((await admin.get(`/api/git-providers/${provider.id}`)).status).toBe(404);

    // One entry per change, the credentials as markers only.
    const audit = await auditOf(admin, provider.id);
    expect(audit.items.map((e) => e.action)).toEqual([
      'git-provider.deleted',
      'git-provider.updated',
      'git-provider.updated',
      'git-provider.created',
    ]);
    expect(audit.items[3]!.after).toEqual({
      name: 'my-internal-git-provider',
      kind: 'gitlab',
      baseUrl: 'https://gitlab.acme.internal',
      onPremise: true,
      behindFirewall: false,
      credentials: REDACTED,
    });
    expect(audit.items[1]!.after).toMatchObject({ credentials: null });
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    // Stored sealed, not as given.
    const stored = await t.deps.db.select().from(gitProviders).where(eq(gitProviders.id, ghe.id));
    expect(stored[0]!.credentialsSealed).toBeNull();
  });

  it('keeps the credentials sealed and records their replacement as a marker', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, { ...onPremGitlab(), name: 'sealed' });
    const [row] = await t.deps.db
      .select()
      .from(gitProviders)
      .where(eq(gitProviders.id, provider.id));
    expect(row!.credentialsSealed).not.toContain(TOKEN);
    expect(JSON.parse(t.deps.secrets.open(row!.credentialsSealed!))).toEqual({ token: TOKEN });
    t.clock.advance(1000);
    await ok(
      admin.patch(`/api/git-providers/${provider.id}`, {
        credentials: { username: 'ci', token: 'another-token-55' },
      }),
    );
    const audit = await auditOf(admin, provider.id);
    expect(audit.items[0]!.before).toMatchObject({ credentials: REDACTED });
    expect(audit.items[0]!.after).toMatchObject({ credentials: REDACTED_CHANGED });
    expect(JSON.stringify(audit)).not.toContain('another-token-55');
  });

  it('refuses bad input with a 422 naming the field, and writes nothing', async () => {
    const admin = await t.signedIn();
    await create(admin, { ...onPremGitlab(), name: 'taken' });
    const cases: [Record<string, unknown>, string][] = [
      [{ ...onPremGitlab(), name: '' }, 'name'],
      [{ ...onPremGitlab(), name: 'has space' }, 'name'],
      [{ ...onPremGitlab(), name: 'TAKEN' }, 'name'],
      [{ ...onPremGitlab(), kind: 'svn' }, 'kind'],
      [{ ...onPremGitlab(), baseUrl: undefined }, 'baseUrl'],
      [{ ...onPremGitlab(), baseUrl: 'ftp://gitlab.acme.internal' }, 'baseUrl'],
      [{ ...onPremGitlab(), baseUrl: 'not a url' }, 'baseUrl'],
      [{ ...onPremGitlab(), baseUrl: 'https://user:pw@gitlab.acme.internal' }, 'baseUrl'],
      [{ ...onPremGitlab(), credentials: { token: '' } }, 'credentials.token'],
      [{ ...onPremGitlab(), credentials: { password: 'x' } }, 'credentials'],
      [{ ...onPremGitlab(), credentials: { token: 'two words' } }, 'credentials.token'],
      [{ ...onPremGitlab(), credentials: { token: 'line\nbreak' } }, 'credentials.token'],
      [{ ...onPremGitlab(), onPremise: false, behindFirewall: true }, 'behindFirewall'],
      [{ name: 'gh', kind: 'github', onPremise: true }, 'onPremise'],
      [{ ...onPremGitlab(), onPremise: 'yes' }, 'onPremise'],
      [{ ...onPremGitlab(), unexpected: 1 }, ''],
    ];
    const { total } = await ok<{ total: number }>(admin.get('/api/audit'));
    for (const [body, path] of cases) {
      const res = await admin.post('/api/git-providers', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json();
      expect(
        problem.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(path);
      expect(JSON.stringify(problem)).not.toContain(TOKEN);
    }
    expect((await ok<{ total: number }>(admin.get('/api/audit'))).total).toBe(total);
    expect((await ok<{ total: number }>(admin.get('/api/git-providers'))).total).toBe(1);
  });

  it('checks the whole record on a change: behind the firewall needs on premise', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, {
      name: 'cloud',
      kind: 'gitlab',
      baseUrl: 'https://gitlab.com',
    });
    const res = await admin.patch(`/api/git-providers/${provider.id}`, { behindFirewall: true });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      {
        path: 'behindFirewall',
        message: 'Only an on-premise provider can be behind the firewall.',
      },
    ]);
    const toGithub = await admin.patch(`/api/git-providers/${provider.id}`, {
      onPremise: true,
      kind: 'github',
    });
    expect((await toGithub.json()).errors[0].path).toBe('onPremise');
    expect((await auditOf(admin, provider.id)).total).toBe(1);
  });

  it('asks for the credentials again when the address changes', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, onPremGitlab());
    const moved = await admin.patch(`/api/git-providers/${provider.id}`, {
      baseUrl: 'https://attacker.example',
    });
    expect(moved.status).toBe(422);
    expect((await moved.json()).errors[0].path).toBe('credentials');
    expect(await ok(admin.get(`/api/git-providers/${provider.id}`))).toMatchObject({
      baseUrl: 'https://gitlab.acme.internal',
      version: 1,
    });
    // With them (or with null), the move is made.
    expect(
      await ok(
        admin.patch(`/api/git-providers/${provider.id}`, {
          baseUrl: 'https://gitlab2.acme.internal',
          credentials: { token: 'new-token' },
        }),
      ),
    ).toMatchObject({ baseUrl: 'https://gitlab2.acme.internal', credentialsSet: true });
    expect(
      await ok(
        admin.patch(`/api/git-providers/${provider.id}`, {
          baseUrl: 'https://gitlab3.acme.internal',
          credentials: null,
        }),
      ),
    ).toMatchObject({ credentialsSet: false });
    // Without credentials there is nothing to protect.
    expect(
      await ok(
        admin.patch(`/api/git-providers/${provider.id}`, {
          baseUrl: 'https://gitlab4.acme.internal',
        }),
      ),
    ).toMatchObject({ baseUrl: 'https://gitlab4.acme.internal' });
  });

  it('honours If-Match: 412 with the current ETag when stale; an unchanged save is no change', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, onPremGitlab());
    await ok(admin.patch(`/api/git-providers/${provider.id}`, { name: 'second' }));
    const stale = await admin.patch(
      `/api/git-providers/${provider.id}`,
      { name: 'third' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await stale.json()).code).toBe('stale-version');
    const current = await admin.patch(
      `/api/git-providers/${provider.id}`,
      { name: 'third' },
      { headers: { 'if-match': 'W/"2"' } },
    );
    expect(current.status).toBe(200);
    const same = await ok(
      admin.patch(`/api/git-providers/${provider.id}`, { name: 'third', onPremise: true }),
    );
    expect(same).toMatchObject({ version: 3 });
    expect((await auditOf(admin, provider.id)).total).toBe(3);
  });

  it('lets everyone signed in read them, and only administrators change, test or list references', async () => {
    const scene = await accessScene(t);
    const provider = await create(scene.admin, onPremGitlab());
    const person = await scene.person();
    const list = await person.get('/api/git-providers');
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(TOKEN);
    expect((await person.get(`/api/git-providers/${provider.id}`)).status).toBe(200);
    const refused = [
      await person.post('/api/git-providers', { ...onPremGitlab(), name: 'mine' }),
      await person.patch(`/api/git-providers/${provider.id}`, { name: 'mine' }),
      await person.post(`/api/git-providers/${provider.id}/test`),
      await person.get(`/api/git-providers/${provider.id}/references`),
      await person.delete(`/api/git-providers/${provider.id}`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('administrators-only');
    }
    expect((await auditOf(scene.admin, provider.id)).total).toBe(1);
  });

  it('keeps each account to its own', async () => {
    const admin = await t.signedIn();
    const other = await t.signedIn();
    const provider = await create(admin, onPremGitlab());
    expect((await other.get(`/api/git-providers/${provider.id}`)).status).toBe(404);
    expect((await other.patch(`/api/git-providers/${provider.id}`, { name: 'x' })).status).toBe(
      404,
    );
    expect((await other.delete(`/api/git-providers/${provider.id}`)).status).toBe(404);
    expect((await ok<{ total: number }>(other.get('/api/git-providers'))).total).toBe(0);
    // The name is free in another account.
    await create(other, onPremGitlab());
  });
});

describe('testing the connection', () => {
  it('is refused for a provider behind the firewall', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, { ...onPremGitlab(), behindFirewall: true });
    const res = await admin.post(`/api/git-providers/${provider.id}/test`);
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.code).toBe('behind-firewall');
    expect(problem.detail).toMatch(/^The platform cannot reach a git provider behind the firewall/);
  });

  it('asks for the credentials again when they were sealed under another key', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, onPremGitlab());
    await t.deps.db
      .update(gitProviders)
      .set({ credentialsSealed: 'v1.AAAA.BBBB.CCCC' })
      .where(eq(gitProviders.id, provider.id));
    const res = await admin.post(`/api/git-providers/${provider.id}/test`);
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('credentials-unreadable');
  });

  it('refuses private addresses unless the deployment allows them, and keeps the result', async () => {
    const admin = await t.signedIn();
    const provider = await create(admin, onPremGitlab(gitlabUrl));
    const result = await ok(admin.post(`/api/git-providers/${provider.id}/test`));
    expect(result).toEqual({
      ok: false,
      detail:
        '127.0.0.1 is a loopback address; this deployment does not allow tests of private addresses.',
      at: t.clock.now().toISOString(),
    });
    expect(await ok(admin.get(`/api/git-providers/${provider.id}`))).toMatchObject({
      lastTest: result,
      version: 1,
    });
    // A test changes no setting: no audit entry.
    expect((await auditOf(admin, provider.id)).total).toBe(1);
  });

  it('checks the address and the credentials for real where private addresses are allowed', async () => {
    const admin = await allowing.signedIn();
    const provider = gitProviderSchema.parse(
      await ok(admin.post('/api/git-providers', onPremGitlab(gitlabUrl)), 201),
    );
    expect(await ok(admin.post(`/api/git-providers/${provider.id}/test`))).toMatchObject({
      ok: true,
      detail: 'Connected as tanuki.',
    });
    await ok(admin.patch(`/api/git-providers/${provider.id}`, { credentials: { token: 'wrong' } }));
    // A change of credentials forgets the last test.
    expect(await ok(admin.get(`/api/git-providers/${provider.id}`))).toMatchObject({
      lastTest: null,
    });
    const refused = await ok(admin.post(`/api/git-providers/${provider.id}/test`));
    expect(refused).toMatchObject({ ok: false, detail: 'The credentials were refused (401).' });
    expect(await ok(admin.get(`/api/git-providers/${provider.id}`))).toMatchObject({
      lastTest: refused,
    });
  });
});

describe('references and deletion', () => {
  async function triggerOn(
    admin: SignedIn,
    providerId: string,
    pipelineId: string,
    repository: string,
  ) {
    const now = t.clock.now();
    const [runner] = await t.deps.db
      .insert(runners)
      .values({ accountId: admin.accountId, name: `runner-${repository}`, createdAt: now })
      .returning();
    await t.deps.db.insert(triggers).values({
      accountId: admin.accountId,
      pipelineId,
      gitProviderId: providerId,
      runnerId: runner!.id,
      repository,
      events: ['push'],
      secretSealed: t.deps.secrets.seal('hook-secret'),
      secretRotatedAt: now,
      createdAt: now,
      updatedAt: now,
    });
  }

  it('lists the pipelines that use a provider, asks before deleting it, and deletes its triggers with force', async () => {
    const scene = await accessScene(t);
    const admin = scene.admin;
    const provider = await create(admin, onPremGitlab());
    const unused = await create(admin, { ...onPremGitlab(), name: 'unused' });
    const api = await scene.pipeline('api');
    const web = await scene.pipeline('web', [], 'storefront');
    await triggerOn(admin, provider.id, api.id, 'acme/api');
    await triggerOn(admin, provider.id, web.id, 'acme/web');

    expect(await ok(admin.get(`/api/git-providers/${provider.id}/references`))).toEqual({
      items: [
        { pipelineId: api.id, project: 'payments', name: 'api', via: 'trigger on acme/api' },
        { pipelineId: web.id, project: 'storefront', name: 'web', via: 'trigger on acme/web' },
      ],
    });
    expect(await ok(admin.get(`/api/git-providers/${unused.id}/references`))).toEqual({
      items: [],
    });

    const refused = await admin.delete(`/api/git-providers/${provider.id}`);
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.code).toBe('in-use');
    expect(problem.detail).toBe(
      'The git provider my-internal-git-provider is used by 2 pipelines: payments/api (trigger on acme/api), storefront/web (trigger on acme/web). Delete it anyway (force=true): its triggers are removed, and a pipeline defined in it cannot run until it is given another source.',
    );
    expect(problem.references).toHaveLength(2);
    expect((await auditOf(admin, provider.id)).total).toBe(1);
    expect((await admin.get(`/api/git-providers/${provider.id}`)).status).toBe(200);

    t.clock.advance(1000);
    expect((await admin.delete(`/api/git-providers/${provider.id}?force=true`)).status).toBe(204);
    const left = await t.deps.db
      .select()
      .from(triggers)
      .where(eq(triggers.gitProviderId, provider.id));
    expect(left).toEqual([]);
    const audit = await auditOf(admin, provider.id);
    expect(audit.items.map((e) => e.action)).toEqual([
      'git-provider.deleted',
      'git-provider.created',
    ]);
    // The pipelines themselves stay.
    expect((await admin.get(`/api/pipelines/${api.id}`)).status).toBe(200);
    // An unused one needs no force.
    expect((await admin.delete(`/api/git-providers/${unused.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/git-providers/${unused.id}?force=maybe`)).status).toBe(422);
  });

  it('counts pipelines defined in a provider as using it; deleted with force, they keep their definition and cannot run', async () => {
    const scene = await accessScene(t);
    const admin = scene.admin;
    const provider = await create(admin, onPremGitlab());
    const source = {
      type: 'git',
      gitProviderId: provider.id,
      repository: 'acme/api',
      branch: 'main',
      path: 'ci/build.yml',
    };
    const defined = await ok<{ id: string }>(
      admin.post('/api/pipelines', { name: 'api', project: 'payments', source }),
      201,
    );
    const both = await ok<{ id: string }>(
      admin.post('/api/pipelines', { name: 'web', project: 'payments', source }),
      201,
    );
    await triggerOn(admin, provider.id, both.id, 'acme/web');
    expect(await ok(admin.get(`/api/git-providers/${provider.id}/references`))).toEqual({
      items: [
        { pipelineId: defined.id, project: 'payments', name: 'api', via: 'definition source' },
        { pipelineId: both.id, project: 'payments', name: 'web', via: 'definition source' },
        { pipelineId: both.id, project: 'payments', name: 'web', via: 'trigger on acme/web' },
      ],
    });

    const refused = await admin.delete(`/api/git-providers/${provider.id}`);
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.code).toBe('in-use');
    expect(problem.references).toHaveLength(3);
    expect((await ok(admin.get(`/api/pipelines/${defined.id}`))).runnable).toMatchObject({
      allowed: true,
    });

    expect((await admin.delete(`/api/git-providers/${provider.id}?force=true`)).status).toBe(204);
    const after = await ok<{ source: unknown; runnable: unknown }>(
      admin.get(`/api/pipelines/${defined.id}`),
    );
    expect(after.source).toEqual({
      type: 'git',
      gitProviderId: null,
      gitProviderName: null,
      repository: 'acme/api',
      branch: 'main',
      path: 'ci/build.yml',
    });
    expect(after.runnable).toEqual({
      allowed: false,
      code: 'provider-missing',
      reason:
        'The git provider this definition comes from was deleted; choose another source for the pipeline.',
    });
  });
});
