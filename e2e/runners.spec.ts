import { createHmac, randomUUID } from 'node:crypto';
import { startRunner } from './reference-runner';
import { apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { AppShell } from './pages';
import { dismissToast } from './teams-page';
import { PipelineRunsPage, RunnersPage } from './runners-page';

// Names of this run only: other journeys share the account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('a signed GitHub webhook queues a run that the reference runner claims and finishes', async ({
  page,
  baseURL,
  anonymousRequest,
}) => {
  test.setTimeout(60_000);
  const run = stamp();
  const runnerName = `dc-${run}`;
  const project = `hooks-${run}`;
  const repository = `acme/api-${run}`;
  const runners = new RunnersPage(page);
  const pipeline = new PipelineRunsPage(page);

  // A git provider and a pipeline, through the API.
  const admin = apiClient(page.request);
  const { name: providerName } = expectOk(
    await admin.POST('/api/git-providers', { body: { name: `github-${run}`, kind: 'github' } }),
  );
  const { id: pipelineId } = expectOk(
    await admin.POST('/api/pipelines', { body: { name: 'deploy', project } }),
  );

  // Register a runner in the console: its token is shown once, with the command to start it.
  await page.goto('/');
  await new AppShell(page).navigation.getByRole('link', { name: 'Runners', exact: true }).click();
  await expect(runners.heading).toBeVisible();
  await runners.registerButton.click();
  await expect(runners.registerDialog).toBeVisible();
  await expectNoA11yViolations(page, { include: DIALOG });
  await runners.nameField.fill(runnerName);
  await runners.registerDialog.getByRole('button', { name: 'Register runner' }).click();
  const registered = runners.registered(runnerName);
  await expect(registered.token).not.toHaveValue('');
  const token = await registered.token.inputValue();
  await expect(registered.command).toHaveValue(
    `PERIMETER_REGISTRATION_TOKEN=${token} npm run runner -- --url ${new URL(baseURL!).origin} --state-file ~/.perimeter-runner.json`,
  );
  await registered.done.click();
  await expect(runners.row(runnerName)).toContainText('Waiting to register');

  // Add a trigger on the pipeline's page; the webhook URL and the secret are read off the screen.
  await page.goto(`/pipelines/${pipelineId}`);
  await expect(pipeline.runs).toContainText('This pipeline has not run yet.');
  await pipeline.addTrigger.click();
  await expect(pipeline.triggerDialog).toBeVisible();
  await pipeline.select('Git provider').selectOption({ label: `${providerName} (GitHub)` });
  await pipeline.field('Repository').fill(repository);
  await pipeline
    .select('Runner')
    .selectOption({ label: `${runnerName} (no app-proxy, waiting to register)` });
  await expect(pipeline.event('Pull requests')).toBeDisabled();
  await pipeline.event('Pushes').check();
  await pipeline.field('Branch filter').fill('^main$');
  await expectNoA11yViolations(page, { include: DIALOG });
  await pipeline.triggerDialog.getByRole('button', { name: 'Add trigger', exact: true }).click();
  const connect = pipeline.connect(repository);
  await expect(connect.dialog).toBeVisible();
  const webhookUrl = await connect.webhookUrl.inputValue();
  const secret = await connect.secret.inputValue();
  expect(webhookUrl).toMatch(new RegExp(`^${new URL(baseURL!).origin}/api/hooks/[0-9a-f-]{36}$`));
  expect(secret.length).toBeGreaterThan(20);
  await expect(connect.dialog).toContainText('X-Hub-Signature-256');
  await expectNoA11yViolations(page, { include: DIALOG });
  await connect.done.click();
  await expect(
    pipeline.triggers.getByRole('rowheader', { name: new RegExp(repository) }),
  ).toBeVisible();

  // GitHub's delivery: the exact bytes, signed with the secret (so not through the API client).
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    after: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    repository: { full_name: repository },
    head_commit: { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', message: 'Fix the login page' },
  });
  const hookPath = new URL(webhookUrl).pathname;
  const headers = { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push' };
  const unsigned = await anonymousRequest.post(hookPath, { headers, data: body });
  expect(unsigned.status(), await unsigned.text()).toBe(401);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const signed = await anonymousRequest.post(hookPath, {
    headers: { ...headers, 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': randomUUID() },
    data: body,
  });
  expect(signed.status(), await signed.text()).toBe(201);

  // The page follows the run without reloading: queued until the runner claims it…
  await expect(pipeline.run(1)).toContainText('Queued');
  await expect(pipeline.run(1)).toContainText('Pushes on main at a1b2c3d');
  // It claims one job and exits (`--once`). Its one step lasts 5 s, so that the page, refreshing
  // every 2 s while a run is active, shows it running.
  const runner = startRunner(baseURL!, token, ['--once', '--step-ms', '5000']);
  try {
    // …running while it reports its steps, then succeeded.
    await expect(pipeline.run(1)).toContainText('Running', { timeout: 20_000 });
    await expect(pipeline.run(1)).toContainText(runnerName);
    await expect(pipeline.run(1)).toContainText('Succeeded', { timeout: 20_000 });
    await pipeline.run(1).getByRole('button', { name: 'Show steps of run 1' }).click();
    await expect(pipeline.runs.getByRole('table', { name: 'Steps of run 1' })).toContainText(
      'Succeeded',
    );

    // The runner polled within the last minute: online, with its version.
    await page.goto('/admin/runners');
    await expect(runners.row(runnerName)).toContainText('Online');
    await expect(runners.row(runnerName)).toContainText('perimeter-reference-runner/1.0.0');

    // Revoking asks first and says what happens; the row stays, revoked.
    await runners
      .row(runnerName)
      .getByRole('button', { name: `Revoke runner ${runnerName}` })
      .click();
    const confirm = page.getByRole('dialog', { name: `Revoke runner ${runnerName}?` });
    await expect(confirm).toContainText('refused at its next poll');
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await dismissToast(page, `Runner ${runnerName} revoked`);
    await expect(runners.row(runnerName)).toContainText('Revoked');
  } finally {
    if (runner.process.exitCode === null) runner.process.kill('SIGTERM');
    await test.info().attach('reference runner output', { body: runner.output() });
  }
});
