import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../testing/server-process';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { isLoopbackHost, isSetupToken, setupTokenPolicy } from './setup-token';

const admin = { email: 'root@example.com', name: 'Root Admin', password: 'a long enough password' };
const TOKEN = 'a-setup-token-of-enough-length';

describe('which servers require a setup token', () => {
  const key = randomBytes(32);

  it('requires PERIMETER_SETUP_TOKEN wherever the server listens, loopback included', () => {
    for (const host of ['0.0.0.0', '127.0.0.1', '::1', 'localhost']) {
      expect(setupTokenPolicy({ envToken: TOKEN, host, demo: false, secretKey: key })).toEqual({
        token: TOKEN,
        generated: false,
      });
    }
  });

  it('derives a token from the secrets key on a reachable address: the same for every replica', () => {
    const one = setupTokenPolicy({ host: '0.0.0.0', demo: false, secretKey: key });
    const other = setupTokenPolicy({ host: '::', demo: false, secretKey: Buffer.from(key) });
    expect(one.generated).toBe(true);
    expect(one.token).toMatch(/^[\w-]{32}$/);
    expect(other.token).toBe(one.token);
    const anotherKey = setupTokenPolicy({
      host: '0.0.0.0',
      demo: false,
      secretKey: randomBytes(32),
    });
    expect(anotherKey.token).not.toBe(one.token);
  });

  it('requires none on loopback only, nor for the demo', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(setupTokenPolicy({ host, demo: false, secretKey: key }).token).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'perimeter.internal', '128.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
    expect(setupTokenPolicy({ host: '0.0.0.0', demo: true, secretKey: key }).token).toBeUndefined();
  });

  it('compares tokens whatever their lengths', () => {
    expect(isSetupToken(TOKEN, TOKEN)).toBe(true);
    expect(isSetupToken(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(isSetupToken(TOKEN, '')).toBe(false);
    expect(isSetupToken(TOKEN, undefined)).toBe(false);
  });
});

describe('POST /api/auth/setup with a setup token', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestApp({ captureLogs: true });
    t.deps.setupToken = TOKEN;
  });
  afterEach(() => t.close());

  it('GET /api/auth/setup says that a token is required', async () => {
    const res = await t.agent().get('/api/auth/setup');
    expect(await res.json()).toEqual({
      needsSetup: true,
      setupTokenRequired: true,
      passwordResetByMail: false,
    });
  });

  it('refuses a missing or wrong token with 403 and creates no one', async () => {
    const missing = await t.agent().post('/api/auth/setup', admin);
    expect(missing.status).toBe(403);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 403, code: 'setup-token' });

    const wrong = await t.agent().post('/api/auth/setup', { ...admin, setupToken: `${TOKEN}!` });
    expect(wrong.status).toBe(403);
    const empty = await t.agent().post('/api/auth/setup', { ...admin, setupToken: '' });
    expect(empty.status).toBe(403);
    expect(await (await t.agent().get('/api/auth/setup')).json()).toMatchObject({
      needsSetup: true,
    });
  });

  it('creates the administrator with the right token, signed in', async () => {
    const browser = t.agent();
    const res = await browser.post('/api/auth/setup', { ...admin, setupToken: TOKEN });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email: admin.email, level: 'administrator' });
    expect((await browser.get('/api/me')).status).toBe(200);
  });

  it('answers a wrong token 403 after the setup too, so that it learns nothing new', async () => {
    expect((await t.agent().post('/api/auth/setup', { ...admin, setupToken: TOKEN })).status).toBe(
      201,
    );
    const wrong = await t.agent().post('/api/auth/setup', {
      ...admin,
      email: 'other@example.com',
      setupToken: 'not the token at all',
    });
    expect(wrong.status).toBe(403);
    const right = await t.agent().post('/api/auth/setup', {
      ...admin,
      email: 'other@example.com',
      setupToken: TOKEN,
    });
    expect(right.status).toBe(409);
  });

  it('writes neither the token nor a guess in the log or in an answer', async () => {
    const guess = 'a guess that is not the token';
    const wrong = await t.agent().post('/api/auth/setup', { ...admin, setupToken: guess });
    const right = await t.agent().post('/api/auth/setup', { ...admin, setupToken: TOKEN });
    expect(right.status).toBe(201);
    const answers = (await wrong.text()) + (await right.text());
    for (const secret of [TOKEN, guess]) {
      expect(answers).not.toContain(secret);
      expect(t.logs.join('\n')).not.toContain(secret);
    }
    expect(t.logs.length).toBeGreaterThan(0);
  });
});

describe('the setup token of a real server', () => {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGTERM')));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const start = (dataDir: string, env: NodeJS.ProcessEnv, args: string[] = []) => {
    const server = startServerProcess({ dataDir, env, args });
    servers.push(server);
    return server;
  };
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'perimeter-setup-'));
    dirs.push(dir);
    return dir;
  };
  const post = (port: number, body: object) =>
    fetch(`http://127.0.0.1:${port}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('on a reachable address, prints a token in its log while the setup is to be done, and requires it', async () => {
    const dataDir = folder();
    const server = start(dataDir, { HOST: '0.0.0.0' });
    const port = await server.listening;
    const token = /Setup token: ([\w-]+)/.exec(server.output())?.[1];
    expect(token).toBeDefined();
    expect(server.output().match(/Setup token:/g)).toHaveLength(1);
    const status = await fetch(`http://127.0.0.1:${port}/api/auth/setup`);
    expect(await status.json()).toEqual({
      needsSetup: true,
      setupTokenRequired: true,
      passwordResetByMail: false,
    });

    expect((await post(port, admin)).status).toBe(403);
    expect((await post(port, { ...admin, setupToken: 'x'.repeat(32) })).status).toBe(403);
    expect((await post(port, { ...admin, setupToken: token })).status).toBe(201);
    await server.stop('SIGTERM');

    // Set up: the next start has nothing to print.
    const restarted = start(dataDir, { HOST: '0.0.0.0' });
    await restarted.listening;
    expect(restarted.output()).not.toContain('Setup token');
  }, 60_000);

  it('on loopback only, prints none and requires none', async () => {
    const server = start(folder(), { HOST: '127.0.0.1' });
    const port = await server.listening;
    expect(server.output()).not.toContain('Setup token');
    const status = await fetch(`http://127.0.0.1:${port}/api/auth/setup`);
    expect(await status.json()).toEqual({
      needsSetup: true,
      setupTokenRequired: false,
      passwordResetByMail: false,
    });
    expect((await post(port, admin)).status).toBe(201);
  }, 60_000);

  it('with PERIMETER_SETUP_TOKEN, prints nothing and requires that token, on loopback too', async () => {
    const server = start(folder(), { HOST: '127.0.0.1', PERIMETER_SETUP_TOKEN: TOKEN });
    const port = await server.listening;
    expect(server.output()).not.toContain('Setup token');
    expect(server.output()).not.toContain(TOKEN);
    expect((await post(port, admin)).status).toBe(403);
    expect((await post(port, { ...admin, setupToken: TOKEN })).status).toBe(201);
  }, 60_000);

  it('in the demo, requires none, on a reachable address too', async () => {
    const demo = start(folder(), { HOST: '0.0.0.0' }, ['--demo']);
    const port = await demo.listening;
    expect(demo.output()).not.toContain('Setup token');
    const status = await fetch(`http://127.0.0.1:${port}/api/auth/setup`);
    expect(await status.json()).toEqual({
      needsSetup: false,
      setupTokenRequired: false,
      passwordResetByMail: false,
    });
  }, 60_000);
});
