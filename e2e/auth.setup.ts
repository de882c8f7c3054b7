import { ADMIN, adminStatePath } from './accounts';
import { expect, expectNoA11yViolations, test as setup } from './fixtures';
import { AppShell, SetupPage } from './pages';

// Runs once per run, on the server's empty database: the "first administrator" journey, and
// the signed-in state the other specs start from.
setup('creates the first administrator on the first visit', async ({ page }) => {
  const setupPage = new SetupPage(page);
  await page.goto('/');
  await expect(setupPage.heading).toBeVisible();
  await expectNoA11yViolations(page);

  await setupPage.createAdministrator(ADMIN);

  await expect(new AppShell(page).navigation).toBeVisible();
  await page.context().storageState({ path: adminStatePath() });
});
