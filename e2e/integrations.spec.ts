import { apiClient, DIALOG, expect, expectNoA11yViolations, test } from './fixtures';
import { IntegrationsPage } from './integrations-page';
import { AppShell } from './pages';
import { dismissToast } from './teams-page';

// Names of this run only: other journeys add git providers, registries and clusters in the same
// account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

const UNREACHABLE =
  'The platform cannot reach a provider behind your firewall; the runner inside your network uses it.';

test('add a git provider with credentials that never come back, test its connection, then put it behind the firewall', async ({
  page,
}) => {
  const run = stamp();
  const name = `corp-gitlab-${run}`;
  const token = `glpat-${run}`;
  const integrations = new IntegrationsPage(page);

  await page.goto('/');
  await new AppShell(page).navigation
    .getByRole('link', { name: 'Integrations', exact: true })
    .click();
  await expect(integrations.heading).toBeVisible();
  await expect(integrations.gitProvidersTab).toHaveAttribute('aria-selected', 'true');

  await integrations.addGitProvider.click();
  const add = integrations.dialog('Add git provider');
  await expect(add.dialog).toBeVisible();
  await add.dialog.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('gitlab');
  await add.textbox('Name').fill(name);
  await expect(add.dialog).toContainText(`git: ${name}`);
  // An address under .invalid never resolves: the real connection test fails, and says why.
  await add.textbox('Base URL').fill(`https://gitlab-${run}.invalid`);
  await add.secret('Access token').fill(token);
  await add.switch('On premise').check();
  await expectNoA11yViolations(page, { include: DIALOG });
  const answer = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/git-providers') && response.request().method() === 'POST',
  );
  await add.button('Add git provider').click();
  const body = await (await answer).text();
  expect(body).toContain('"credentialsSet":true');
  expect(body).not.toContain(token);
  const { id } = JSON.parse(body) as { id: string };
  await dismissToast(page, `Git provider ${name} added`);

  await integrations.searchFor(run, 'Search git providers');
  const row = integrations.row(name);
  await expect(row).toContainText('On premise');
  await expect(row).toContainText('Set');
  await expect(row).toContainText('Never tested');
  // The list the SPA reads never carries the token either.
  const listed = await apiClient(page.request).GET('/api/git-providers', {
    params: { query: { q: run } },
  });
  expect(JSON.stringify(listed.data)).not.toContain(token);

  await integrations.testButton(name).click();
  await expect(integrations.testResult).toContainText(`The connection to ${name} failed:`);
  await expect(row).toContainText('Failed:');
  await expectNoA11yViolations(page);

  // Behind the firewall: the platform cannot test it, and says so.
  await integrations.editButton(name).click();
  const edit = integrations.dialog(`Edit git provider ${name}`);
  await expect(edit.secret('Access token')).toHaveValue('');
  await expect(edit.dialog).toContainText('Set — leave empty to keep it');
  await edit.switch('Behind the firewall').check();
  await edit.button('Save changes').click();
  await dismissToast(page, `Git provider ${name} saved`);
  await expect(row).toContainText('On premise, behind the firewall');
  await expect(integrations.testButton(name)).toBeDisabled();
  await expect(row).toContainText(UNREACHABLE);
  await expect(integrations.testButton(name)).toHaveAccessibleDescription(UNREACHABLE);
  // The API refuses the test as well.
  const refused = await apiClient(page.request).POST('/api/git-providers/{id}/test', {
    params: { path: { id } },
  });
  expect(refused.response.status).toBe(409);
});

test('add a registry, edit it, and delete it', async ({ page }) => {
  const run = stamp();
  const name = `corp-registry-${run}`;
  const renamed = `images-${run}`;
  const integrations = new IntegrationsPage(page);

  await page.goto('/admin/integrations?tab=registries');
  await expect(integrations.registriesTab).toHaveAttribute('aria-selected', 'true');
  await integrations.addRegistry.click();
  const add = integrations.dialog('Add registry');
  await add.textbox('Name').fill(name);
  await add.textbox('Domain').fill(`registry-${run}.invalid:5000`);
  await add.textbox('Username').fill('ci');
  await add.secret('Password or token').fill(`pw-${run}`);
  await expectNoA11yViolations(page, { include: DIALOG });
  await add.button('Add registry').click();
  await dismissToast(page, `Registry ${name} added`);

  await integrations.searchFor(run, 'Search registries');
  await expect(integrations.row(name)).toContainText('Set');
  await expect(integrations.row(name)).toContainText('Reachable');

  await integrations.editButton(name).click();
  const edit = integrations.dialog(`Edit registry ${name}`);
  await edit.textbox('Name').fill(renamed);
  await edit.switch('Behind the firewall').check();
  await edit.button('Save changes').click();
  await dismissToast(page, `Registry ${renamed} saved`);
  await expect(integrations.row(renamed)).toContainText('Behind the firewall');
  await expect(integrations.testButton(renamed)).toBeDisabled();

  await integrations.deleteButton(renamed).click();
  const confirm = page.getByRole('dialog', { name: `Delete registry ${renamed}?` });
  await expect(confirm).toContainText(`No pipeline uses ${renamed}`);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await dismissToast(page, `Registry ${renamed} deleted`);
  await expect(page.getByText(`No registry matches “${run}”.`)).toBeVisible();
});
