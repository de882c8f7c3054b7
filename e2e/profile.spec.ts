import { ADMIN } from './accounts';
import { apiClient, DIALOG, expect, expectNoA11yViolations, test } from './fixtures';
import { ProfilePage } from './pages';

test('creates a personal API token, shows it once, and revokes it', async ({
  page,
  anonymousRequest,
}, testInfo) => {
  const tokenName = `e2e script ${testInfo.workerIndex}-${Date.now()}`;
  const profile = new ProfilePage(page);
  const asBearer = (token: string) =>
    apiClient(anonymousRequest).GET('/api/me', { headers: { Authorization: `Bearer ${token}` } });
  await page.goto('/profile');
  await expect(profile.heading).toBeVisible();

  await profile.tokenName.fill(tokenName);
  // Read only is the default; the administrator may add administrative rights (not here).
  await expect(page.getByRole('combobox', { name: 'Access' })).toHaveValue('read');
  await expect(page.getByRole('checkbox', { name: 'Administrative rights' })).not.toBeChecked();
  await profile.createToken.click();
  await expect(profile.newTokenDialog).toBeVisible();
  const token = await profile.newToken.inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expectNoA11yViolations(page, { include: DIALOG });
  await profile.newTokenDialog.getByRole('button', { name: 'Done' }).click();
  await expect(profile.newTokenDialog).toBeHidden();

  // Shown once: after a reload the token is listed, but its value is nowhere on the page.
  await page.reload();
  await expect(profile.revokeButton(tokenName)).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await test.step('administrators see it on Security, with its owner, never its value', async () => {
    await page.goto('/admin/security');
    const tokens = page.getByRole('table', { name: 'API tokens of the account' });
    const row = tokens.getByRole('row').filter({ hasText: tokenName });
    await expect(row).toContainText('Read only');
    await expect(
      row.getByRole('button', { name: new RegExp(`^Revoke token ${tokenName} of `) }),
    ).toBeVisible();
    expect(await page.content()).not.toContain(token);
    await expectNoA11yViolations(page);
    await page.goto('/profile');
  });

  const me = await asBearer(token);
  expect(me.response.status).toBe(200);
  expect(me.data?.email).toBe(ADMIN.email);

  await profile.revokeButton(tokenName).click();
  await expect(profile.confirmDialog).toBeVisible();
  await profile.confirmDialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(profile.revokeButton(tokenName)).toBeHidden();

  expect((await asBearer(token)).response.status).toBe(401);
});
