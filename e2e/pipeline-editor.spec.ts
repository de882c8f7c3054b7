import type { APIRequestContext, Page } from '@playwright/test';
import { SEED_PIPELINES } from '../server/contract/seed-pipelines';
import { apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { PipelineEditorPage } from './pipeline-editor-page';
import { dismissToast } from './teams-page';

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The integrations the seed pipelines name, made unless an earlier test made them. */
async function addSeedIntegrations(request: APIRequestContext) {
  const client = apiClient(request);
  for (const body of [
    {
      name: 'my-internal-git-provider',
      kind: 'github-enterprise',
      baseUrl: 'https://github-internal.example.com',
      onPremise: true,
      behindFirewall: true,
    },
    {
      name: 'my-internal-git-repo',
      kind: 'bitbucket-server',
      baseUrl: 'https://bitbucket.acme.internal',
      onPremise: true,
      behindFirewall: true,
    },
  ] as const) {
    const listed = expectOk(
      await client.GET('/api/git-providers', { params: { query: { q: body.name } } }),
    );
    if (listed.items.some((item) => item.name === body.name)) continue;
    expectOk(await client.POST('/api/git-providers', { body }));
  }
  const registry = {
    name: 'my-internal-docker-registry',
    domain: 'registry.acme.internal:5000',
    behindFirewall: true,
  };
  const listed = expectOk(
    await client.GET('/api/registries', { params: { query: { q: registry.name } } }),
  );
  if (!listed.items.some((item) => item.name === registry.name)) {
    expectOk(await client.POST('/api/registries', { body: registry }));
  }
}

async function addPipeline(request: APIRequestContext, project: string, yaml: string) {
  const created = await apiClient(request).POST('/api/pipelines', {
    body: { name: 'seed', project, source: { type: 'inline', yaml } },
  });
  return expectOk(created).id;
}

async function storedDefinition(request: APIRequestContext, id: string) {
  const pipeline = expectOk(
    await apiClient(request).GET('/api/pipelines/{id}', { params: { path: { id } } }),
  );
  if (pipeline.source.type !== 'inline') throw new Error('The seed pipeline is not inline.');
  return { version: pipeline.version, yaml: pipeline.source.yaml };
}

/**
 * Opens the save dialog and saves through the diff (a stale version opens the merge view);
 * `scan`: the dialog's accessibility check, once in the suite.
 */
async function saveThroughDiff(page: Page, editor: PipelineEditorPage, { scan = false } = {}) {
  await editor.saveButton.click();
  await expect(editor.saveDialog).toBeVisible();
  await expect(editor.saveDialog.getByTestId('diff-view')).toBeVisible();
  if (scan) await expectNoA11yViolations(page, { include: DIALOG });
  await editor.saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
}

test.beforeAll(async ({ request }) => {
  await addSeedIntegrations(request);
});

test('open a seed pipeline with no problem, add a push step picking the registry from the completions, fix an unknown registry with the quick fix, keep the edit across a reload, and save through the diff', async ({
  page,
}) => {
  const project = `editor-${stamp()}`;
  const pipelineId = await addPipeline(page.request, project, SEED_PIPELINES.cloneBuildAndPush);
  const editor = new PipelineEditorPage(page, `${project}/seed`);

  await page.goto(`/pipelines/${pipelineId}`);
  await page.getByRole('link', { name: 'Edit the definition', exact: true }).click();
  await expect(editor.editor).toBeAttached();
  await expect(editor.problems).toContainText('No problems found in the definition.');
  await expectNoA11yViolations(page);

  // The schema documents each field on hover.
  await page
    .locator('.view-line')
    .filter({ hasText: 'image_name: my-image' })
    .getByText('image_name')
    .hover();
  await expect(
    page.locator('.monaco-hover').filter({ hasText: 'The name of the image to build' }),
  ).toBeVisible();

  // A push step whose registry comes from the account's names.
  await editor.focusEnd();
  await editor.paste(
    [
      '  PushToRelease:',
      '    type: push',
      "    candidate: '${{BuildingDockerImage}}'",
      '    tag: release',
      '    registry: ',
    ].join('\n'),
  );
  await page.keyboard.press('Control+Space');
  await expect(editor.suggestion('my-internal-docker-registry')).toBeVisible();
  // Typing filters the list down to the one name; Enter takes it.
  await page.keyboard.type('my-internal-d');
  await expect(editor.suggestions).toHaveCount(1);
  await page.keyboard.press('Enter');

  // A second one with a misspelt registry: marked, and fixed by the quick fix.
  await page.keyboard.press('End');
  await editor.paste(
    [
      '',
      '  PushAgain:',
      '    type: push',
      "    candidate: '${{BuildingDockerImage}}'",
      '    registry: my-internal-docker-registy',
    ].join('\n'),
  );
  await page.keyboard.press('Escape');
  const unknown = editor.problem(/No registry named my-internal-docker-registy/);
  await expect(unknown).toBeVisible();
  await expect(unknown).toContainText('my-internal-docker-registry');
  await unknown.click();
  await page.keyboard.press('Control+.');
  await expect(page.getByText('Change to my-internal-docker-registry')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(unknown).toBeHidden();
  await expect(editor.problems).toContainText('No problems found in the definition.');

  // The schema's own markers, from monaco-yaml's worker: an unknown field of a push step.
  await page.keyboard.press('End');
  await editor.paste('\n    imag: web');
  await expect(editor.problem(/Property imag is not allowed/)).toBeVisible();
  await page.keyboard.press('Control+Z');
  await expect(editor.problems).toContainText('No problems found in the definition.');

  // The edit survives a reload (leaving asks first: the browser's own prompt, accepted here).
  page.once('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByText(/Your unsaved changes from .* are back in the editor/)).toBeVisible();

  await saveThroughDiff(page, editor, { scan: true });
  await dismissToast(page, `Definition of ${project}/seed saved as version 2`);
  const stored = await storedDefinition(page.request, pipelineId);
  expect(stored.version).toBe(2);
  expect(stored.yaml).toContain('  PushToRelease:\n    type: push');
  expect(stored.yaml).toContain('    registry: my-internal-docker-registry\n  PushAgain:');
  expect(stored.yaml).not.toContain('registy');
});

test('a save from a second tab comes first: the stale save opens the merge view, and the merged result is saved through the diff', async ({
  page,
}) => {
  const project = `editor-merge-${stamp()}`;
  const pipelineId = await addPipeline(page.request, project, SEED_PIPELINES.cloneAndBuild);
  const name = `${project}/seed`;
  const first = new PipelineEditorPage(page, name);
  await first.goto(pipelineId);

  // The second tab adds a field to the build step and saves.
  const otherPage = await page.context().newPage();
  const second = new PipelineEditorPage(otherPage, name);
  await second.goto(pipelineId);
  await otherPage.bringToFront();
  await second.focusEnd();
  await otherPage.keyboard.insertText('    no_cache: true');
  await otherPage.keyboard.press('Escape');
  await saveThroughDiff(otherPage, second);
  await dismissToast(otherPage, `Definition of ${name} saved as version 2`);
  await otherPage.close();

  // The first tab, still on version 1, changes the clone step's description.
  await page.bringToFront();
  await first.editor.focus();
  await page.keyboard.press('Control+Home');
  for (let line = 1; line < 5; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.insertText(' (cloned first)');
  await page.keyboard.press('Escape');
  await first.saveButton.click();
  // Either the save is refused as stale (412), or the page already knows of version 2.
  const saveDialog = first.saveDialog;
  await expect(saveDialog.or(first.mergeDialog)).toBeVisible();
  if (await saveDialog.isVisible()) {
    await saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
  }

  const merge = first.mergeDialog;
  await expect(merge).toBeVisible();
  await expect(
    merge.getByRole('region', { name: /Their changes \(version 1 → 2\)/ }),
  ).toBeVisible();
  await expect(merge.getByRole('region', { name: /Your changes/ })).toBeVisible();
  await expect(merge).toContainText('Both sets of changes merged without overlap');
  await expectNoA11yViolations(page, { include: DIALOG });
  await merge.getByRole('button', { name: 'Use the result', exact: true }).click();
  await dismissToast(page, 'Merged with version 2');

  await saveThroughDiff(page, first);
  await dismissToast(page, `Definition of ${name} saved as version 3`);
  const stored = await storedDefinition(page.request, pipelineId);
  expect(stored.version).toBe(3);
  expect(stored.yaml).toContain('description: Step description (cloned first)');
  expect(stored.yaml).toContain('    no_cache: true');
});

test('restoring a version: the history compares two saves in the diff editor, and restores the first as a new version that the editor shows', async ({
  page,
}) => {
  const project = `editor-history-${stamp()}`;
  const pipelineId = await addPipeline(page.request, project, SEED_PIPELINES.cloneAndBuild);
  const name = `${project}/seed`;
  // Two more saves (the editor's own saves are the journeys above).
  const client = apiClient(page.request);
  for (const [version, image] of [
    [1, 'second-image'],
    [2, 'third-image'],
  ] as const) {
    expectOk(
      await client.PATCH('/api/pipelines/{id}', {
        params: { path: { id: pipelineId }, header: { 'if-match': `"${version}"` } },
        body: {
          source: {
            type: 'inline',
            yaml: SEED_PIPELINES.cloneAndBuild.replace('my-image', image),
          },
        },
      }),
    );
  }

  await page.goto(`/pipelines/${pipelineId}`);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `History of ${name}` })).toBeVisible();
  const versions = page.getByRole('table', { name: 'Saved versions' });
  await expect(versions.getByRole('row')).toHaveCount(4);
  // The newest beside the one before, in Monaco's diff editor; then the first beside it.
  const diff = page.getByTestId('diff-view');
  await expect(diff).toContainText('third-image');
  await page.getByLabel('From').selectOption('1');
  await expect(diff).toContainText('my-image');

  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  const confirm = page.getByRole('dialog', { name: `Restore version 1 of ${name}?` });
  await confirm.getByRole('button', { name: 'Restore this version' }).click();
  await dismissToast(page, `Version 1 of ${name} restored as a new version`);
  await expect(versions.getByRole('row').nth(1)).toContainText('4 (newest)');

  const editor = new PipelineEditorPage(page, name);
  await editor.goto(pipelineId);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('my-image');
  expect((await storedDefinition(page.request, pipelineId)).yaml).toBe(
    SEED_PIPELINES.cloneAndBuild,
  );
});
