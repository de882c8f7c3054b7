import type { Context } from 'hono';
import type { AppEnv } from './context';

/**
 * The origin people reach the console at, for links that leave the browser (invitation mail):
 * PUBLIC_URL when set; otherwise the request's own origin, as the proxy saw it when TRUST_PROXY
 * is set.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const { env } = c.var.deps;
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  const url = new URL(c.req.url);
  if (env.TRUST_PROXY) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    if (host && /^[\w.-]+(:\d+)?$/.test(host)) url.host = host;
  }
  return url.origin;
}
