import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';

export { expect };

/** For `test.use({ storageState: SIGNED_OUT })`: a visitor with no session. */
export const SIGNED_OUT = { cookies: [], origins: [] };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS = ['serious', 'critical'];

/**
 * Fails when axe finds a serious or critical WCAG 2.1 A/AA violation on the page as it is
 * now. Call it on every screen a test visits (and with each dialog open); the `page` fixture
 * also runs it on the final state of every passing test.
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  await test.step(
    `axe: no serious or critical violation on ${new URL(page.url()).pathname}`,
    async () => {
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      const blocking = violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact ?? ''));
      const report = blocking.map((v) =>
        [
          `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
          ...v.nodes.map(
            (node) =>
              `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          ),
        ].join('\n'),
      );
      expect(
        blocking.length,
        `Accessibility violations on ${page.url()}:\n${report.join('\n')}`,
      ).toBe(0);
    },
    { box: true },
  );
}

const IGNORED_SCHEMES = ['data:', 'blob:', 'about:', 'chrome-extension:'];

type Fixtures = {
  /** An API client with no session or token, e.g. to try a bearer token on its own. */
  anonymousRequest: APIRequestContext;
};

/**
 * The suite's `test`. Its `page` fails a test that let any request leave the console's own
 * origin (QUALITY.md: none, on any screen) or broke the Content-Security-Policy, and runs the
 * accessibility check on the page's final state.
 */
export const test = base.extend<Fixtures>({
  page: async ({ page, baseURL }, use, testInfo) => {
    const origin = new URL(baseURL!).origin;
    const leaks = new Set<string>();
    const record = (url: string) => {
      if (IGNORED_SCHEMES.some((scheme) => url.startsWith(scheme))) return;
      if (new URL(url).origin !== origin) leaks.add(url);
    };
    const context = page.context();
    context.on('request', (request) => record(request.url()));

    // The server's Content-Security-Policy blocks most external loads before they become
    // requests, so a CDN link in the bundle would pass unseen: count what the CSP blocked too.
    // Any other violation (e.g. an `eval`) is a feature the policy breaks, and an error in the
    // console that Lighthouse's best-practices audit counts.
    const cspViolations = new Set<string>();
    await context.exposeBinding(
      '__e2eCspViolation',
      (_source, blocked: string, directive: string) => {
        if (/^[a-z-]+:/.test(blocked)) record(blocked);
        cspViolations.add(`${directive}: ${blocked}`);
      },
    );
    // A string, not a function: this project is type-checked without the DOM library.
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.__e2eCspViolation(event.blockedURI, event.effectiveDirective));`,
    });

    await use(page);

    // A failed test's page is wherever it broke: an accessibility report there is only noise.
    const passed = testInfo.status === testInfo.expectedStatus;
    // Soft, so that one finding does not hide the next.
    expect.soft([...leaks], `Requests that left ${origin}`).toEqual([]);
    expect.soft([...cspViolations], 'Content-Security-Policy violations').toEqual([]);
    if (passed && !page.isClosed()) await expectNoA11yViolations(page);
  },

  anonymousRequest: async ({ playwright }, use) => {
    // An explicit empty state: otherwise the project's signed-in storageState would apply.
    const request = await playwright.request.newContext({ storageState: SIGNED_OUT });
    await use(request);
    await request.dispose();
  },
});

/**
 * Seeding through the real API. Pass `page.request` to act within the browser's cookie jar
 * (so the page is signed in too), or a separate request context for a separate client.
 */
export const api = {
  /** POST /api/auth/login: a new session; expects 204. */
  async signIn(request: APIRequestContext, person: { email: string; password: string }) {
    const response = await request.post('/api/auth/login', {
      data: { email: person.email, password: person.password },
    });
    expect(response.status(), await response.text()).toBe(204);
  },

  /**
   * Invites a person (as the administrator signed in on `request`) and accepts the invitation
   * with `password`, so that they can sign in. Returns their id.
   */
  async addPerson(
    request: APIRequestContext,
    person: { email: string; name: string; password: string; level?: 'user' | 'administrator' },
  ): Promise<string> {
    const invited = await api.send(request, 'POST', '/api/users', {
      email: person.email,
      name: person.name,
      level: person.level ?? 'user',
    });
    expect(invited.status(), await invited.text()).toBe(201);
    const { id, invitationUrl } = (await invited.json()) as { id: string; invitationUrl: string };
    const token = invitationUrl.slice(invitationUrl.indexOf('#') + 1);
    const accepted = await request.post(`/api/auth/invitations/${token}/accept`, {
      data: { password: person.password },
    });
    expect(accepted.status(), await accepted.text()).toBe(204);
    return id;
  },

  /** An unsafe request on the session, carrying the double-submit CSRF header. */
  async send(
    request: APIRequestContext,
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    data?: unknown,
  ) {
    const { cookies } = await request.storageState();
    const csrf = cookies.find((cookie) => cookie.name === CSRF_COOKIE)?.value;
    if (!csrf) throw new Error(`No ${CSRF_COOKIE} cookie: sign in first.`);
    return request.fetch(url, { method, data, headers: { [CSRF_HEADER]: csrf } });
  },
};
