import type { APIRequestContext } from '@playwright/test';
import { ADMIN } from './accounts';
import {
  api,
  apiClient,
  DIALOG,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { ContextClock, IdleWarning } from './idle-timeout-page';
import { AppShell, SignInPage } from './pages';

// A session of its own, so that letting it run out never ends the shared administrator session
// of the other specs; time moves for this browser context only (ContextClock).
test.use({ storageState: SIGNED_OUT });

const MINUTE = 60_000;
const WARNING_MS = 90_000;

async function idleTimeoutMinutes(request: APIRequestContext): Promise<number> {
  return expectOk(await apiClient(request).GET('/api/settings/security')).idleTimeoutMinutes;
}

async function setIdleTimeout(request: APIRequestContext, minutes: number): Promise<void> {
  expectOk(
    await apiClient(request).PUT('/api/settings/security', {
      body: { idleTimeoutMinutes: minutes },
    }),
  );
}

/** GET /api/me at the context's moved clock: is the session still alive on the server? */
async function meStatus(request: APIRequestContext, headers: Record<string, string>) {
  return (await apiClient(request).GET('/api/me', { headers })).response.status;
}

test('warns before the idle timeout, "Stay signed in" keeps the session, and running out signs out every tab', async ({
  page,
  anonymousRequest: admin,
}) => {
  // The product's shortest timeout, set by an administrator in another browser and put back
  // afterwards; this project runs alone (playwright.config.ts), so no other journey sees it.
  await api.signIn(admin, ADMIN);
  const original = await idleTimeoutMinutes(admin);
  await setIdleTimeout(admin, 15);
  try {
    const context = page.context();
    const clock = new ContextClock(context);
    await clock.install();
    await api.signIn(page.request, ADMIN);
    const timeoutMs = 15 * MINUTE;

    // Two tabs of one browser.
    await page.goto('/profile?tab=tokens');
    await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    const other = await context.newPage();
    await other.goto('/clusters');
    await expect(other.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();
    const tabs = [page, other];
    const warnings = tabs.map((tab) => new IdleWarning(tab));

    // Interaction in the first tab starts the countdown, in both tabs and on the server.
    const reported = page.waitForResponse('**/api/auth/activity');
    await page.getByRole('heading', { level: 1, name: 'Profile' }).click();
    expect((await reported).status()).toBe(204);

    await test.step('the warning opens 90 seconds before the timeout, in every tab', async () => {
      await clock.fastForward(timeoutMs - WARNING_MS - 1000);
      for (const warning of warnings) await expect(warning.dialog).toBeVisible();
      await expect(warnings[0]!.announcement).toHaveText(
        /^You will be signed out in \d+ seconds\.$/,
      );
      await expect(warnings[0]!.staySignedIn).toBeFocused();
      await expectNoA11yViolations(page, { include: DIALOG });
    });

    await test.step('"Stay signed in" keeps the session, past the deadline it had', async () => {
      const stayed = page.waitForResponse('**/api/auth/activity');
      await warnings[0]!.staySignedIn.click();
      expect((await stayed).status()).toBe(204);
      for (const warning of warnings) await expect(warning.dialog).toBeHidden();

      await clock.fastForward(5 * MINUTE);
      expect(await meStatus(page.request, clock.headers())).toBe(200);
      for (const warning of warnings) await expect(warning.dialog).toBeHidden();
    });

    await test.step('left alone, every tab signs out together with the reason', async () => {
      await clock.fastForward(timeoutMs);
      await expect(page).toHaveURL(
        /\/sign-in\?reason=session-idle&returnTo=%2Fprofile%3Ftab%3Dtokens$/,
      );
      await expect(other).toHaveURL(/\/sign-in\?reason=session-idle&returnTo=%2Fclusters$/);
      for (const tab of tabs) {
        await expect(new SignInPage(tab).heading).toBeVisible();
        await expect(
          tab.getByText('You were signed out after a period of inactivity.', { exact: false }),
        ).toBeVisible();
      }
      // Ended on the server too, not just in the browser.
      expect(await meStatus(page.request, clock.headers())).toBe(401);
    });

    await test.step('signing in again lands where the person was', async () => {
      await new SignInPage(page).signIn(ADMIN);
      await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
      await expect(page).toHaveURL(/\/profile\?tab=tokens$/);
      await expect(new AppShell(page).navigation).toBeVisible();
    });
  } finally {
    await setIdleTimeout(admin, original);
  }
});
