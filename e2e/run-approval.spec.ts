import { ADMIN } from './accounts';
import { startRunner } from './reference-runner';
import {
  api,
  apiClient,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { SignInPage } from './pages';
import { PipelineRunsPage } from './runners-page';
import { dismissToast } from './teams-page';

const PASSWORD = 'a long enough passphrase';
// Names and tags of this run only: other journeys share the account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Builds, waits for a person with approve, then deploys to `cluster`. */
const definition = (cluster: string) => `version: '1.0'
steps:
  build:
    title: Build
    image: alpine:3.20
    commands:
      - echo build
  approve-deploy:
    type: pending-approval
  deploy:
    title: Deploy
    type: deploy
    kind: kubernetes
    cluster: ${cluster}
    namespace: releases
    service: release
`;

test('a run waits at approval: someone without approve sees who may, deploys only once they may read the cluster, the administrator approves, it finishes', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const run = stamp();
  const tag = `approval-${run}`;
  const project = `releases-${run}`;
  const member = { email: `grace-${run}@example.com`, name: `Grace ${run}`, password: PASSWORD };

  // A tagged pipeline whose inline definition has a pending-approval step and deploys to a
  // tagged cluster; a team that may read and run pipelines with the tag, but not approve, and
  // (so far) may not read the cluster.
  const admin = apiClient(page.request);
  expectOk(await admin.POST('/api/clusters', { body: { name: `releases-${run}`, tags: [tag] } }));
  const memberId = await api.addPerson(page.request, member);
  const { id: teamId } = expectOk(
    await admin.POST('/api/teams', { body: { name: `release-${run}`, memberIds: [memberId] } }),
  );
  expectOk(
    await admin.POST('/api/rules', {
      body: { teamId, resourceType: 'pipeline', privileges: ['read', 'run'], tags: [tag] },
    }),
  );
  const { id: pipelineId } = expectOk(
    await admin.POST('/api/pipelines', {
      body: {
        name: 'release',
        project,
        tags: [tag],
        source: { type: 'inline', yaml: definition(`releases-${run}`) },
      },
    }),
  );
  const { registrationToken } = expectOk(
    await admin.POST('/api/runners', { body: { name: `approvals-${run}` } }),
  );

  // The administrator runs it from its page.
  const pipeline = new PipelineRunsPage(page);
  await page.goto(`/pipelines/${pipelineId}`);
  await expect(page.getByRole('region', { name: 'Definition' })).toContainText('Inline editor');
  await expect(pipeline.runs).toContainText('This pipeline has not run yet.');
  await expectNoA11yViolations(page);
  await pipeline.runs.getByRole('button', { name: 'Run', exact: true }).click();
  await dismissToast(page, 'Run #1 queued');
  await expect(pipeline.run(1)).toContainText('Queued');
  await expect(pipeline.run(1)).toContainText(`Run by ${ADMIN.name}`);
  // Without `--once`: after the approval the run is queued again for it, and it carries on.
  const runner = startRunner(baseURL!, registrationToken, ['--step-ms', '1000']);
  try {
    // The runner builds, then the run waits: the page follows it without reloading.
    await expect(pipeline.run(1)).toContainText('Waiting for approval', { timeout: 30_000 });
    const approve = pipeline.runs.getByRole('button', { name: 'Approve run #1', exact: true });
    await expect(approve).toBeVisible();

    // Someone who may run it but not approve it sees who may, and no buttons.
    const context = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const memberPage = await context.newPage();
      await memberPage.goto(`/pipelines/${pipelineId}`);
      await new SignInPage(memberPage).signIn(member);
      const theirs = new PipelineRunsPage(memberPage);
      await expect(theirs.runs).toContainText('Run #1 waits for approval. You may not approve it');
      await expect(theirs.runs).toContainText(ADMIN.name);
      await expect(theirs.runs.getByRole('button', { name: /^(Approve|Deny) run/ })).toHaveCount(0);
      // They may run the pipeline, but not deploy where it deploys: Run says why.
      const theirRun = theirs.runs.getByRole('button', { name: 'Run', exact: true });
      await expect(theirRun).toBeDisabled();
      await expect(theirRun).toHaveAccessibleDescription(
        `The definition deploys to releases-${run}, which is not among the clusters you may read.`,
      );
      // Once a rule lets their team read the cluster, they may.
      expectOk(
        await admin.POST('/api/rules', {
          body: { teamId, resourceType: 'cluster', privileges: ['read'], tags: [tag] },
        }),
      );
      await memberPage.reload();
      await expect(theirs.runs.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
    } finally {
      await context.close();
    }

    // The administrator approves; the runner carries on and the run finishes.
    await approve.click();
    await dismissToast(page, 'Run #1 approved');
    await expect(pipeline.run(1)).toContainText(`Approved by ${ADMIN.name}`);
    await expect(pipeline.run(1)).toContainText('Succeeded', { timeout: 30_000 });
    await pipeline.run(1).getByRole('button', { name: 'Show steps of run 1' }).click();
    const steps = pipeline.runs.getByRole('table', { name: 'Steps of run 1' });
    await expect(steps.getByRole('row').filter({ hasText: 'deploy' }).last()).toContainText(
      'Succeeded',
    );
  } finally {
    if (runner.process.exitCode === null) runner.process.kill('SIGTERM');
    await test.info().attach('reference runner output', { body: runner.output() });
  }
});
