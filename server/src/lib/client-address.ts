import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../env';
import type { AppEnv } from './context';

/**
 * Who is on the other end of a request, when a reverse proxy may stand in between
 * (TRUST_PROXY, env.ts). Only the proxies the operator named are believed: the configured number
 * of hops nearest the server, or the configured addresses. `X-Forwarded-For` is read from the
 * right, as `proxy-addr` (Express's) does: each trusted proxy appends the address it saw, so the
 * first address from the right that is not a trusted proxy is the client, and anything a client
 * wrote to the left of it is ignored — a rotating forged header cannot pick the address that
 * sign-in throttling counts.
 */
export type Trust = (address: string, hop: number) => boolean;

const NOTHING_TRUSTED: Trust = () => false;
const compiled = new Map<string, Trust>();

/** The trust function of a TRUST_PROXY setting. */
export function trustOf(setting: TrustProxy): Trust {
  if (setting === false) return NOTHING_TRUSTED;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  const key = setting.join(',');
  let trust = compiled.get(key);
  if (!trust) {
    trust = proxyaddr.compile(setting);
    compiled.set(key, trust);
  }
  return trust;
}

/**
 * The client's address from the socket's and the `X-Forwarded-For` header, trusting `trust`.
 * Without a socket address (in-process requests), nothing can be trusted: 'unknown'.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trust: Trust,
): string {
  if (!socketAddress) return 'unknown';
  // proxy-addr reads only these two fields of the request.
  const request = {
    socket: { remoteAddress: socketAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
  const address = proxyaddr(request, trust);
  // A trusted proxy forwards addresses; anything else in its place is not believed.
  return isIP(address) ? address : socketAddress;
}

function socketAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // In-process requests (tests, `app.request`) have no socket.
    return undefined;
  }
}

/** The caller's address: the socket's, or the one trusted proxies forwarded (TRUST_PROXY). */
export function clientAddress(c: Context<AppEnv>): string {
  return resolveClientAddress(
    socketAddress(c),
    c.req.header('x-forwarded-for'),
    trustOf(c.var.deps.env.TRUST_PROXY),
  );
}

/**
 * A forwarded header (`X-Forwarded-Proto`, `X-Forwarded-Host`), believed only when the request
 * came straight from a trusted proxy, and then its rightmost value: the one that proxy set or
 * appended, never one a client wrote before it (as Fastify reads them).
 */
export function trustedForwardedHeader(
  c: Context<AppEnv>,
  name: 'x-forwarded-proto' | 'x-forwarded-host',
): string | undefined {
  const address = socketAddress(c);
  if (!address || !trustOf(c.var.deps.env.TRUST_PROXY)(address, 0)) return undefined;
  const value = c.req.header(name);
  if (value === undefined) return undefined;
  return value.split(',').at(-1)?.trim() || undefined;
}
