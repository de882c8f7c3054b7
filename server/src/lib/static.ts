import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The `<meta>` that tells the SPA its base path (src/config/base-path.ts reads it). */
export const BASE_PATH_META = 'perimeter-base-path';

function cacheControl(value: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', value);
  };
}

/**
 * The built index.html for a console served under `basePath` ('' for the root). Vite builds it
 * with relative addresses (`./assets/…`, vite.config.ts), so that one build runs under any base:
 * they become absolute here, since a deep link's document (`/perimeter/pipelines/7/editor`)
 * would resolve them against its own folder. The SPA learns its base from a `<meta>`, which the
 * Content-Security-Policy allows where an inline script would not be.
 */
export function renderIndexHtml(html: string, basePath: string): string {
  const absolute = html.replace(/(\s(?:src|href)=["'])\.\//g, `$1${basePath}/`);
  const meta = `<meta name="${BASE_PATH_META}" content="${basePath}" />`;
  return absolute.replace(/<head>/i, `<head>\n    ${meta}`);
}

/**
 * Serves the built SPA under `basePath`: hashed files under /assets cached for a year, every
 * other path that is not a file answered with index.html (history fallback), which is never
 * cached so a new release is picked up at the next load.
 */
export function spaRouter(staticDir: string, basePath = '') {
  const root = resolve(staticDir);
  const router = new Hono<AppEnv>();
  if (!existsSync(root)) {
    router.get('*', (c) =>
      c.text('The console is not built yet: run `npm run build` (or `npm start`).', 503),
    );
    return router;
  }
  /** The request's path within the console, whatever base it is mounted under. */
  const within = (path: string) => path.slice(basePath.length) || '/';
  const serveIndex = (c: Context<AppEnv>) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(renderIndexHtml(readFileSync(resolve(root, 'index.html'), 'utf8'), basePath));
  };
  const files = serveStatic<AppEnv>({ root, rewriteRequestPath: within });

  // index.html is never served as the file on disk, whose addresses are relative.
  router.get('*', async (c, next) =>
    ['/', '/index.html'].includes(within(c.req.path)) ? serveIndex(c) : next(),
  );
  router.use('/assets/*', cacheControl(IMMUTABLE), files);
  router.use('*', cacheControl('no-cache'), files);
  router.get('*', (c) => {
    // A missing file (an old hashed asset, a typo) is a 404, not the app's HTML.
    const path = within(c.req.path);
    if (path.startsWith('/assets/') || extname(path) !== '') return c.text('Not found', 404);
    return serveIndex(c);
  });
  return router;
}
