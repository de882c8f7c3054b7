import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheControl(value: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', value);
  };
}

/**
 * Serves the built SPA: hashed files under /assets cached for a year, every other path that
 * is not a file answered with index.html (history fallback), which is never cached so a new
 * release is picked up at the next load.
 */
export function spaRouter(staticDir: string) {
  const root = resolve(staticDir);
  const router = new Hono<AppEnv>();
  if (!existsSync(root)) {
    router.get('*', (c) =>
      c.text('The console is not built yet: run `npm run build` (or `npm start`).', 503),
    );
    return router;
  }
  const indexHtml = () => readFileSync(resolve(root, 'index.html'), 'utf8');

  router.use('/assets/*', cacheControl(IMMUTABLE), serveStatic({ root }));
  router.use('*', cacheControl('no-cache'), serveStatic({ root }));
  router.get('*', (c) => {
    // A missing file (an old hashed asset, a typo) is a 404, not the app's HTML.
    if (c.req.path.startsWith('/assets/') || extname(c.req.path) !== '') {
      return c.text('Not found', 404);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml());
  });
  return router;
}
