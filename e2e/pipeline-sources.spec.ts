import type { APIRequestContext } from '@playwright/test';
import { sourceDisabledReason } from '../server/contract/pipeline-sources';
import { ADMIN } from './accounts';
import { apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { PipelineSourcesPage } from './pipeline-sources-page';
import { dismissToast } from './teams-page';

// Turning a source off stops other journeys from creating pipelines with it: this file runs in
// a project of its own, beside the idle journey and before the rest (playwright.config.ts).

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function setSources(
  request: APIRequestContext,
  sources: { inline: boolean; git: boolean; url: boolean },
) {
  expectOk(await apiClient(request).PUT('/api/settings/pipeline-sources', { body: sources }));
}

test('turn off inline definitions after seeing the pipelines it stops, see an inline pipeline’s Run button disabled with the reason, and turn them on again', async ({
  page,
}) => {
  const run = stamp();
  // A project that sorts first, so the pipeline is among the ones the confirmation names.
  const project = `0-sources-${run}`;
  const pipeline = expectOk(
    await apiClient(page.request).POST('/api/pipelines', {
      body: { name: 'inline-build', project },
    }),
  );
  expect(pipeline.source.type).toBe('inline');
  const sources = new PipelineSourcesPage(page);

  try {
    await sources.goto();
    await expect(sources.heading).toBeVisible();
    await expect(sources.switch('Inline editor')).toBeChecked();
    await expect(sources.switch('File in a git repository')).toBeChecked();
    await expect(sources.switch('Public URL')).toBeChecked();
    await expect(sources.section).toContainText(
      /\d+ pipelines? takes? (its|their) definition from the inline editor\./,
    );
    await expectNoA11yViolations(page);

    await sources.switch('Inline editor').click();
    const dialog = sources.turnOffDialog('Turn off inline definitions?');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(/This stops \d+ pipelines? from running/);
    await expect(
      dialog.getByRole('link', { name: `${project}/inline-build`, exact: true }),
    ).toHaveAttribute('href', `/pipelines/${pipeline.id}`);
    await expectNoA11yViolations(page, { include: DIALOG });

    await dialog.getByRole('button', { name: 'Turn off', exact: true }).click();
    await expect(dialog).toBeHidden();
    await dismissToast(page, 'Inline definitions turned off');
    await expect(sources.switch('Inline editor')).not.toBeChecked();
    await expect(sources.shown('Last changed by')).toContainText(`${ADMIN.name}, `);
    const saved = expectOk(await apiClient(page.request).GET('/api/settings/pipeline-sources'));
    expect(saved).toMatchObject({ inline: false, git: true, url: true });

    // The pipeline cannot run, and says why.
    await page.goto(`/pipelines/${pipeline.id}`);
    const runButton = page.getByRole('button', { name: 'Run', exact: true });
    await expect(runButton).toBeDisabled();
    await expect(page.getByRole('main')).toContainText(sourceDisabledReason('inline'));
    await expect(page.getByRole('main')).toContainText('turned off');

    // Turning it on again saves at once and lets the pipeline run.
    await sources.goto();
    await sources.switch('Inline editor').click();
    await expect(sources.turnOffDialog('Turn off inline definitions?')).toBeHidden();
    await expect(sources.switch('Inline editor')).toBeChecked();
    await dismissToast(page, 'Inline definitions turned on');

    await page.goto(`/pipelines/${pipeline.id}`);
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  } finally {
    await setSources(page.request, { inline: true, git: true, url: true });
  }
});
