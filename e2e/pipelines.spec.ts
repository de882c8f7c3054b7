import { etagOf } from '../server/contract/versions';
import { api, apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { ImpactDialog } from './permissions-page';
import { PipelinePage, PipelinesPage } from './pipelines-page';
import { dismissToast } from './teams-page';

const PASSWORD = 'a long enough passphrase';
// Names and tags of this run only: other journeys add pipelines and rules in the same account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('create a pipeline, move it, tag it, lose a race to someone else without losing their change, delete it', async ({
  page,
}) => {
  const run = stamp();
  const project = `payments-${run}`;
  const name = 'deploy';
  const tag = `production-${run}`;
  const pipelines = new PipelinesPage(page);
  const pipeline = new PipelinePage(page);
  // Someone who is not an administrator, so that the first tag takes the pipeline from someone
  // (the account may hold only administrators when this journey runs first).
  await api.addPerson(page.request, {
    email: `member-${run}@example.com`,
    name: `Member ${run}`,
    password: PASSWORD,
  });

  // The first screen after sign-in.
  await page.goto('/');
  await expect(pipelines.heading).toBeVisible();
  await expectNoA11yViolations(page);

  await pipelines.newButton.click();
  await expect(pipelines.newDialog).toBeVisible();
  await expectNoA11yViolations(page, { include: DIALOG });
  await pipelines.create({ name, project });
  await expect(pipeline.heading(project, name)).toBeVisible();
  await dismissToast(page, `Pipeline ${project}/${name} created`);
  await expect(pipeline.yourAccess).toContainText('As an administrator you hold every privilege');
  await expect(pipeline.whoHasAccess).toContainText('Team users can');
  await expectNoA11yViolations(page);

  // Tagging it takes it out of the default rule for untagged pipelines.
  await pipeline.editTags.click();
  const editor = pipeline.editor(project, name);
  await editor.addTag(tag);
  await editor.save.click();
  const impact = new ImpactDialog(page, `Change the tags of pipeline ${project}/${name}?`);
  await expect(impact.dialog).toContainText(`on pipeline ${project}/${name} from`);
  await impact.understood.check();
  await impact.button('Save tags').click();
  await dismissToast(page, `Tags of pipeline ${project}/${name} saved`);
  await expect(pipeline.tags(project, name)).toHaveText(tag);

  // Someone else renames it while this page is open (through the API, as another client).
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const someoneElse = apiClient(page.request);
  const path = { id };
  const { version } = expectOk(await someoneElse.GET('/api/pipelines/{id}', { params: { path } }));
  expectOk(
    await someoneElse.PATCH('/api/pipelines/{id}', {
      params: { path, header: { 'if-match': etagOf(version) } },
      body: { name: 'deploy-eu' },
    }),
  );

  await pipeline.projectField.fill(`billing-${run}`);
  await pipeline.saveButton.click();
  await expect(page.getByText(`Someone else changed pipeline ${project}/${name}`)).toBeVisible();
  await pipeline.reloadButton.click();
  await expect(pipeline.heading(project, 'deploy-eu')).toBeVisible();
  await expect(pipeline.nameField).toHaveValue('deploy-eu');
  await expect(pipeline.projectField).toHaveValue(`billing-${run}`);
  await pipeline.saveButton.click();
  await dismissToast(page, `Pipeline saved as billing-${run}/deploy-eu`);

  // The list finds it by its new project.
  await pipeline.breadcrumb.getByRole('link', { name: 'Pipelines', exact: true }).click();
  await pipelines.projectFilter.fill(`billing-${run}`);
  await expect(page).toHaveURL(new RegExp(`project=billing-${run}`));
  // The filter's answer, not the unfiltered rows still shown (out of reach) while it loads: the
  // header and this one pipeline.
  await expect(pipelines.table.getByRole('row')).toHaveCount(2);
  await expect(pipelines.tagsOf(`billing-${run}`, 'deploy-eu')).toHaveText(tag);
  await pipelines
    .row(`billing-${run}`, 'deploy-eu')
    .getByRole('link', { name: 'deploy-eu' })
    .click();

  await pipeline.deleteButton.click();
  const confirm = page.getByRole('dialog', { name: `Delete pipeline billing-${run}/deploy-eu?` });
  await confirm.getByRole('button', { name: 'Delete pipeline', exact: true }).click();
  await expect(pipelines.heading).toBeVisible();
  await dismissToast(page, `Pipeline billing-${run}/deploy-eu deleted`);
});
