import type { APIRequestContext } from '@playwright/test';
import { startSamlIdp, type SamlTestIdp } from '../server/src/testing/idp/saml-idp';
import { apiClient, expect, expectNoA11yViolations, expectOk, SIGNED_OUT, test } from './fixtures';
import { AccountSettingsPage } from './account-settings-page';
import { ProfilePage, SignInPage } from './pages';

/**
 * Signing in through a SAML identity provider in Chromium: a real IdP (samlify, started here on
 * a loopback port) that shows its own sign-in form and posts a signed assertion back.
 */

let idp: SamlTestIdp;
test.beforeAll(async () => {
  idp = await startSamlIdp();
});
test.afterAll(async () => {
  await idp?.close();
});

const unique = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/**
 * The administrator (`request`) sets up a provider for the IdP with a mapped team, gives the IdP
 * Perimeter's SP metadata (as an administrator would upload it), and assigns a person to it.
 */
async function setUp(request: APIRequestContext) {
  const admin = apiClient(request);
  const team = expectOk(await admin.POST('/api/teams', { body: { name: unique('saml-team') } }));
  const group = unique('engineering');
  const providerName = unique('Acme SAML');
  const provider = expectOk(
    await admin.POST('/api/sso-providers', {
      body: {
        type: 'saml',
        name: providerName,
        ssoUrl: idp.ssoUrl,
        entityId: idp.entityId,
        certificate: idp.certificate,
        groupMappings: [{ group, teamId: team.id }],
      },
    }),
  );
  if (provider.type !== 'saml') throw new Error('not a SAML provider');
  const metadata = await request.get(provider.metadataUrl);
  expect(metadata.headers()['content-type']).toMatch(/^application\/samlmetadata\+xml/);
  idp.trust(await metadata.text());

  const name = unique('Sam');
  const email = `${name.toLowerCase()}@example.com`;
  const person = expectOk(await admin.POST('/api/users', { body: { email, name, level: 'user' } }));
  expectOk(
    await admin.PATCH('/api/users/{id}', {
      params: { path: { id: person.id } },
      body: { ssoProviderId: provider.id },
    }),
  );
  idp.setPerson({ email, name: `${name} Person`, groups: [group] });
  return { admin, team, provider, providerName, email };
}

test('a person cancels at the SAML provider, then signs in through it and lands on the page they came from', async ({
  page,
  browser,
}) => {
  // Two round trips through the IdP, three full loads of the console and three axe scans.
  test.setTimeout(120_000);
  const { admin, team, providerName, email } = await setUp(page.request);

  // The person, in a browser of their own, follows a link to their profile.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const visitor = await context.newPage();
    await visitor.goto('/profile');
    const signIn = new SignInPage(visitor);
    await expect(signIn.heading).toBeVisible();
    await expectNoA11yViolations(visitor);
    const signInWith = visitor.getByRole('button', { name: `Sign in with ${providerName}` });
    await signInWith.click();

    // The identity provider's own sign-in form; cancelling there comes back signed out.
    await expect(visitor).toHaveURL(new RegExp(`^${idp.ssoUrl}\\?`));
    await visitor.getByRole('button', { name: 'Cancel' }).click();
    await expect(visitor).toHaveURL(/\/sign-in\?sso=cancelled&provider=/);
    await expect(signIn.heading).toBeVisible({ timeout: 30_000 });
    await expect(signIn.alert).toContainText(
      `${providerName} said the sign-in was cancelled. Try again when you are ready.`,
    );
    expect((await visitor.request.get('/api/me')).status()).toBe(401);
    // The way back to the page they came from is kept for the second try.
    await signInWith.click();

    await expect(visitor).toHaveURL(new RegExp(`^${idp.ssoUrl}\\?`));
    await visitor.getByRole('textbox', { name: 'Email' }).fill(email);
    await visitor.getByRole('button', { name: 'Sign in' }).click();

    // Back in Perimeter, signed in, on the page they came from: a full load of the console after
    // the IdP's POST, which a loaded machine may take longer than one expectation for.
    await expect(new ProfilePage(visitor).heading).toBeVisible({ timeout: 30_000 });
    await expect(visitor).toHaveURL(/\/profile$/);
    const me = await visitor.request.get('/api/me');
    expect(me.ok()).toBe(true);
    expect((await me.json()).email).toBe(email);
    await expectNoA11yViolations(visitor);
  } finally {
    await context.close();
  }

  // The IdP's group put them in the mapped team.
  const members = expectOk(
    await admin.GET('/api/users', { params: { query: { teamId: team.id } } }),
  );
  expect(members.items.map((member) => member.email)).toEqual([email]);

  // The administrator sees the provider listed in the account settings.
  const settings = new AccountSettingsPage(page);
  await settings.goto();
  await expect(settings.ssoRow(providerName)).toBeVisible();
});
