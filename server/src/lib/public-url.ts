import type { Context } from 'hono';
import { trustedForwardedHeader } from './client-address';
import type { AppEnv } from './context';

/**
 * The address people reach the console at, for links that leave the browser (invitation mail,
 * webhook URLs): its origin and BASE_PATH, with no trailing slash, so that `${publicUrl(c)}/api/…`
 * is a link. The origin is PUBLIC_URL's when set (env.ts allows it no path but BASE_PATH);
 * otherwise the request's own, as a trusted proxy saw it (TRUST_PROXY, lib/client-address.ts).
 */
export function publicUrl(c: Context<AppEnv>): string {
  const { env } = c.var.deps;
  return `${publicOrigin(c)}${env.BASE_PATH}`;
}

function publicOrigin(c: Context<AppEnv>): string {
  const { env } = c.var.deps;
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
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
