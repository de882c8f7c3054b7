import type { Browser } from '@playwright/test';
import {
  api,
  apiClient,
  DIALOG,
  expect,
  expectNoA11yViolations,
  SIGNED_OUT,
  test,
} from './fixtures';
import { ProfilePage, SignInPage } from './pages';

/** A browser of its own, with no session yet, on the console under test. */
async function freshBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ storageState: SIGNED_OUT, baseURL });
  return { context, page: await context.newPage() };
}

test('a person ends their session in another browser from the Profile, which is signed out at its next request', async ({
  browser,
  request,
  baseURL,
}, testInfo) => {
  // A person of their own, so that ending sessions never touches the administrator's shared one.
  const person = {
    email: `two.browsers.${testInfo.workerIndex}.${Date.now()}@example.com`,
    name: 'Two Browsers',
    password: 'a long enough passphrase for two browsers',
  };
  await api.addPerson(request, person);

  const first = await freshBrowser(browser, baseURL);
  const second = await freshBrowser(browser, baseURL);
  try {
    await api.signIn(first.context.request, person);
    await api.signIn(second.context.request, person);
    const profileInSecond = new ProfilePage(second.page);
    await second.page.goto('/profile');
    await expect(profileInSecond.heading).toBeVisible();

    const profile = new ProfilePage(first.page);
    await first.page.goto('/profile');
    await expect(profile.heading).toBeVisible();
    const sessions = first.page.getByRole('table', { name: 'Sessions' });
    await expect(sessions.getByRole('row')).toHaveCount(3); // the header and two sessions
    await expect(sessions.getByRole('row').filter({ hasText: 'This session' })).toHaveCount(1);
    // The address the server saw at sign-in.
    await expect(sessions.getByRole('cell', { name: '127.0.0.1' })).toHaveCount(2);
    await expectNoA11yViolations(first.page);

    await sessions.getByRole('button', { name: /^Sign out .*, last active/ }).click();
    const dialog = first.page.getByRole('dialog');
    await expect(dialog).toContainText('signed out at its next request');
    await expectNoA11yViolations(first.page, { include: DIALOG });
    await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(sessions.getByRole('row')).toHaveCount(2);

    // The second browser still shows the profile; its next request finds the session gone.
    await second.page.reload();
    await expect(new SignInPage(second.page).heading).toBeVisible();
    expect((await apiClient(second.context.request).GET('/api/me')).response.status).toBe(401);

    // The first browser is still signed in.
    await first.page.reload();
    await expect(profile.heading).toBeVisible();
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
