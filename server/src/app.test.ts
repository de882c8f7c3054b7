import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createAccount, createActivePerson } from './modules/auth/auth.service';
import { createTestApp, TEST_PASSWORD, type TestContext } from './testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('every response', () => {
  it('carries a strict Content-Security-Policy and the other security headers', async () => {
    for (const path of ['/api/health', '/', '/pipelines', '/api/me']) {
      const res = await t.agent().get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-request-id'), path).toBeTruthy();
    }
  });
});

describe('operations endpoints', () => {
  it('GET /api/health reports the database as reachable, without a session', async () => {
    const res = await t.agent().get('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('GET /api/health/live and /api/health/ready answer 200, uncached, without a session', async () => {
    const live = await t.agent().get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await t.agent().get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      migrations: 'done',
    });
  });

  it('GET /api/health/ready answers 503 while the database lacks this version’s last migration', async () => {
    const older = await createTestApp();
    onTestFinished(() => older.close());
    // As if the database had been restored from before the last upgrade.
    await older.deps.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    const ready = await older.agent().get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'unready',
      database: 'ok',
      migrations: 'pending',
    });
    expect((await older.agent().get('/api/health/live')).status).toBe(200);
  });

  it('serves the OpenAPI 3.1 document and a script-free reference page that loads only local files', async () => {
    const doc = await (await t.agent().get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/me');

    const page = await t.agent().get('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<code>/api/me/tokens/{id}</code>');
    expect(html).toContain('Administrators only, with a session or a personal API token');
    expect(html).not.toMatch(/<script/i);
    const links = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const link of links.filter((href) => !href.startsWith('#'))) {
      // Relative, so that they hold under a BASE_PATH too (base-path.test.ts).
      const url = new URL(link, 'http://localhost/api/docs');
      expect(url.origin, link).toBe('http://localhost');
      expect((await t.agent().get(url.pathname)).status, link).toBe(200);
    }
  });
});

describe('errors', () => {
  it('an unknown API path answers a 404 problem to a signed-in person', async () => {
    const person = await t.signedIn();
    const res = await person.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const person = await t.signedIn();
    const res = await person.patch('/api/me', { name: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });

  it('an unexpected failure answers a 500 problem with a request id and nothing from the inside', async () => {
    const broken = await createTestApp();
    const person = await broken.signedIn();
    await broken.deps.database.close();
    onTestFinished(() => broken.close());
    const res = await person.get('/api/me', { headers: { 'x-request-id': 'trace-me-42' } });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ status: 500, requestId: 'trace-me-42' });
    expect(body).not.toMatch(/at \w+ \(|\.ts:\d+|PGlite|stack/i);

    const health = await broken.agent().get('/api/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'unreachable' });
    const ready = await broken.agent().get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unready', database: 'unreachable' });
    // The process itself is fine: a liveness probe must not have it restarted.
    expect((await broken.agent().get('/api/health/live')).status).toBe(200);
  });
});

describe('the built SPA', () => {
  it('serves index.html for client-side routes, uncached', async () => {
    const res = await t.agent().get('/clusters/some-id');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<div id="root">');
  });

  it('caches hashed assets immutably and answers 404 for a missing one', async () => {
    const asset = await t.agent().get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await t.agent().get('/assets/gone-123.js')).status).toBe(404);
  });
});

describe('accounts', () => {
  it("two accounts on one server never see each other's people, teams or tokens", async () => {
    const first = await t.signedIn();
    const second = await t.signedIn();
    expect(first.accountId).not.toBe(second.accountId);
    await first.post('/api/me/tokens', {
      name: 'first-account-token',
      scope: 'read-write',
      expiresInDays: 30,
    });

    const secondMe = await (await second.get('/api/me')).json();
    expect(secondMe.account.id).toBe(second.accountId);
    const firstTeams = (await (await first.get('/api/me')).json()).teams.map(
      (x: { id: string }) => x.id,
    );
    for (const team of secondMe.teams) expect(firstTeams).not.toContain(team.id);
    expect((await (await second.get('/api/me/tokens')).json()).total).toBe(0);
  });

  it('a person is only ever found in their own account', async () => {
    const accountA = await createAccount(t.deps.db, 'A');
    const accountB = await createAccount(t.deps.db, 'B');
    await createActivePerson(t.deps.db, accountA, {
      email: 'only-in-a@example.com',
      name: 'In A',
      password: TEST_PASSWORD,
      level: 'user',
    });
    const { loadMe } = await import('./modules/me/me.service');
    const [person] = await t.deps.db.query.users.findMany({
      where: (u, { eq }) => eq(u.email, 'only-in-a@example.com'),
    });
    await expect(loadMe(t.deps, { id: person!.id, accountId: accountB })).rejects.toMatchObject({
      status: 404,
    });
  });
});
