import {
  apiClient,
  DIALOG,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { AppShell, SignInPage } from './pages';
import { AcceptInvitationPage, PeoplePage } from './people-page';

const PASSWORD = 'a long enough passphrase';
const unique = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('invites a person, who accepts the invitation and signs in', async ({ page, browser }) => {
  const email = `${unique('invitee')}@example.com`;
  const people = new PeoplePage(page);
  await people.goto();
  await expect(people.heading).toBeVisible();
  await expectNoA11yViolations(page);

  await people.inviteButton.click();
  await expect(people.inviteDialog).toBeVisible();
  await expectNoA11yViolations(page, { include: DIALOG });
  await people.inviteDialog.getByRole('button', { name: 'Cancel' }).click();
  const links = await people.invite([email]);
  await expect(people.inviteDialog.getByText('1 person invited.')).toBeVisible();
  await people.inviteDialog.getByRole('button', { name: 'Done' }).click();

  await people.search.fill(email);
  await expect(people.row(email.split('@')[0]!).getByText('Invited')).toBeVisible();

  // The invited person, in a browser of their own.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const invitee = await context.newPage();
    const acceptPage = new AcceptInvitationPage(invitee);
    await invitee.goto(links[email]!);
    await expect(acceptPage.heading).toBeVisible();
    await expect(invitee.getByText(`as ${email}`)).toBeVisible();
    await expectNoA11yViolations(invitee);
    await acceptPage.accept({ name: 'Katherine Johnson', password: PASSWORD });

    const signIn = new SignInPage(invitee);
    await expect(signIn.heading).toBeVisible();
    await expect(invitee.getByRole('status')).toContainText('Your password is set');
    await expect(invitee.getByRole('textbox', { name: 'Email', exact: true })).toHaveValue(email);
    await invitee.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Sign in', exact: true }).click();

    const shell = new AppShell(invitee);
    await expect(shell.navigation).toBeVisible();
    await expect(invitee.getByRole('banner')).toContainText('Katherine Johnson');
    await expect(shell.navigation.getByRole('link', { name: 'People' })).toHaveCount(0);

    // The link is used up.
    await invitee.goto(links[email]!);
    await expect(invitee.getByRole('alert')).toContainText('already been used');
  } finally {
    await context.close();
  }

  await page.reload();
  await expect(people.row('Katherine Johnson').getByText('Active')).toBeVisible();
});

test('a person’s matrix: an administrator opens a person and sees, on focus, the rule through which they read a pipeline', async ({
  page,
}) => {
  const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const name = `Grace ${run}`;
  const admin = apiClient(page.request);
  // Invited is enough: what they may do does not wait for them to accept.
  const { id: personId } = expectOk(
    await admin.POST('/api/users', {
      body: { email: `grace-${run}@example.com`, name, level: 'user' },
    }),
  );
  const team = `readers-${run}`;
  const tag = `matrix-${run}`;
  const { id: teamId } = expectOk(
    await admin.POST('/api/teams', { body: { name: team, memberIds: [personId] } }),
  );
  const { number } = expectOk(
    await admin.POST('/api/rules', {
      body: { teamId, resourceType: 'pipeline', privileges: ['read'], tags: [tag] },
    }),
  );
  expectOk(
    await admin.POST('/api/pipelines', {
      body: { name: `deploy-${run}`, project: 'matrix', tags: [tag] },
    }),
  );

  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(name);
  await people.search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=Grace/);
  await people.row(name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const matrix = page.getByRole('table', { name: `What ${name} holds on pipelines` });
  const row = matrix
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: `matrix/deploy-${run}` }) });
  await expect(row.getByRole('cell').first()).toContainText('Held');
  // By keyboard: from the pipeline's link, Tab reaches its read mark.
  await row.getByRole('link').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tooltip')).toContainText(
    `Held through rule ${number}: Team ${team} can read pipelines tagged ${tag}.`,
  );
  await expectNoA11yViolations(page);
});
