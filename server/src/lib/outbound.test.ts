import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, outboundGet } from './outbound';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['140.82.112.3', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // IPv4 embedded in IPv6 reaches the IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['[::1]', 'loopback'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('keeps the edges of each range', () => {
    expect(classifyAddress('172.15.255.255')).toBe('public');
    expect(classifyAddress('172.32.0.0')).toBe('public');
    expect(classifyAddress('100.63.255.255')).toBe('public');
    expect(classifyAddress('100.128.0.0')).toBe('public');
    expect(classifyAddress('11.0.0.0')).toBe('public');
    expect(classifyAddress('fbff::1')).toBe('public');
    expect(classifyAddress('fec0::1')).toBe('reserved');
  });
});

describe('outboundGet', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(200_000));
        return;
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a literal private address before connecting, unless allowed', async () => {
    expect(await outboundGet(new URL(`${base}/`), {}, { allowPrivate: false })).toEqual({
      kind: 'failed',
      detail:
        '127.0.0.1 is a loopback address; this deployment does not allow tests of private addresses.',
    });
    const allowed = await outboundGet(
      new URL(`${base}/`),
      { authorization: 'token t' },
      {
        allowPrivate: true,
      },
    );
    expect(allowed).toMatchObject({ kind: 'answer', status: 200, body: '{"auth":"token t"}' });
  });

  it('checks a name at the moment it resolves (localhost is loopback)', async () => {
    const port = (server.address() as AddressInfo).port;
    const result = await outboundGet(
      new URL(`http://localhost:${port}/`),
      {},
      {
        allowPrivate: false,
      },
    );
    expect(result.kind).toBe('failed');
    expect(result.kind === 'failed' && result.detail).toMatch(
      /^localhost resolves to a loopback address \((127\.0\.0\.1|::1)\); this deployment does not allow tests of private addresses\.$/,
    );
  });

  it('refuses IPv6 literals and IPv4-mapped forms', async () => {
    for (const url of ['http://[::1]/', 'http://[::ffff:10.0.0.5]/', 'http://[fd00::1]/']) {
      const result = await outboundGet(new URL(url), {}, { allowPrivate: false });
      expect(result.kind === 'failed' && result.detail, url).toContain(
        'this deployment does not allow tests of private addresses',
      );
    }
  });

  it('gives up after the deadline', async () => {
    const started = Date.now();
    const result = await outboundGet(
      new URL(`${base}/slow`),
      {},
      {
        allowPrivate: true,
        timeoutMs: 200,
      },
    );
    expect(result).toEqual({ kind: 'failed', detail: 'No answer within 0.2 seconds.' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads only the start of a large answer and follows no redirect', async () => {
    const big = await outboundGet(
      new URL(`${base}/big`),
      {},
      {
        allowPrivate: true,
        maxBytes: 1024,
      },
    );
    expect(big.kind === 'answer' && big.body.length).toBeLessThan(200_000);
    const redirect = await outboundGet(new URL(`${base}/redirect`), {}, { allowPrivate: true });
    expect(redirect).toMatchObject({
      kind: 'answer',
      status: 302,
      location: 'http://169.254.169.254/latest/meta-data/',
    });
  });

  it('answers a sentence, not an exception, for a header that cannot be sent', async () => {
    const result = await outboundGet(
      new URL(`${base}/`),
      { authorization: 'token abc\n' },
      { allowPrivate: true },
    );
    expect(result).toMatchObject({ kind: 'failed' });
  });

  it('says when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await outboundGet(new URL(`http://127.0.0.1:${port}/`), {}, { allowPrivate: true }),
    ).toEqual({ kind: 'failed', detail: '127.0.0.1 refused the connection.' });
  });
});
