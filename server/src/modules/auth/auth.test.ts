import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/clock';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import { THROTTLE } from './login-throttle';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const admin = { email: 'Root@Example.com', name: 'Root Admin', password: 'a long enough password' };

describe('first administrator', () => {
  it('GET /api/auth/setup says setup is needed while the account has no people', async () => {
    const res = await t.agent().get('/api/auth/setup');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      needsSetup: true,
      setupTokenRequired: false,
      passwordResetByMail: false,
    });
  });

  it('POST /api/auth/setup refuses a short password with a 422 naming the field', async () => {
    const res = await t.agent().post('/api/auth/setup', { ...admin, password: 'short' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.errors).toEqual([{ path: 'password', message: 'Use at least 12 characters.' }]);
  });

  it('POST /api/auth/setup creates the administrator, signs them in, and only works once', async () => {
    const browser = t.agent();
    const res = await browser.post('/api/auth/setup', admin);
    expect(res.status).toBe(201);
    const me = await res.json();
    expect(me).toMatchObject({
      email: 'root@example.com',
      name: 'Root Admin',
      level: 'administrator',
      account: { name: 'example.com', plan: 'enterprise' },
    });
    expect(me.teams.map((team: { name: string }) => team.name)).toEqual(['admins', 'users']);
    expect((await browser.get('/api/me')).status).toBe(200);

    const again = await t.agent().post('/api/auth/setup', { ...admin, email: 'other@example.com' });
    expect(again.status).toBe(409);
    expect(await (await t.agent().get('/api/auth/setup')).json()).toEqual({
      needsSetup: false,
      setupTokenRequired: false,
      passwordResetByMail: false,
    });
  });
});

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const res = await t
      .agent()
      .post('/api/auth/login', { email: admin.email, password: admin.password });
    expect(res.status).toBe(204);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('perimeter_session='))!;
    const csrf = cookies.find((c) => c.startsWith('perimeter_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=Strict/i);
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const unknown = await t
      .agent()
      .post('/api/auth/login', { email: 'nobody@example.com', password: 'whatever-it-is' });
    const wrong = await t
      .agent()
      .post('/api/auth/login', { email: admin.email, password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await unknown.json(), await wrong.json()];
    delete a.requestId;
    delete b.requestId;
    expect(a).toEqual(b);
  });

  it('throttles an email after repeated failures with 429 and Retry-After, even with the right password', async () => {
    const t2 = await createTestApp();
    try {
      const victim = await t2.signedIn();
      for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i += 1) {
        const res = await t2
          .agent()
          .post('/api/auth/login', { email: victim.email, password: 'wrong password!' });
        expect(res.status).toBe(401);
      }
      const locked = await t2
        .agent()
        .post('/api/auth/login', { email: victim.email, password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await locked.json()).detail).toMatch(/Try again in/);

      t2.clock.advance(THROTTLE.lockFor + MINUTE);
      const after = await t2
        .agent()
        .post('/api/auth/login', { email: victim.email, password: TEST_PASSWORD });
      expect(after.status).toBe(204);
    } finally {
      await t2.close();
    }
  });

  it('refuses a malformed body, a wrong content type and unknown fields with 4xx problems', async () => {
    const malformed = await t.agent().post('/api/auth/login', undefined, {
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).detail).toBe('The request body is not valid JSON.');

    const form = await t.agent().post('/api/auth/login', undefined, {
      rawBody: 'email=a@b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);

    const extra = await t
      .agent()
      .post('/api/auth/login', { email: admin.email, password: 'x', admin: true });
    expect(extra.status).toBe(422);
    expect((await extra.json()).errors[0].message).toMatch(/Unrecognized key/);
  });
});

describe('sessions', () => {
  it('refuses an unsafe request without the CSRF header (403) and accepts it with the header', async () => {
    const browser = await t.signedIn();
    const without = await browser.patch('/api/me', { name: 'New Name' }, { withoutCsrf: true });
    expect(without.status).toBe(403);
    expect((await without.json()).code).toBe('csrf');
    const withHeader = await browser.patch('/api/me', { name: 'New Name' });
    expect(withHeader.status).toBe(200);
  });

  it('refuses a CSRF header that matches a planted cookie but not the session', async () => {
    const browser = await t.signedIn();
    browser.cookies.set('perimeter_csrf', 'planted-by-an-attacker');
    const res = await browser.patch('/api/me', { name: 'Mallory' });
    expect(res.status).toBe(403);
  });

  it('ends the session at sign-out: the old cookie gets 401 afterwards', async () => {
    const browser = await t.signedIn();
    const cookies = new Map(browser.cookies);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    browser.cookies.clear();
    for (const [k, v] of cookies) browser.cookies.set(k, v);
    const res = await browser.get('/api/me');
    expect(res.status).toBe(401);
  });

  it('signs out a session idle for longer than the account timeout, and activity keeps it alive', async () => {
    const browser = await t.signedIn();
    t.clock.advance(50 * MINUTE);
    expect((await browser.post('/api/auth/activity')).status).toBe(204);
    t.clock.advance(50 * MINUTE);
    expect((await browser.get('/api/me')).status).toBe(200);
    t.clock.advance(11 * MINUTE);
    const res = await browser.get('/api/me');
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('session-idle');
  });

  it('answers 401 to every other API path without a session or token', async () => {
    for (const path of ['/api/me', '/api/me/tokens', '/api/users', '/api/anything']) {
      const res = await t.agent().get(path);
      expect(res.status, path).toBe(401);
    }
  });
});
