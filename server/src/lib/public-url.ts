import type { Context } from 'hono';
import { trustedForwardedHeader } from './client-address';
import type { AppEnv } from './context';

/**
 * The origin people reach the console at, for links that leave the browser (invitation mail):
 * PUBLIC_URL when set; otherwise the request's own origin, as a trusted proxy saw it
 * (TRUST_PROXY, lib/client-address.ts).
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const { env } = c.var.deps;
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  const url = new URL(c.req.url);
  const proto = trustedForwardedHeader(c, 'x-forwarded-proto');
  const host = trustedForwardedHeader(c, 'x-forwarded-host');
  if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
  if (host && /^[\w.-]+(:\d+)?$/.test(host)) {
    // The proxy's host names its own port, or none: the server's port must not stay behind.
    url.port = '';
    url.host = host;
  }
  return url.origin;
}
