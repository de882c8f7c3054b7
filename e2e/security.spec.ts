import type { APIRequestContext } from '@playwright/test';
import { ADMIN } from './accounts';
import { apiClient, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { SecurityPage } from './security-page';
import { dismissToast } from './teams-page';

async function idleTimeoutMinutes(request: APIRequestContext): Promise<number> {
  return expectOk(await apiClient(request).GET('/api/settings/security')).idleTimeoutMinutes;
}

async function setIdleTimeout(request: APIRequestContext, minutes: number) {
  return apiClient(request).PUT('/api/settings/security', {
    body: { idleTimeoutMinutes: minutes },
  });
}

test('an administrator changes the idle timeout, is refused 10 minutes, and sees who changed it', async ({
  page,
}) => {
  const security = new SecurityPage(page);
  // Other journeys (the idle timeout's) read the account's timeout: it is put back as it was.
  const original = await idleTimeoutMinutes(page.request);
  const target = original === 2 * 60 ? 3 * 60 : 2 * 60;
  try {
    await page.goto('/admin/security');
    await expect(security.heading).toBeVisible();
    await expect(security.idleTimeout).toContainText('A warning counts down for 90 seconds');
    await expectNoA11yViolations(page);

    // The API refuses 10 minutes, whatever a form does (the form's own check is the
    // component test's).
    const refused = await setIdleTimeout(page.request, 10);
    expect(refused.response.status).toBe(422);
    expect(JSON.stringify(refused.error)).toContain('The idle timeout is at least 15 minutes.');

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
  } finally {
    expectOk(await setIdleTimeout(page.request, original));
  }
});
