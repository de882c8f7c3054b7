import type { APIResponse } from '@playwright/test';
import { api, expect, expectNoA11yViolations, test } from './fixtures';
import { ClusterConnection, IntegrationsPage } from './integrations-page';
import { AppShell } from './pages';
import { dismissToast } from './teams-page';

// Names of this run only: other journeys add git providers, registries and clusters in the same
// account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

const UNREACHABLE =
  'The platform cannot reach a provider behind your firewall; the runner inside your network uses it.';

/** A self-signed CA certificate the server can parse (EC P-256, for the cluster connection). */
const CA_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUZYvkdh3b7xfJTMUWVG4W2Dxs6nwwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKazhzLWUyZS1jYTAeFw0yNjExMjUwMzI3MDFaFw0zNjExMjIw
MzI3MDFaMBUxEzARBgNVBAMMCms4cy1lMmUtY2EwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQVqndh5jluo4si2kNdWd+4TeQVJY8I9c70sBSLr8+PDBhXFQ4JhUHT
6esd6VRbxluc/nEGVvCQr1Z2fA12wdiEo1MwUTAdBgNVHQ4EFgQU2RzreMjfGzlu
TFnRBD3q1lU/M18wHwYDVR0jBBgwFoAU2RzreMjfGzluTFnRBD3q1lU/M18wDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBApZdP7h+J6v33WM4z3Ub0
dOpDPHElbVzHmfGz664bNwIgNdTc6ykp5kITzO+TeuoCvta8rZ6GBAkE73wt36YL
bqo=
-----END CERTIFICATE-----`;

async function created(response: APIResponse): Promise<{ id: string }> {
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

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
  await expectNoA11yViolations(page);
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
  const listed = await page.request.get(`/api/git-providers?q=${run}`);
  expect(await listed.text()).not.toContain(token);

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
  await expectNoA11yViolations(page);
  await edit.button('Save changes').click();
  await dismissToast(page, `Git provider ${name} saved`);
  await expect(row).toContainText('On premise, behind the firewall');
  await expect(integrations.testButton(name)).toBeDisabled();
  await expect(row).toContainText(UNREACHABLE);
  await expect(integrations.testButton(name)).toHaveAccessibleDescription(UNREACHABLE);
  // The API refuses the test as well.
  const refused = await api.send(page.request, 'POST', `/api/git-providers/${id}/test`);
  expect(refused.status()).toBe(409);
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
  await expectNoA11yViolations(page);
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
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await dismissToast(page, `Registry ${renamed} deleted`);
  await expect(page.getByText(`No registry matches “${run}”.`)).toBeVisible();
});

test('delete a git provider a pipeline’s trigger uses: the pipeline is named, and its trigger goes too', async ({
  page,
}) => {
  const run = stamp();
  const name = `github-${run}`;
  const project = `shop-${run}`;
  const integrations = new IntegrationsPage(page);

  // A provider, a pipeline, a runner and a trigger of the pipeline on the provider, by the API.
  const provider = await created(
    await api.send(page.request, 'POST', '/api/git-providers', { name, kind: 'github' }),
  );
  const pipeline = await created(
    await api.send(page.request, 'POST', '/api/pipelines', { name: 'api', project }),
  );
  const runner = await created(
    await api.send(page.request, 'POST', '/api/runners', { name: `dc-${run}` }),
  );
  await created(
    await api.send(page.request, 'POST', `/api/pipelines/${pipeline.id}/triggers`, {
      gitProviderId: provider.id,
      runnerId: runner.id,
      repository: `acme/api-${run}`,
      events: ['push'],
    }),
  );

  await page.goto(`/admin/integrations?q=${run}`);
  await integrations.deleteButton(name).click();
  const confirm = page.getByRole('dialog', { name: `Delete git provider ${name}?` });
  const uses = confirm.getByRole('list', { name: `Pipelines that use ${name}` });
  await expect(uses.getByRole('link', { name: `${project}/api`, exact: true })).toHaveAttribute(
    'href',
    `/pipelines/${pipeline.id}`,
  );
  await expect(confirm).toContainText('1 pipeline uses');
  await expect(confirm).toContainText('deletes their triggers on it');
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Delete with its triggers', exact: true }).click();
  await dismissToast(page, `Git provider ${name} deleted`);
  await expect(page.getByText(`No git provider matches “${run}”.`)).toBeVisible();

  const triggers = await page.request.get(`/api/pipelines/${pipeline.id}/triggers`);
  expect(((await triggers.json()) as { items: unknown[] }).items).toEqual([]);
});

test('set the connection of a cluster as an administrator; the token is only ever "set"', async ({
  page,
}) => {
  const run = stamp();
  const name = `dc-${run}`;
  const token = `sa-token-${run}`;
  const cluster = await created(await api.send(page.request, 'POST', '/api/clusters', { name }));
  const connection = new ClusterConnection(page);

  await page.goto(`/clusters/${cluster.id}`);
  await expect(connection.section).toContainText(
    'any Kubernetes cluster reachable at an API server URL',
  );
  await expect(connection.section).toContainText('independent of the runner’s own privileges');
  await connection.apiServerUrl.fill('https://k8s.example.com:6443');
  await connection.caCertificate.fill(CA_CERTIFICATE);
  await connection.token.fill(token);
  await connection.internal.check();
  await expectNoA11yViolations(page);
  const answer = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/api/clusters/${cluster.id}`) &&
      response.request().method() === 'PATCH',
  );
  await connection.save.click();
  const body = await (await answer).text();
  expect(body).toContain('"serviceAccountTokenSet":true');
  expect(body).not.toContain(token);
  await dismissToast(page, `Connection of cluster ${name} saved`);

  await page.reload();
  await expect(connection.apiServerUrl).toHaveValue('https://k8s.example.com:6443');
  await expect(connection.internal).toBeChecked();
  await expect(connection.token).toHaveValue('');
  await expect(connection.section).toContainText('Set — leave empty to keep it');

  // A new address without the token again is refused before it is sent.
  await connection.apiServerUrl.fill('https://k8s-2.example.com:6443');
  await connection.save.click();
  await expect(connection.section).toContainText(
    'Give the token again when the API server URL changes',
  );
});
