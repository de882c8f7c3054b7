import { ADMIN } from './accounts';
import { api, expect, expectNoA11yViolations, SIGNED_OUT, test } from './fixtures';
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
