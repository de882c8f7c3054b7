import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';
import { etagOf } from '../server/contract/versions';
import { api, expect, expectNoA11yViolations, SIGNED_OUT, test } from './fixtures';
import { ImpactDialog } from './permissions-page';
import { PipelinePage, PipelinesPage } from './pipelines-page';
import { AppShell, SignInPage } from './pages';
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
  await expectNoA11yViolations(page);
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
  const current = await page.request.get(`/api/pipelines/${id}`);
  const { version } = (await current.json()) as { version: number };
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === CSRF_COOKIE)!;
  const theirs = await page.request.fetch(`/api/pipelines/${id}`, {
    method: 'PATCH',
    data: { name: 'deploy-eu' },
    headers: { 'If-Match': etagOf(version), [CSRF_HEADER]: csrf.value },
  });
  expect(theirs.status(), await theirs.text()).toBe(200);

  await pipeline.projectField.fill(`billing-${run}`);
  await pipeline.saveButton.click();
  await expect(page.getByText(`Someone else changed pipeline ${project}/${name}`)).toBeVisible();
  await expectNoA11yViolations(page);
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
  await expect(pipelines.tagsOf(`billing-${run}`, 'deploy-eu')).toHaveText(tag);
  await pipelines
    .row(`billing-${run}`, 'deploy-eu')
    .getByRole('link', { name: 'deploy-eu' })
    .click();

  await pipeline.deleteButton.click();
  const confirm = page.getByRole('dialog', { name: `Delete pipeline billing-${run}/deploy-eu?` });
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Delete pipeline', exact: true }).click();
  await expect(pipelines.heading).toBeVisible();
  await dismissToast(page, `Pipeline billing-${run}/deploy-eu deleted`);
});

test('a user creates a pipeline their rules allow, may not tag it beyond their create rules, and is warned before a tag takes it out of sight', async ({
  page,
  browser,
}) => {
  const run = stamp();
  const person = { email: `linus-${run}@example.com`, name: `Linus ${run}`, password: PASSWORD };
  const personId = await api.addPerson(page.request, person);
  const project = `web-${run}`;
  const secret = `secret-${run}`;

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const userPage = await context.newPage();
    await userPage.goto('/');
    await new SignInPage(userPage).signIn(person);
    await expect(new AppShell(userPage).navigation).toBeVisible();
    const pipelines = new PipelinesPage(userPage);
    const pipeline = new PipelinePage(userPage);
    await expect(pipelines.heading).toBeVisible();

    // The default rules let everyone create pipelines without tags, and no others.
    await pipelines.newButton.click();
    await pipelines.create({ name: 'build', project, tags: [secret] });
    await expect(pipelines.newDialog.getByRole('alert')).toContainText(
      `You need the create privilege for pipelines tagged ${secret}`,
    );
    await expectNoA11yViolations(userPage);
    await pipelines.newDialog.getByRole('button', { name: secret, exact: true }).focus();
    await userPage.keyboard.press('Backspace');
    await pipelines.newDialog.getByRole('button', { name: 'Create pipeline', exact: true }).click();
    await expect(pipeline.heading(project, 'build')).toBeVisible();
    await expect(pipeline.yourAccess).toContainText(
      'You may read, update, delete, run, approve and debug this pipeline',
    );
    await expect(pipeline.whoHasAccess).toHaveCount(0);
    await expectNoA11yViolations(userPage);

    // Nor may they give it that tag afterwards: the server's refusal shows before saving.
    await pipeline.editTags.click();
    const editor = pipeline.editor(project, 'build');
    await editor.addTag(secret);
    await expect(editor.dialog.getByRole('alert')).toContainText(
      `Adding ${secret} would leave ${project}/build tagged ${secret}, which no create rule of your teams allows`,
    );
    await expect(editor.save).toBeDisabled();
    await expectNoA11yViolations(userPage);
    await editor.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

    // An administrator lets a team of theirs create pipelines tagged so.
    const team = await api.send(page.request, 'POST', '/api/teams', {
      name: `taggers-${run}`,
      memberIds: [personId],
    });
    expect(team.status(), await team.text()).toBe(201);
    const { id: teamId } = (await team.json()) as { id: string };
    const rule = await api.send(page.request, 'POST', '/api/rules', {
      teamId,
      resourceType: 'pipeline',
      privileges: ['create'],
      tags: [secret],
    });
    expect(rule.status(), await rule.text()).toBe(201);

    // Now it is theirs to add, and they are told before saving that it takes the pipeline away.
    await pipeline.editTags.click();
    await editor.addTag(secret);
    await expect(editor.dialog.getByRole('alert')).toContainText(
      `After this change you could no longer see pipeline ${project}/build`,
    );
    await expectNoA11yViolations(userPage);
    await editor.save.click();
    await dismissToast(
      userPage,
      `Tags of pipeline ${project}/build saved. The rules of your teams no longer let you see it.`,
    );
    await expect(pipelines.heading).toBeVisible();
    await pipelines.searchFor(run);
    await expect(userPage.getByText('No pipeline matches')).toBeVisible();
  } finally {
    await context.close();
  }

  // An administrator still sees it, with the tag that took it out of the person's sight.
  const pipelines = new PipelinesPage(page);
  await pipelines.goto(`?q=${run}`);
  await expect(pipelines.tagsOf(project, 'build')).toHaveText(secret);
});

test('pages through a long list and shows more rows per page', async ({ page }) => {
  const project = `paging-${stamp()}`;
  for (let index = 1; index <= 23; index += 1) {
    const name = `build-${String(index).padStart(2, '0')}`;
    const created = await api.send(page.request, 'POST', '/api/pipelines', { name, project });
    expect(created.status(), await created.text()).toBe(201);
  }
  const pipelines = new PipelinesPage(page);
  const next = page.getByRole('button', { name: 'Go to next page', exact: true });
  const previous = page.getByRole('button', { name: 'Go to previous page', exact: true });

  await pipelines.goto(`?project=${project}`);
  await expect(page.getByText('1–20 of 23', { exact: true })).toBeVisible();
  await expect(pipelines.table.getByRole('row')).toHaveCount(21); // the header row, 20 pipelines
  await expect(previous).toBeDisabled();
  await expectNoA11yViolations(page);

  await next.click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByText('21–23 of 23', { exact: true })).toBeVisible();
  await expect(pipelines.table.getByRole('link', { name: 'build-23', exact: true })).toBeVisible();
  // Next is disabled on the last page: the focus moves on instead of dropping to the page.
  await expect(next).toBeDisabled();
  await expect(previous).toBeFocused();

  await page.getByRole('combobox', { name: 'Rows per page:' }).selectOption('50');
  await expect(page).toHaveURL(/[?&]pageSize=50/);
  await expect(page.getByText('1–23 of 23', { exact: true })).toBeVisible();
  await expect(pipelines.table.getByRole('row')).toHaveCount(24);
});
