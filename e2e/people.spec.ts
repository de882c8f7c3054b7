import { api, expect, expectNoA11yViolations, SIGNED_OUT, test } from './fixtures';
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
  await expectNoA11yViolations(page);
  await people.inviteDialog.getByRole('button', { name: 'Cancel' }).click();
  const links = await people.invite([email]);
  await expect(people.inviteDialog.getByText('1 person invited.')).toBeVisible();
  await expectNoA11yViolations(page);
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
    await expectNoA11yViolations(invitee);
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

test('a person with user level cannot reach the People screen by its address', async ({ page }) => {
  const person = { email: `${unique('user')}@example.com`, name: 'Linus User', password: PASSWORD };
  await api.addPerson(page.request, person);
  // From here on this browser is the new person's, not the administrator's.
  await page.context().clearCookies();
  await api.signIn(page.request, person);

  await page.goto('/admin/people');
  await expect(page.getByRole('heading', { level: 1, name: 'Administrators only' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'People' })).toHaveCount(0);
  await expect(new AppShell(page).navigation.getByRole('link', { name: 'People' })).toHaveCount(0);
  await expectNoA11yViolations(page);
  // Not only hidden: the server refuses the API too.
  expect((await page.request.get('/api/users')).status()).toBe(403);
});

test("changes a person's access level and SSO provider from the row, and undoes a change", async ({
  page,
}) => {
  const name = unique('Grace');
  await api.addPerson(page.request, {
    email: `${name.toLowerCase()}@example.com`,
    name,
    password: PASSWORD,
  });
  const provider = unique('Okta');
  const created = await api.send(page.request, 'POST', '/api/sso-providers', {
    type: 'oidc',
    name: provider,
    issuerUrl: 'https://okta.example/oauth2/default',
    clientId: 'perimeter',
    clientSecret: 'e2e-client-secret',
  });
  expect(created.status()).toBe(201);
  const { id: providerId } = (await created.json()) as { id: string };

  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(name);
  await expect(people.levelOf(name)).toHaveValue('user');

  await people.levelOf(name).selectOption('Administrator');
  await expect(page.getByText(`${name} is now an administrator`)).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(people.levelOf(name)).toHaveValue('user');
  await expect(page.getByText(`${name} is now a user`)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();

  await people.ssoProviderOf(name).selectOption(provider);
  await expect(page.getByText(`${name} signs in with ${provider}`)).toBeVisible();
  await page.reload();
  await expect(people.ssoProviderOf(name)).toHaveValue(providerId);
});

test('removes a person after a confirmation that names them', async ({ page }) => {
  const name = unique('Alan');
  await api.addPerson(page.request, {
    email: `${name.toLowerCase()}@example.com`,
    name,
    password: PASSWORD,
  });
  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(name);
  await people.openActions(name);
  await page.getByRole('menuitem', { name: 'Remove from account' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${name}?` });
  await expect(dialog).toContainText('loses access');
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByText(`${name} removed from the account`)).toBeVisible();
  await expect(people.row(name)).toHaveCount(0);
});
