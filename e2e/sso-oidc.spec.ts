import type { Browser } from '@playwright/test';
import { startOidcIdp, type OidcIdp } from '../server/src/testing/idp/oidc-idp';
import {
  api,
  apiClient,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { ProfilePage, SignInPage } from './pages';

/**
 * Signing in through an OpenID provider in Chromium: a real one (oidc-provider, started here on
 * a loopback port; the server runs with SSO_ALLOW_HTTP_ISSUERS=true, playwright.config.ts).
 * The person's browser is a context of its own: it goes to the provider's origin, which the
 * `page` fixture forbids for the console's own pages.
 */
let idp: OidcIdp;
test.beforeAll(async () => {
  idp = await startOidcIdp();
});
test.afterAll(async () => {
  await idp?.close();
});

/** The administrator (`request`) sets up a provider for the IdP, a mapped team and a person. */
async function setUp(
  request: Parameters<typeof apiClient>[0],
  label: string,
  groups: string[] | undefined,
) {
  const unique = `${label}-${test.info().workerIndex}-${Date.now()}`;
  const client = apiClient(request);
  const team = expectOk(await client.POST('/api/teams', { body: { name: `oidc-${unique}` } }));
  const provider = expectOk(
    await client.POST('/api/sso-providers', {
      body: {
        type: 'oidc',
        name: `Acme ID ${unique}`,
        issuerUrl: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        createPeople: false,
        groupMappings: [{ group: 'platform-engineers', teamId: team.id }],
      },
    }),
  );
  if (provider.type !== 'oidc') throw new Error('expected an OIDC provider');
  idp.allowRedirectUri(provider.redirectUri);
  const person = {
    email: `oidc.${unique}@example.com`,
    name: `OIDC ${label}`,
    password: 'a long enough passphrase nobody will type',
  };
  const userId = await api.addPerson(request, person);
  expectOk(
    await client.PATCH('/api/users/{id}', {
      params: { path: { id: userId } },
      body: { ssoProviderId: provider.id },
    }),
  );
  idp.setAccount({ email: person.email, email_verified: true, name: person.name, groups });
  return { provider, team, person };
}

async function freshBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ storageState: SIGNED_OUT, baseURL });
  return { context, page: await context.newPage() };
}

test('a person signs in through the OpenID provider from a deep link, and joins the mapped team', async ({
  browser,
  request,
  baseURL,
}) => {
  const { provider, team, person } = await setUp(request, 'journey', ['platform-engineers']);
  const { context, page } = await freshBrowser(browser, baseURL);
  try {
    await page.goto('/profile');
    const signIn = new SignInPage(page);
    await expect(signIn.heading).toBeVisible();
    await expectNoA11yViolations(page);

    // Depends on the UI branch (i19-ui): the sign-in page offers each provider by name.
    await page.getByRole('button', { name: `Sign in with ${provider.name}` }).click();

    // The identity provider's own page, on its own origin.
    await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.getByRole('textbox', { name: 'Email address' }).fill(person.email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Back on the deep link, signed in.
    await expect(new ProfilePage(page).heading).toBeVisible();
    await expect(page).toHaveURL(/\/profile$/);
    await expectNoA11yViolations(page);

    const me = expectOk(await apiClient(context.request).GET('/api/me'));
    expect(me.email).toBe(person.email);
    expect(me.teams.map((t) => t.id)).toContain(team.id);
  } finally {
    await context.close();
  }
});

test('a sign-in cancelled at the OpenID provider says so on the sign-in page', async ({
  browser,
  request,
  baseURL,
}) => {
  const { provider } = await setUp(request, 'cancelled', undefined);
  const { context, page } = await freshBrowser(browser, baseURL);
  try {
    await page.goto('/profile');
    const signIn = new SignInPage(page);
    await expect(signIn.heading).toBeVisible();
    await page.getByRole('button', { name: `Sign in with ${provider.name}` }).click();

    await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await expect(signIn.heading).toBeVisible();
    await expect(signIn.alert).toContainText(
      `${provider.name} said the sign-in was cancelled. Try again when you are ready.`,
    );
    await expectNoA11yViolations(page);
    expect((await apiClient(context.request).GET('/api/me')).response.status).toBe(401);
  } finally {
    await context.close();
  }
});
