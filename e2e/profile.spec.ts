import { meSchema } from '../server/contract/me';
import { ADMIN } from './accounts';
import { api, expect, expectNoA11yViolations, test } from './fixtures';
import { AppShell, ProfilePage } from './pages';

test('saves a notification setting, which survives a reload', async ({ page }) => {
  // A known starting point, whatever an earlier run or test left.
  const reset = await api.send(page.request, 'PATCH', '/api/me', {
    notifications: { buildSucceeded: false },
  });
  expect(reset.ok(), await reset.text()).toBe(true);
  const profile = new ProfilePage(page);
  await page.goto('/');
  await new AppShell(page).goToProfile();
  await expect(profile.heading).toBeVisible();
  await expectNoA11yViolations(page);

  const setting = profile.notificationSwitch('Email me when a build succeeds');
  await expect(setting).not.toBeChecked();
  await setting.check();
  await expect(page.getByText('Notification settings saved')).toBeVisible();

  await page.reload();
  await expect(setting).toBeChecked();
});

test('creates a personal API token, shows it once, and revokes it', async ({
  page,
  anonymousRequest,
}, testInfo) => {
  const tokenName = `e2e script ${testInfo.workerIndex}-${Date.now()}`;
  const profile = new ProfilePage(page);
  const asBearer = (token: string) =>
    anonymousRequest.get('/api/me', { headers: { Authorization: `Bearer ${token}` } });
  await page.goto('/profile');
  await expect(profile.heading).toBeVisible();

  await profile.tokenName.fill(tokenName);
  await profile.createToken.click();
  await expect(profile.newTokenDialog).toBeVisible();
  const token = await profile.newToken.inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expectNoA11yViolations(page);
  await profile.newTokenDialog.getByRole('button', { name: 'Done' }).click();
  await expect(profile.newTokenDialog).toBeHidden();

  // Shown once: after a reload the token is listed, but its value is nowhere on the page.
  await page.reload();
  await expect(profile.revokeButton(tokenName)).toBeVisible();
  expect(await page.content()).not.toContain(token);

  const me = await asBearer(token);
  expect(me.status()).toBe(200);
  expect(meSchema.parse(await me.json()).email).toBe(ADMIN.email);

  await profile.revokeButton(tokenName).click();
  await expect(profile.confirmDialog).toBeVisible();
  await expectNoA11yViolations(page);
  await profile.confirmDialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(profile.revokeButton(tokenName)).toBeHidden();

  expect((await asBearer(token)).status()).toBe(401);
});
