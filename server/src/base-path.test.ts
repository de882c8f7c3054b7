import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestContext } from './testing/test-app';
import { createAccount, createActivePerson } from './modules/auth/auth.service';
import { accessScene } from './testing/access-scene';
import { expectData } from './testing/api-client';
import { runnerScene } from './testing/runner-scene';

/** The console behind a reverse proxy that forwards `/perimeter/…` (BASE_PATH). */
const BASE = '/perimeter';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ env: { BASE_PATH: BASE } });
});
afterAll(() => t.close());

describe('a server under BASE_PATH', () => {
  it('answers its API under the base, health included, and nothing outside it', async () => {
    const health = await t.agent().get(`${BASE}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: 'ok' });

    for (const outside of ['/api/health', '/api/me', '/', '/pipelines', '/assets/app-abc123.js']) {
      const res = await t.agent().get(outside);
      expect(res.status, outside).toBe(404);
      expect(res.headers.get('content-type'), outside).toContain('application/problem+json');
      // The 404 of a path outside the base still carries the security headers.
      expect(res.headers.get('content-security-policy'), outside).toContain("script-src 'self'");
    }
    expect((await t.agent().post('/api/auth/login', {})).status).toBe(404);
    // A path that only begins like the base is outside it.
    expect((await t.agent().get(`${BASE}x/api/health`)).status).toBe(404);
  });

  it('serves index.html at every client-side route with absolute addresses under the base', async () => {
    for (const path of [BASE, `${BASE}/`, `${BASE}/index.html`, `${BASE}/pipelines/7/editor`]) {
      const res = await t.agent().get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      const html = await res.text();
      expect(html, path).toContain(`<meta name="perimeter-base-path" content="${BASE}" />`);
      expect(html, path).toContain(`src="${BASE}/assets/app-abc123.js"`);
      expect(html, path).toContain(`href="${BASE}/favicon.svg"`);
      expect(html, path).not.toContain('"./');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
  });

  it('serves the hashed assets under the base, cached for a year, and 404 for a missing one', async () => {
    const asset = await t.agent().get(`${BASE}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await t.agent().get(`${BASE}/assets/gone-123.js`)).status).toBe(404);
  });

  it("keeps the session's cookies to the base's path, on sign-in and on sign-out", async () => {
    const account = await createAccount(t.deps.db, 'Sub-path account');
    await createActivePerson(
      t.deps.db,
      account,
      { email: 'proxy@example.com', name: 'Proxy Person', password: TEST_PASSWORD, level: 'user' },
      t.deps.passwords,
    );
    const browser = t.agent();
    const signIn = await browser.post(`${BASE}/api/auth/login`, {
      email: 'proxy@example.com',
      password: TEST_PASSWORD,
    });
    expect(signIn.status).toBe(204);
    const set = signIn.headers.getSetCookie();
    expect(set).toHaveLength(2);
    for (const cookie of set) expect(cookie).toMatch(/; Path=\/perimeter(;|$)/);

    expect((await browser.get(`${BASE}/api/me`)).status).toBe(200);
    const signOut = await browser.post(`${BASE}/api/auth/logout`);
    expect(signOut.status).toBe(204);
    const cleared = signOut.headers.getSetCookie();
    expect(cleared).toHaveLength(2);
    for (const cookie of cleared) expect(cookie).toMatch(/; Path=\/perimeter(;|$)/);
  });

  it('builds invitation links and Location headers under the base, from the request or from PUBLIC_URL', async () => {
    const admin = await t.signedIn();
    const invited = await admin.post(`${BASE}/api/users`, {
      email: 'invitee@example.com',
      name: 'Invitee',
      level: 'user',
    });
    expect(invited.status).toBe(201);
    const { id, invitationUrl } = await invited.json();
    expect(invitationUrl).toMatch(/^http:\/\/localhost\/perimeter\/accept-invitation#.+/);
    // What the API creates, it names under the base too.
    expect(invited.headers.get('location')).toBe(`${BASE}/api/users/${id}`);

    // PUBLIC_URL names the origin, with or without the base's path: the link is the same.
    for (const PUBLIC_URL of ['https://ci.example.com', 'https://ci.example.com/perimeter/']) {
      const configured = await createTestApp({ env: { BASE_PATH: BASE, PUBLIC_URL } });
      try {
        const someone = await configured.signedIn();
        const res = await someone.post(`${BASE}/api/users`, {
          email: 'invitee@example.com',
          name: 'Invitee',
          level: 'user',
        });
        expect(res.status, PUBLIC_URL).toBe(201);
        expect((await res.json()).invitationUrl, PUBLIC_URL).toMatch(
          /^https:\/\/ci\.example\.com\/perimeter\/accept-invitation#.+/,
        );
      } finally {
        await configured.close();
      }
    }
  });

  it('gives a trigger its webhook URL under the base, and serves the runner protocol there', async () => {
    const scene = await accessScene(t);
    const runners = runnerScene(t, scene.admin);
    const provider = await runners.gitProvider('github');
    const runner = await runners.runner();
    const pipeline = await scene.pipeline('proxied', ['prod']);
    const trigger = await expectData(
      scene.admin.api.POST('/api/pipelines/{id}/triggers', {
        params: { path: { id: pipeline.id } },
        body: {
          gitProviderId: provider.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        },
      }),
      201,
    );
    expect(trigger.webhookUrl).toBe(`http://localhost${BASE}/api/hooks/${trigger.id}`);

    // The reference runner, started with `--url <origin>/perimeter`, polls here.
    const poll = await runners.runnerRequest(runner.credential, `${BASE}/api/runner/v1/poll`, {
      waitSeconds: 0,
    });
    expect(poll.status).toBe(204);
  });

  it('names the base as the server of the OpenAPI document it serves', async () => {
    const doc = await (await t.agent().get(`${BASE}/api/openapi.json`)).json();
    expect(doc.servers).toEqual([{ url: BASE }]);
    expect(Object.keys(doc.paths)).toContain('/api/me');
  });

  it('serves the API reference under the base, its links relative to it', async () => {
    const page = await t.agent().get(`${BASE}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const links = [...html.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      if (/^https?:/.test(link)) continue;
      const path = new URL(link, `http://localhost${BASE}/api/docs`).pathname;
      expect(path, link).toMatch(/^\/perimeter\//);
      expect((await t.agent().get(path)).status, path).not.toBe(404);
    }
  });
});

describe('a server at the root', () => {
  it('serves index.html with absolute addresses at the root and an empty base', async () => {
    const root = await createTestApp();
    try {
      const html = await (await root.agent().get('/people/some-id')).text();
      expect(html).toContain('<meta name="perimeter-base-path" content="" />');
      expect(html).toContain('src="/assets/app-abc123.js"');
      expect(html).toContain('href="/favicon.svg"');
    } finally {
      await root.close();
    }
  });
});
