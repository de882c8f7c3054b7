import type { BrowserContext, Locator, Page } from '@playwright/test';

/**
 * The server's test hook (server/src/modules/test-hooks, on with PERIMETER_TEST_HOOKS, which
 * playwright.config.ts sets): a request carrying it is served as if that many ms had passed.
 */
const TEST_CLOCK_OFFSET_HEADER = 'X-Perimeter-Test-Clock-Offset';

/** The warning that the idle timeout is near (src/features/auth/components/idle-warning-dialog). */
export class IdleWarning {
  readonly dialog: Locator;
  readonly announcement: Locator;
  readonly staySignedIn: Locator;
  readonly signOutNow: Locator;
  constructor(page: Page) {
    this.dialog = page.getByRole('alertdialog', { name: 'You will be signed out soon' });
    this.announcement = this.dialog.getByRole('status');
    this.staySignedIn = this.dialog.getByRole('button', { name: 'Stay signed in' });
    this.signOutNow = this.dialog.getByRole('button', { name: 'Sign out now' });
  }
}

/**
 * Time for one browser context, moved for its pages (Playwright's clock) and for its requests to
 * the server (the test hook's offset header) alike, so that the rest of the run, on the same
 * server, never sees it move.
 */
export class ContextClock {
  #offsetMs = 0;
  constructor(private readonly context: BrowserContext) {}

  /** Before the first page of the context opens. */
  async install() {
    await this.context.clock.install();
  }

  /** Like a laptop lid closed for `ms`: due timers fire once, on waking. */
  async fastForward(ms: number) {
    this.#offsetMs += ms;
    await this.context.setExtraHTTPHeaders(this.headers());
    await this.context.clock.fastForward(ms);
  }

  /** For `page.request` calls, which do not carry the context's extra headers. */
  headers(): Record<string, string> {
    return { [TEST_CLOCK_OFFSET_HEADER]: String(this.#offsetMs) };
  }
}
