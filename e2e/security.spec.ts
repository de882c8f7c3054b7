import type { APIRequestContext } from '@playwright/test';
import { securitySettingsSchema } from '../server/contract/settings';
import { ADMIN } from './accounts';
import { api, expect, expectNoA11yViolations, test } from './fixtures';
import { AppShell } from './pages';
import { SecurityPage } from './security-page';
import { dismissToast } from './teams-page';

async function idleTimeoutMinutes(request: APIRequestContext): Promise<number> {
  const response = await request.get('/api/settings/security');
  expect(response.status(), await response.text()).toBe(200);
  return securitySettingsSchema.parse(await response.json()).idleTimeoutMinutes;
}

async function setIdleTimeout(request: APIRequestContext, minutes: number) {
  const response = await api.send(request, 'PUT', '/api/settings/security', {
    idleTimeoutMinutes: minutes,
  });
  expect(response.status(), await response.text()).toBe(200);
}

test('an administrator changes the idle timeout, is refused 10 minutes, and sees who changed it', async ({
  page,
}) => {
  const security = new SecurityPage(page);
  // Other journeys (the idle timeout's) read the account's timeout: it is put back as it was.
  const original = await idleTimeoutMinutes(page.request);
  const target = original === 2 * 60 ? 3 * 60 : 2 * 60;
  try {
    await page.goto('/');
    await new AppShell(page).navigation
      .getByRole('link', { name: 'Security', exact: true })
      .click();
    await expect(security.heading).toBeVisible();
    await expect(security.idleTimeout).toContainText('A warning counts down for 90 seconds');
    await expectNoA11yViolations(page);

    // Refused as it is typed, with the reason; nothing is sent.
    await security.enter('10', 'minutes');
    await expect(
      security.idleTimeout.getByText('The idle timeout is at least 15 minutes.'),
    ).toBeVisible();
    await expect(security.amount).toHaveAttribute('aria-invalid', 'true');
    await security.save.click();
    await expect(security.amount).toBeFocused();
    await expectNoA11yViolations(page);
    expect(await idleTimeoutMinutes(page.request)).toBe(original);

    // The API refuses it too, whatever the form does.
    const refused = await api.send(page.request, 'PUT', '/api/settings/security', {
      idleTimeoutMinutes: 10,
    });
    expect(refused.status(), await refused.text()).toBe(422);
    expect(await refused.text()).toContain('The idle timeout is at least 15 minutes.');

    await security.enter(String(target / 60), 'hours');
    await expect(security.amount).not.toHaveAttribute('aria-invalid', 'true');
    await security.save.click();
    await dismissToast(page, `Idle timeout set to ${target / 60} hours`);
    await expect(security.shown('Current timeout')).toHaveText(`${target / 60} hours`);
    await expect(security.shown('Last changed by')).toContainText(`${ADMIN.name}, `);
    expect(await idleTimeoutMinutes(page.request)).toBe(target);

    // Still so after a reload: the server's word, not the form's.
    await page.reload();
    await expect(security.shown('Current timeout')).toHaveText(`${target / 60} hours`);
    await expect(security.shown('Last changed by')).toContainText(ADMIN.name);
    await expect(security.amount).toHaveValue(String(target / 60));
    await expect(security.unit).toHaveValue('hours');
    await expectNoA11yViolations(page);
  } finally {
    await setIdleTimeout(page.request, original);
  }
});
