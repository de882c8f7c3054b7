import { ADMIN } from './accounts';
import { expect, expectNoA11yViolations, SIGNED_OUT, test } from './fixtures';
import { AppShell, SetupPage, SignInPage } from './pages';
import { PipelinePage, PipelinesPage } from './pipelines-page';
import { PipelineEditorPage } from './pipeline-editor-page';

// The console behind a reverse proxy on a sub-path: the project's own server runs with
// BASE_PATH=/perimeter (playwright.config.ts), and its baseURL ends in `/perimeter/`, so the
// addresses below are relative to it. The page fixture fails the journey if the browser asked
// for anything outside `/perimeter/`: a script, a font, a worker, an API call.

const BASE = '/perimeter';

test.use({ storageState: SIGNED_OUT });

test('works end to end under a sub-path: sign-in, the screens, the editor, deep links, sign-out', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const at = (path: string) => new RegExp(`^${origin}${BASE}/${path}$`);
  const shell = new AppShell(page);
  const navigation = shell.navigation;

  // The server's empty database: the first administrator, as auth.setup.ts makes one at the root.
  await page.goto('./');
  const setup = new SetupPage(page);
  await expect(setup.heading).toBeVisible();
  await expect(page).toHaveURL(at('setup'));
  await setup.createAdministrator(ADMIN);
  await expect(navigation).toBeVisible();

  // Signed out, then in again: the session's cookies belong to the sub-path.
  await shell.signOut();
  const signIn = new SignInPage(page);
  await expect(signIn.heading).toBeVisible();
  await expect(page).toHaveURL(at('sign-in'));
  await signIn.signIn(ADMIN);
  const pipelines = new PipelinesPage(page);
  await expect(pipelines.heading).toBeVisible();
  await expect(page).toHaveURL(at('pipelines'));
  const cookies = await page.context().cookies();
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect(cookie.path, cookie.name).toBe(BASE);

  // The navigation's links stay under the sub-path.
  await navigation.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page).toHaveURL(at('admin/people'));
  await expect(page.getByRole('table', { name: 'People' })).toContainText(ADMIN.name);
  await expectNoA11yViolations(page);

  await navigation.getByRole('link', { name: 'Permissions', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Permissions' })).toBeVisible();
  await expect(page).toHaveURL(at('admin/permissions'));

  // A new pipeline, then its definition in the editor: Monaco's chunks and workers load from
  // the sub-path too.
  await navigation.getByRole('link', { name: 'Pipelines', exact: true }).click();
  await expect(pipelines.heading).toBeVisible();
  await pipelines.newButton.click();
  await pipelines.create({ name: 'deploy', project: 'proxied' });
  const pipeline = new PipelinePage(page);
  await expect(pipeline.heading('proxied', 'deploy')).toBeVisible();
  await expect(page).toHaveURL(at('pipelines/[\\w-]+'));

  const editor = new PipelineEditorPage(page, 'proxied/deploy');
  const worker = page.waitForEvent('worker');
  await page.getByRole('link', { name: 'Edit the definition' }).click();
  await expect(page).toHaveURL(at('pipelines/[\\w-]+/definition'));
  await expect(editor.editor).toBeAttached();
  expect((await worker).url()).toMatch(at('assets/[\\w.-]+\\.js'));

  // A deep link, reloaded: the server answers it with the console, which finds its way back.
  await page.reload();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Definition of proxied/deploy' }),
  ).toBeVisible();
  await expect(editor.editor).toBeAttached();
  await page.goto('admin/people');
  await expect(page.getByRole('table', { name: 'People' })).toContainText(ADMIN.name);

  await shell.signOut();
  await expect(signIn.heading).toBeVisible();
  await expect(page).toHaveURL(at('sign-in'));
});
