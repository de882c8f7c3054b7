import { Hono } from 'hono';
import type { AppEnv } from '../../lib/context';
import { renderReferencePage, referenceStylesheet, type OpenApiDocument } from './reference-page';

/**
 * `/api/docs`: the API reference, rendered from the same OpenAPI document that
 * `/api/openapi.json` serves. `describe` is called per request, so every route is in it.
 */
export function docsRouter(describe: () => OpenApiDocument) {
  return new Hono<AppEnv>()
    .get('/docs', (c) => c.html(renderReferencePage(describe())))
    .get('/docs/reference.css', (c) =>
      c.body(referenceStylesheet, 200, {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
      }),
    );
}
