import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The first administrator is whoever completes the setup page first. On a server that others can
 * reach, that must not be a race: creating the first administrator takes a setup token, which
 * only the person who runs the server can know (the environment or the server's own log).
 *
 * - `PERIMETER_SETUP_TOKEN` set: that token, wherever the server listens. The operator asked for
 *   it, so a server on loopback requires it too.
 * - unset, on an address others can reach: a token derived from the secrets key (HMAC-SHA-256 of
 *   a fixed label), printed in the log while the setup is still to be done. Deriving it instead
 *   of drawing a random one per process means that replicas sharing one PostgreSQL database (and
 *   so, necessarily, one SECRETS_KEY) all accept the same token, whichever of them prints it and
 *   whichever the load balancer sends the setup to, with nothing stored; and a restart prints the
 *   same token again, so a lost log line is not a lost server. It opens nothing else: the key
 *   cannot be recovered from it, and it is useless once the first administrator exists.
 * - unset, on loopback only (`HOST` 127.0.0.1, ::1 or localhost): none. Only someone on the
 *   machine itself can reach the page, and they could read the log or the key anyway.
 * - the demo (`--demo`): none; its database is seeded with people and needs no setup.
 */
export interface SetupTokenPolicy {
  /** The token that `POST /api/auth/setup` requires; undefined when it requires none. */
  token?: string;
  /** True when the server made the token itself and must tell the operator (in its log). */
  generated: boolean;
}

/** The label the derived token is computed under; changing it changes every derived token. */
const DERIVATION_LABEL = 'perimeter setup token v1';

export function isLoopbackHost(host: string): boolean {
  const value = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    value === 'localhost' ||
    value === '::1' ||
    value === '::ffff:127.0.0.1' ||
    /^127(\.\d{1,3}){3}$/.test(value)
  );
}

export function setupTokenPolicy(options: {
  envToken?: string;
  host: string;
  demo: boolean;
  secretKey?: Buffer;
}): SetupTokenPolicy {
  if (options.demo) return { generated: false };
  if (options.envToken) return { token: options.envToken, generated: false };
  if (isLoopbackHost(options.host) || !options.secretKey) return { generated: false };
  const token = createHmac('sha256', options.secretKey)
    .update(DERIVATION_LABEL)
    .digest('base64url')
    .slice(0, 32);
  return { token, generated: true };
}

/**
 * Whether `offered` is the setup token, in time that does not depend on where they differ or on
 * their lengths (both sides are hashed to 32 bytes first).
 */
export function isSetupToken(expected: string, offered: string | undefined): boolean {
  if (offered === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(offered));
}
