import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../server/contract/api-paths.gen';
import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';

export { expect };

/** For `test.use({ storageState: SIGNED_OUT })`: a visitor with no session. */
export const SIGNED_OUT = { cookies: [], origins: [] };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS = ['serious', 'critical'];

/** The dialogs open on the page: what a scan of a dialog is scoped to. */
export const DIALOG = '[role="dialog"], [role="alertdialog"]';

/**
 * Fails when axe finds a serious or critical WCAG 2.1 A/AA violation on the page as it is
 * now, or within `include` (a CSS selector, e.g. DIALOG) when only that part is new. The `page`
 * fixture runs it on the final state of every passing test; call it once more for each other
 * distinct screen or dialog a test shows, not again for one another test already scans.
 */
export async function expectNoA11yViolations(
  page: Page,
  { include }: { include?: string } = {},
): Promise<void> {
  const where = `${new URL(page.url()).pathname}${include ? ` (${include})` : ''}`;
  await test.step(
    `axe: no serious or critical violation on ${where}`,
    async () => {
      // Only violations are read: without resultTypes axe also gathers and sends back every
      // node that passed. `options()` replaces what `withTags()` set, so it comes first.
      const builder = new AxeBuilder({ page })
        .options({ resultTypes: ['violations'] })
        .withTags(WCAG_TAGS);
      if (include) builder.include(include);
      const { violations } = await builder.analyze();
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
  /**
   * What the final accessibility scan covers (a CSS selector): the whole page unless a test
   * says otherwise with `test.use`, for a page that repeats one markup many times over.
   */
  a11yScope: string | undefined;
};

/**
 * The suite's `test`. Its `page` fails a test that let any request leave the console's own
 * origin (QUALITY.md: none, on any screen), or under a sub-path its path, or broke the Content-Security-Policy, and runs the
 * accessibility check on the page's final state.
 */
export const test = base.extend<Fixtures>({
  a11yScope: [undefined, { option: true }],

  page: async ({ page, baseURL, a11yScope }, use, testInfo) => {
    // The console's own address: its origin, and the path it is served under when a project's
    // baseURL has one (the sub-path journey, where nothing may be asked for outside it).
    const home = new URL(baseURL!);
    const consoleUrl = `${home.origin}${home.pathname.replace(/\/?$/, '/')}`;
    const leaks = new Set<string>();
    const record = (url: string) => {
      if (IGNORED_SCHEMES.some((scheme) => url.startsWith(scheme))) return;
      if (!url.startsWith(consoleUrl)) leaks.add(url);
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
    expect.soft([...leaks], `Requests that left ${consoleUrl}`).toEqual([]);
    expect.soft([...cspViolations], 'Content-Security-Policy violations').toEqual([]);
    if (passed && !page.isClosed()) await expectNoA11yViolations(page, { include: a11yScope });
  },

  anonymousRequest: async ({ playwright }, use) => {
    // An explicit empty state: otherwise the project's signed-in storageState would apply.
    const request = await playwright.request.newContext({ storageState: SIGNED_OUT });
    await use(request);
    await request.dispose();
  },
});

/** The console's API, typed by the contract's generated paths (the SPA's own client uses them too). */
/** Answers typed as JSON (the lists' CSV answers are not read through it). */
export type ApiClient = Client<paths, 'application/json' | 'application/problem+json'>;

// openapi-fetch needs an absolute address to build its Request; only the path and query are
// sent, against the request context's own base URL.
const PLACEHOLDER_ORIGIN = 'http://perimeter.e2e';
const NULL_BODY_STATUSES = [101, 204, 205, 304];

/**
 * A typed client over a Playwright request context: its cookies, its base URL, and on unsafe
 * methods the double-submit CSRF header of its session. Pass `page.request` to act within the
 * browser's cookie jar (so the page is signed in too), or a separate context for a separate
 * person.
 */
export function apiClient(request: APIRequestContext): ApiClient {
  return createClient<paths, 'application/json' | 'application/problem+json'>({
    baseUrl: PLACEHOLDER_ORIGIN,
    async fetch(input) {
      const url = new URL(input.url);
      const headers = Object.fromEntries(input.headers);
      if (!['GET', 'HEAD'].includes(input.method)) {
        const { cookies } = await request.storageState();
        const csrf = cookies.find((cookie) => cookie.name === CSRF_COOKIE)?.value;
        if (csrf) headers[CSRF_HEADER] = csrf;
      }
      const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
      const response = await request.fetch(url.pathname + url.search, {
        method: input.method,
        headers,
        data: body,
      });
      return new Response(
        NULL_BODY_STATUSES.includes(response.status()) ? null : await response.body(),
        {
          status: response.status(),
          headers: response.headersArray().map((h) => [h.name, h.value]),
        },
      );
    },
  });
}

/** The answer's data, after expecting a success: a failure shows the server's problem. */
export function expectOk<T>(result: { data?: T; error?: unknown; response: Response }): T {
  expect(result.response.ok, `${result.response.status} ${JSON.stringify(result.error)}`).toBe(
    true,
  );
  return result.data as T;
}

/** Seeding through the real API, for the screens a journey does not test. */
export const api = {
  /** POST /api/auth/login: a new session on `request`. */
  async signIn(request: APIRequestContext, person: { email: string; password: string }) {
    expectOk(
      await apiClient(request).POST('/api/auth/login', {
        body: { email: person.email, password: person.password },
      }),
    );
  },

  /**
   * Invites a person (as the administrator signed in on `request`) and accepts the invitation
   * with `password`, so that they can sign in. Returns their id.
   */
  async addPerson(
    request: APIRequestContext,
    person: { email: string; name: string; password: string; level?: 'user' | 'administrator' },
  ): Promise<string> {
    const client = apiClient(request);
    const { id, invitationUrl } = expectOk(
      await client.POST('/api/users', {
        body: { email: person.email, name: person.name, level: person.level ?? 'user' },
      }),
    );
    const token = invitationUrl!.slice(invitationUrl!.indexOf('#') + 1);
    expectOk(
      await client.POST('/api/auth/invitations/{token}/accept', {
        params: { path: { token } },
        body: { password: person.password },
      }),
    );
    return id;
  },
};
