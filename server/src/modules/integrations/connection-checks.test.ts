import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkGitProvider,
  checkRegistry,
  downgradesToClearText,
  githubApiBase,
} from './connection-checks';

/** A stand-in for GitHub, GitLab, Bitbucket Server and a registry, on a local port. */
let server: Server;
let base: string;
let seen: IncomingMessage[] = [];
const TOKEN = 'the-right-token';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function json(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const url = req.url ?? '';
    if (url.startsWith('/slow')) return;
    if (url === '/html/api/v4/user') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>a login page</html>');
    }
    if (url === '/user' || url === '/api/v3/user') {
      return req.headers.authorization === `token ${TOKEN}`
        ? json(res, 200, { login: 'octocat' })
        : json(res, 401, { message: 'Bad credentials' });
    }
    if (url === '/api/v4/user') {
      return req.headers['private-token'] === TOKEN
        ? json(res, 200, { username: 'tanuki' })
        : json(res, 401, { message: '401 Unauthorized' });
    }
    if (url === '/rest/api/1.0/users/jdoe') {
      return req.headers.authorization === basic('jdoe', TOKEN)
        ? json(res, 200, { name: 'jdoe', displayName: 'Jane Doe' })
        : json(res, 401, { errors: [] });
    }
    if (url === '/rest/api/1.0/application-properties') {
      return req.headers.authorization === `Bearer ${TOKEN}`
        ? json(res, 200, { version: '8.19.1', displayName: 'Bitbucket' })
        : json(res, 401, { errors: [] });
    }
    if (url === '/v2/') {
      res.setHeader('docker-distribution-api-version', 'registry/2.0');
      return req.headers.authorization === basic('robot', TOKEN)
        ? json(res, 200, {})
        : json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
    }
    json(res, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

const allowed = { allowPrivate: true };

describe('git provider checks', () => {
  it('connects to GitHub Enterprise, GitLab and Bitbucket Server with the right credentials', async () => {
    expect(
      await checkGitProvider(
        { kind: 'github-enterprise', baseUrl: base },
        { token: TOKEN },
        allowed,
      ),
    ).toEqual({ ok: true, detail: 'Connected as octocat.' });
    expect(seen[0]!.url).toBe('/api/v3/user');
    expect(
      await checkGitProvider({ kind: 'gitlab', baseUrl: base }, { token: TOKEN }, allowed),
    ).toEqual({ ok: true, detail: 'Connected as tanuki.' });
    expect(
      await checkGitProvider(
        { kind: 'bitbucket-server', baseUrl: base },
        { username: 'jdoe', token: TOKEN },
        allowed,
      ),
    ).toEqual({ ok: true, detail: 'Connected as jdoe.' });
    expect(
      await checkGitProvider(
        { kind: 'bitbucket-server', baseUrl: base },
        { token: TOKEN },
        allowed,
      ),
    ).toEqual({ ok: true, detail: 'Connected as a token (Bitbucket 8.19.1).' });
  });

  it('says the credentials were refused', async () => {
    for (const kind of ['github-enterprise', 'gitlab', 'bitbucket-server'] as const) {
      expect(
        await checkGitProvider({ kind, baseUrl: base }, { token: 'wrong' }, allowed),
        kind,
      ).toEqual({ ok: false, detail: 'The credentials were refused (401).' });
    }
  });

  it('says when the answer is not what the kind of provider answers', async () => {
    expect(
      await checkGitProvider(
        { kind: 'gitlab', baseUrl: `${base}/html` },
        { token: TOKEN },
        allowed,
      ),
    ).toEqual({
      ok: false,
      detail: 'The server answered, but not as GitLab does: check the address and the kind.',
    });
    expect(
      await checkGitProvider(
        { kind: 'gitlab', baseUrl: `${base}/nowhere` },
        { token: TOKEN },
        allowed,
      ),
    ).toEqual({ ok: false, detail: 'GitLab answered 404: check the address.' });
  });

  it('gives up after the deadline', async () => {
    expect(
      await checkGitProvider(
        { kind: 'gitlab', baseUrl: `${base}/slow` },
        { token: TOKEN },
        { allowPrivate: true, timeoutMs: 150 },
      ),
    ).toEqual({ ok: false, detail: 'No answer within 0.15 seconds.' });
  });

  it('without credentials, only checks that the address answers', async () => {
    expect(await checkGitProvider({ kind: 'gitlab', baseUrl: base }, null, allowed)).toEqual({
      ok: true,
      detail: 'GitLab answered (404); no credentials are set, so none were checked.',
    });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('refuses a private address when the deployment does not allow it, sending nothing', async () => {
    const outcome = await checkGitProvider(
      { kind: 'gitlab', baseUrl: base },
      { token: TOKEN },
      { allowPrivate: false },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toBe(
      '127.0.0.1 is a loopback address; this deployment does not allow tests of private addresses.',
    );
    expect(seen).toHaveLength(0);
  });

  it('finds the API of GitHub and GitHub Enterprise', () => {
    expect(githubApiBase('github', 'https://api.github.com')).toBe('https://api.github.com');
    expect(githubApiBase('github', 'https://github.com')).toBe('https://api.github.com');
    expect(githubApiBase('github-enterprise', 'https://ghe.example.com')).toBe(
      'https://ghe.example.com/api/v3',
    );
    expect(githubApiBase('github-enterprise', 'https://ghe.example.com/api/v3')).toBe(
      'https://ghe.example.com/api/v3',
    );
  });
});

describe('registry checks', () => {
  const domain = () => new URL(base).host;
  const options = { allowPrivate: true, registryScheme: 'http' as const };

  it('connects with the right credentials and says when they are refused', async () => {
    expect(
      await checkRegistry({ domain: domain() }, { username: 'robot', password: TOKEN }, options),
    ).toEqual({ ok: true, detail: 'Connected as robot.' });
    expect(seen[0]!.url).toBe('/v2/');
    expect(
      await checkRegistry({ domain: domain() }, { username: 'robot', password: 'no' }, options),
    ).toEqual({ ok: false, detail: 'The credentials were refused (401).' });
    expect(await checkRegistry({ domain: domain() }, null, options)).toEqual({
      ok: false,
      detail: 'The registry wants credentials (401); none are set.',
    });
  });

  it('uses https by default and refuses private addresses', async () => {
    const outcome = await checkRegistry(
      { domain: '10.0.0.5:5000' },
      { username: 'robot', password: TOKEN },
      { allowPrivate: false },
    );
    expect(outcome).toEqual({
      ok: false,
      detail:
        '10.0.0.5 is a private address; this deployment does not allow tests of private addresses.',
    });
  });

  it('follows a Bearer challenge to the token service it names, with the same credentials', async () => {
    const tokens: (string | undefined)[] = [];
    const hub = createServer((req, res) => {
      const port = (hub.address() as AddressInfo).port;
      if (req.url === '/v2/') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="registry.test"`,
        });
        return res.end();
      }
      tokens.push(req.url);
      return req.headers.authorization === basic('robot', TOKEN)
        ? json(res, 200, { token: 'short-lived' })
        : json(res, 401, {});
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const hubDomain = `127.0.0.1:${(hub.address() as AddressInfo).port}`;
      expect(
        await checkRegistry({ domain: hubDomain }, { username: 'robot', password: TOKEN }, options),
      ).toEqual({ ok: true, detail: 'Connected as robot.' });
      expect(tokens[0]).toBe('/token?service=registry.test&account=robot');
      expect(
        await checkRegistry({ domain: hubDomain }, { username: 'robot', password: 'no' }, options),
      ).toEqual({ ok: false, detail: 'The credentials were refused (401).' });
    } finally {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  it('never follows a challenge from an HTTPS registry to a token service over plain HTTP', () => {
    const registry = new URL('https://registry.acme.example/v2/');
    expect(downgradesToClearText(registry, new URL('http://auth.acme.example/token'))).toBe(true);
    expect(downgradesToClearText(registry, new URL('https://auth.acme.example/token'))).toBe(false);
    expect(
      downgradesToClearText(new URL('http://10.0.0.5:5000/v2/'), new URL('http://10.0.0.5/token')),
    ).toBe(false);
  });
});
