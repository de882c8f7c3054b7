import { ADMIN } from './accounts';
import {
  api,
  apiClient,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { AppShell, ProfilePage, SignInPage } from './pages';

// Every test here starts signed out; the ones that need a session make their own, so that
// signing out never ends the shared administrator session of the other specs.
test.use({ storageState: SIGNED_OUT });

test('signs out through the account menu', async ({ page }) => {
  await api.signIn(page.request, ADMIN);
  const shell = new AppShell(page);
  const signIn = new SignInPage(page);
  await page.goto('/');
  await expect(shell.navigation).toBeVisible();
  const sessionCookies = await page.context().cookies();

  await shell.signOut();

  await expect(signIn.heading).toBeVisible();
  // The session ended on the server, not just in the browser: replaying its cookie fails.
  await page.context().addCookies(sessionCookies);
  await page.goto('/profile');
  await expect(signIn.heading).toBeVisible();
});

test('shows an alert for a wrong password, then signs in', async ({ page }) => {
  const signIn = new SignInPage(page);
  await page.goto('/');
  await expect(signIn.heading).toBeVisible();

  await signIn.signIn({ email: ADMIN.email, password: 'not the right password' });
  await expect(signIn.alert).toBeVisible();
  await expectNoA11yViolations(page);

  await signIn.signIn(ADMIN);
  await expect(new AppShell(page).navigation).toBeVisible();
  await expect(signIn.alert).toBeHidden();
});

test('returns to a deep link after signing in', async ({ page }) => {
  const signIn = new SignInPage(page);
  await page.goto('/profile');
  await expect(signIn.heading).toBeVisible();

  await signIn.signIn(ADMIN);

  await expect(new ProfilePage(page).heading).toBeVisible();
  await expect(page).toHaveURL(/\/profile$/);
});

test('offers the SSO providers by name and says why an SSO sign-in failed', async ({
  page,
  playwright,
  baseURL,
}) => {
  // An administrator's own session, apart from the signed-out page.
  const admin = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  await api.signIn(admin, ADMIN);
  const name = `E2E IdP ${Date.now()}`;
  const provider = expectOk(
    await apiClient(admin).POST('/api/sso-providers', {
      body: {
        type: 'oidc',
        name,
        // Nothing listens there: refused at once, whatever the machine's DNS.
        issuerUrl: 'https://127.0.0.1:9',
        clientId: 'perimeter',
        clientSecret: 'e2e-client-secret',
      },
    }),
  );
  try {
    const signIn = new SignInPage(page);
    await page.goto('/sign-in');
    await expect(signIn.heading).toBeVisible();
    // The identity provider cannot be reached: the server sends the
    // browser back to the sign-in page with the reason, which the page puts in words.
    await page.getByRole('button', { name: `Sign in with ${name}`, exact: true }).click();
    await expect(page).toHaveURL(
      new RegExp(`/sign-in\\?sso=[a-z-]+&provider=${encodeURIComponent(provider.id)}$`),
    );
    await expect(signIn.alert).toContainText(name);
    await expect(
      page.getByRole('button', { name: `Sign in with ${name}`, exact: true }),
    ).toBeVisible();
    await expectNoA11yViolations(page);
    // The password form is there as before.
    await signIn.signIn(ADMIN);
    await expect(new AppShell(page).navigation).toBeVisible();
  } finally {
    await apiClient(admin).DELETE('/api/sso-providers/{id}', {
      params: { path: { id: provider.id } },
    });
    await admin.dispose();
  }
});
