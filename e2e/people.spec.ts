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

test("browses a person's access level by keyboard without saving, asks before making them an administrator, and undoes it", async ({
  page,
}) => {
  const name = unique('Grace');
  const email = `${name.toLowerCase()}@example.com`;
  await api.addPerson(page.request, { email, name, password: PASSWORD });
  const levelNow = async () => {
    const res = await page.request.get(`/api/users?q=${encodeURIComponent(email)}`);
    const { items } = (await res.json()) as { items: { level: string }[] };
    return items[0]!.level;
  };

  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(name);
  await expect(people.levelOf(name)).toHaveAccessibleName(`Access level of ${name}: User`);

  // Arrow keys open the menu and move through the levels; nothing is chosen, nothing saved.
  await people.levelOf(name).focus();
  await page.keyboard.press('ArrowDown');
  const menu = people.menu(`Access level of ${name}`);
  await expect(menu.getByRole('menuitemradio', { name: 'User' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: 'Administrator' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await expectNoA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(people.levelOf(name)).toBeFocused();
  expect(await levelNow()).toBe('user');

  // Choosing Administrator with Enter asks first, naming the person and what they gain.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Make ${name} an administrator?` });
  await expect(dialog).toContainText(
    `${name} (${email}) will hold every privilege on every cluster and pipeline`,
  );
  await expectNoA11yViolations(page);
  // Cancel has the focus: Enter there saves nothing.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(await levelNow()).toBe('user');

  await people.levelOf(name).click();
  await menu.getByRole('menuitemradio', { name: 'Administrator' }).click();
  await dialog.getByRole('button', { name: 'Make administrator' }).click();
  await expect(page.getByText(`${name} is now an administrator`)).toBeVisible();
  expect(await levelNow()).toBe('administrator');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(people.levelOf(name)).toHaveAccessibleName(`Access level of ${name}: User`);
  await expect(page.getByText(`${name} is now a user`)).toBeVisible();
  expect(await levelNow()).toBe('user');
});

test("asks before changing a person's SSO provider, naming the provider", async ({ page }) => {
  const name = unique('Hedy');
  const email = `${name.toLowerCase()}@example.com`;
  await api.addPerson(page.request, { email, name, password: PASSWORD });
  const provider = unique('Okta');
  const created = await api.send(page.request, 'POST', '/api/sso-providers', {
    type: 'oidc',
    name: provider,
    issuerUrl: 'https://okta.example/oauth2/default',
    clientId: 'perimeter',
    clientSecret: 'e2e-client-secret',
  });
  expect(created.status()).toBe(201);

  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(name);
  await people.ssoProviderOf(name).click();
  await people
    .menu(`SSO provider of ${name}`)
    .getByRole('menuitemradio', { name: provider })
    .click();
  const dialog = page.getByRole('dialog', { name: `Have ${name} sign in with ${provider}?` });
  await expect(dialog).toContainText(`whoever ${provider} vouches for as ${email} signs in as`);
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Change SSO provider' }).click();
  await expect(page.getByText(`${name} signs in with ${provider}`)).toBeVisible();
  await page.reload();
  await expect(people.ssoProviderOf(name)).toHaveAccessibleName(
    `SSO provider of ${name}: ${provider}`,
  );
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
