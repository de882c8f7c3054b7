import type { Hono } from 'hono';
import { RequestOffsetClock } from '../../lib/clock';
import type { AppEnv, Deps } from '../../lib/context';

/**
 * `X-Perimeter-Test-Clock-Offset: <ms>`: serve this request as if that much time had passed.
 * The Playwright journeys send it (with `page.clock` moving the browser's time alike) to reach
 * the idle timeout without waiting for it and without shortening the product's minimum.
 */
export const TEST_CLOCK_OFFSET_HEADER = 'X-Perimeter-Test-Clock-Offset';

/** A day, far beyond any journey; refuses nonsense rather than moving time anywhere. */
const MAX_OFFSET_MS = 24 * 60 * 60_000;

/**
 * Hooks for the end-to-end journeys, installed only when `PERIMETER_TEST_HOOKS` is set (by
 * playwright.config.ts's web server, never in a deployment): without it the header means
 * nothing. Replaces `deps.clock` with a clock that each request may move forward for itself.
 */
export function installTestHooks(app: Hono<AppEnv>, deps: Deps): void {
  const clock = new RequestOffsetClock(deps.clock);
  deps.clock = clock;
  deps.logger.info(`test hooks are on: ${TEST_CLOCK_OFFSET_HEADER} moves the clock per request`);
  app.use('*', (c, next) => {
    const offset = Number(c.req.header(TEST_CLOCK_OFFSET_HEADER) ?? 0);
    const valid = Number.isInteger(offset) && offset >= 0 && offset <= MAX_OFFSET_MS;
    return clock.withOffset(valid ? offset : 0, next);
  });
}
