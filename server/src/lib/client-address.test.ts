import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrustProxy } from '../env';
import { THROTTLE } from '../modules/auth/login-throttle';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../testing/test-app';
import { TestAgent } from '../testing/test-agent';
import { resolveClientAddress, trustOf } from './client-address';

describe('the client address behind proxies', () => {
  const client = (socket: string, forwardedFor: string | undefined, setting: TrustProxy) =>
    resolveClientAddress(socket, forwardedFor, trustOf(setting));

  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(client('203.0.113.9', '198.51.100.7', false)).toBe('203.0.113.9');
  });

  it('takes, with N trusted hops, the address the outermost trusted proxy saw: what a client forged to its left does not count', () => {
    // The client wrote 6.6.6.6; the proxy appended the address it saw.
    for (const forged of ['6.6.6.6', '1.1.1.1, 2.2.2.2', '::1', 'not-an-address']) {
      expect(client('10.0.0.2', `${forged}, 198.51.100.7`, 1), forged).toBe('198.51.100.7');
      expect(client('10.0.0.2', `${forged}, 198.51.100.7, 10.0.0.1`, 2), forged).toBe(
        '198.51.100.7',
      );
    }
    expect(client('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });

  it('believes only the listed proxies: a client reaching the server directly forges nothing', () => {
    const proxies = ['loopback', '10.0.0.0/8'];
    expect(client('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3', proxies)).toBe('198.51.100.7');
    expect(client('::ffff:127.0.0.1', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(client('198.51.100.50', '10.0.0.1, 1.1.1.1', proxies)).toBe('198.51.100.50');
  });

  it('never takes something that is not an address as the client’s', () => {
    expect(client('10.0.0.2', '<script>', 1)).toBe('10.0.0.2');
    expect(client('10.0.0.2', '', 1)).toBe('10.0.0.2');
  });
});

describe('forwarded headers over a real connection', () => {
  let t: TestContext | undefined;
  let server: ServerType | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.close();
    server = undefined;
    t = undefined;
  });

  /** The app on a loopback port, and a browser that reaches it over TCP. */
  async function listen(TRUST_PROXY: TrustProxy) {
    t = await createTestApp({ env: { TRUST_PROXY } });
    const app = t.app;
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    const origin = `http://127.0.0.1:${port}`;
    return {
      agent: () => new TestAgent({ request: (path, init) => fetch(`${origin}${path}`, init) }),
    };
  }

  it('holds the per-address sign-in limit against a rotating forged X-Forwarded-For', async () => {
    const { agent } = await listen(1);
    const attempt = (i: number, from: string) =>
      agent().post(
        '/api/auth/login',
        { email: `person${i}@example.com`, password: 'wrong guess' },
        { headers: { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}, ${from}` } },
      );
    const statuses = await Promise.all(
      Array.from({ length: THROTTLE.maxFailuresPerAddress }, (_, i) => attempt(i, '198.51.100.7')),
    ).then((answers) => answers.map((res) => res.status));
    expect(statuses.every((status) => status === 401)).toBe(true);
    const forged = await attempt(1000, '198.51.100.7');
    expect(forged.status).toBe(429);
    // Another client behind the same proxy is not locked out.
    expect((await attempt(1001, '198.51.100.8')).status).toBe(401);
  }, 60_000);

  it('believes X-Forwarded-Proto and -Host only from a trusted proxy, and only the value it added', async () => {
    const invite = async (TRUST_PROXY: TrustProxy, headers: Record<string, string>) => {
      const { agent } = await listen(TRUST_PROXY);
      const admin = agent();
      const signedIn = await t!.signedIn();
      const login = await admin.post(
        '/api/auth/login',
        { email: signedIn.email, password: TEST_PASSWORD },
        { headers },
      );
      expect(login.status).toBe(204);
      const secure = login.headers.getSetCookie().every((cookie) => /;\s*Secure/i.test(cookie));
      const res = await admin.post('/api/users', { email: `invited@example.com` }, { headers });
      expect(res.status).toBe(201);
      const { invitationUrl } = await res.json();
      await new Promise((resolve) => server!.close(resolve));
      server = undefined;
      await t!.close();
      t = undefined;
      return { origin: new URL(invitationUrl).origin, secure };
    };
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ci.example.com' };
    expect(await invite(1, forwarded)).toEqual({ origin: 'https://ci.example.com', secure: true });
    // The socket (127.0.0.1) is not a listed proxy: the headers are a client's word.
    const untrusted = await invite(['10.0.0.0/8'], forwarded);
    expect(untrusted.origin).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(untrusted.secure).toBe(false);
    // A client's value to the left of the proxy's does not count.
    expect(
      await invite(1, {
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'evil.example, ci.example.com',
      }),
    ).toEqual({ origin: 'http://ci.example.com', secure: false });
  }, 60_000);
});
