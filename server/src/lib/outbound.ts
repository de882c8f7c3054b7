import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Outbound requests on behalf of an administrator ("Test connection"), guarded against
 * server-side request forgery: the address the connection actually uses is checked (a literal
 * IP in the URL before connecting, a name at the moment it is resolved, so a DNS answer that
 * changes between a check and the connection cannot slip a private address through). Loopback,
 * private, link-local, CGNAT, unique-local, unspecified, multicast and reserved addresses are
 * refused unless the deployment allows them (`ALLOW_PRIVATE_NETWORK_TESTS`). Redirects are not
 * followed, the whole exchange has a deadline, and only the start of the answer is read.
 */

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (CGNAT)'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** IPv4 ranges that are not the public internet, as [network, prefix length, kind]. */
const IPV4_BLOCKS: [string, number, AddressKind][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4Number(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function classifyIpv4(address: string): AddressKind {
  const value = ipv4Number(address);
  for (const [network, prefix, kind] of IPV4_BLOCKS) {
    const size = 2 ** (32 - prefix);
    const start = ipv4Number(network);
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = ipv4Number(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const first = parse(head);
  if (tail === undefined) return first;
  const last = parse(tail);
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
}

function classifyIpv6(address: string): AddressKind {
  const g = ipv6Groups(address);
  const embeddedIpv4 = () =>
    [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].map(String).join('.');
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d)
  // reach the IPv4 address they embed.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyIpv4(embeddedIpv4());
  if (zeroUpTo(6)) return classifyIpv4(embeddedIpv4());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) {
    return classifyIpv4(embeddedIpv4());
  }
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'reserved'; // site-local, deprecated
  return 'public';
}

/** What kind of address this is; anything not an IP address is `reserved` (never reached). */
export function classifyAddress(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '');
  switch (isIP(bare)) {
    case 4:
      return classifyIpv4(bare);
    case 6:
      return classifyIpv6(bare);
    default:
      return 'reserved';
  }
}

/** Refused because the host is (or resolves to) an address of this kind. */
export class PrivateAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: AddressKind,
  ) {
    super(`${host} is or resolves to a ${kind} address (${address})`);
    this.name = 'PrivateAddressError';
  }
}

class DeadlineError extends Error {}

export interface OutboundOptions {
  /** `ALLOW_PRIVATE_NETWORK_TESTS`: reach private addresses too. */
  allowPrivate: boolean;
  /** The whole exchange, from resolving to the last byte read; default 5 s. */
  timeoutMs?: number;
  /** How much of the body is read; default 64 KiB. */
  maxBytes?: number;
}

export type OutboundResult =
  | {
      kind: 'answer';
      status: number;
      contentType: string;
      body: string;
      location?: string;
      /** The challenge of a 401 (registries name their token service in it). */
      wwwAuthenticate?: string;
      /** `Docker-Distribution-API-Version`, which registries send. */
      apiVersion?: string;
    }
  | { kind: 'failed'; detail: string };

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 64 * 1024;

/** A `lookup` for http(s).request that refuses any name resolving to a non-public address. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate
        ? undefined
        : addresses.find((entry) => classifyAddress(entry.address) !== 'public');
      if (refused) {
        return callback(
          new PrivateAddressError(hostname, refused.address, classifyAddress(refused.address)),
          '',
          0,
        );
      }
      if (addresses.length === 0) return callback(new Error('no address'), '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function sentenceFor(error: unknown, host: string, timeoutMs: number): string {
  if (error instanceof PrivateAddressError) {
    const what =
      error.host === error.address
        ? `${error.host} is a ${error.kind} address`
        : `${error.host} resolves to a ${error.kind} address (${error.address})`;
    return `${what}; this deployment does not allow tests of private addresses.`;
  }
  if (error instanceof DeadlineError) return `No answer within ${timeoutMs / 1000} seconds.`;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} could not be found (DNS).`;
    case 'ECONNREFUSED':
      return `${host} refused the connection.`;
    case 'ECONNRESET':
      return `${host} closed the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from the platform.`;
    case 'CERT_HAS_EXPIRED':
      return `The certificate of ${host} has expired.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `The certificate of ${host} is not signed by an authority the platform trusts.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate of ${host} is for another name.`;
    default:
      return `The connection to ${host} failed${code ? ` (${code})` : ''}.`;
  }
}

/**
 * `GET url` with these headers, guarded as described above. Never throws: a failure is a
 * sentence a person can act on.
 */
export function outboundGet(
  url: URL,
  headers: Record<string, string>,
  options: OutboundOptions,
): Promise<OutboundResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(host)) {
    const kind = classifyAddress(host);
    if (kind !== 'public') {
      const error = new PrivateAddressError(host, host, kind);
      return Promise.resolve({ kind: 'failed', detail: sentenceFor(error, host, timeoutMs) });
    }
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const fail = (error: unknown) =>
      finish({ kind: 'failed', detail: sentenceFor(error, host, timeoutMs) });
    const client = url.protocol === 'https:' ? https : http;
    let request: http.ClientRequest;
    try {
      request = client.request(url, {
        method: 'GET',
        headers: {
          accept: 'application/json',
          'user-agent': 'Perimeter connection test',
          ...headers,
        },
        lookup: guardedLookup(options.allowPrivate),
        // One connection per test: no agent keeps a socket to a host checked earlier.
        agent: false,
      });
    } catch (error) {
      // Node refuses a header it cannot send (a line break in a stored credential) at once,
      // before any deadline is set.
      resolve({ kind: 'failed', detail: sentenceFor(error, host, timeoutMs) });
      return;
    }
    const deadline = setTimeout(() => {
      fail(new DeadlineError());
      request.destroy();
    }, timeoutMs);
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish({
          kind: 'answer',
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          ...(response.headers.location ? { location: response.headers.location } : {}),
          ...(response.headers['www-authenticate']
            ? { wwwAuthenticate: response.headers['www-authenticate'] }
            : {}),
          ...(typeof response.headers['docker-distribution-api-version'] === 'string'
            ? { apiVersion: response.headers['docker-distribution-api-version'] }
            : {}),
        });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) done();
      });
      response.on('end', done);
      response.on('error', fail);
    });
    request.end();
  });
}
