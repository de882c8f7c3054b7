import { api, DIALOG, expect, expectNoA11yViolations, SIGNED_OUT, test } from './fixtures';
import { AuditLogPage } from './audit-log-page';
import { AppShell, ProfilePage, SignInPage } from './pages';
import { PeoplePage } from './people-page';

const FIRST_PASSWORD = 'the first long passphrase';
const NEW_PASSWORD = 'a second and better passphrase';
const unique = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('an administrator issues a reset link; the person sets a new password with it and signs in', async ({
  page,
  browser,
}) => {
  const name = unique('Ada');
  const email = `${name.toLowerCase()}@example.com`;
  await api.addPerson(page.request, { email, name, password: FIRST_PASSWORD });

  const people = new PeoplePage(page);
  await people.goto();
  await people.search.fill(email);
  await expect(people.row(name).getByText('Active')).toBeVisible();
  await people.openActions(name);
  await page.getByRole('menuitem', { name: 'Password reset link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Password reset link' });
  const field = dialog.getByRole('textbox', { name: `Password reset link for ${email}` });
  await expect(field).toHaveValue(/\/reset-password#/);
  const link = await field.inputValue();
  await expectNoA11yViolations(page, { include: DIALOG });
  await dialog.getByRole('button', { name: 'Done' }).click();

  // The person, in a browser of their own.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const person = await context.newPage();
    // This server has no SMTP settings: "Forgot your password?" sends people to an administrator.
    await person.goto('/sign-in');
    await person.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(
      person.getByRole('heading', { level: 1, name: 'Reset your password' }),
    ).toBeVisible();
    await expect(
      person.getByText(/Ask an administrator of your account for a password reset link/),
    ).toBeVisible();
    await expectNoA11yViolations(person);

    await person.goto(link);
    await expect(
      person.getByRole('heading', { level: 1, name: 'Choose a new password' }),
    ).toBeVisible();
    await expectNoA11yViolations(person);
    await person.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
    await person.getByRole('button', { name: 'Set password', exact: true }).click();
    await expect(person.getByRole('status')).toContainText('Your new password is set');
    await person.getByRole('link', { name: 'Go to sign-in' }).click();

    const signIn = new SignInPage(person);
    await expect(signIn.heading).toBeVisible();
    await signIn.signIn({ email, password: FIRST_PASSWORD });
    await expect(signIn.alert).toContainText('The email or password is not right.');
    await signIn.signIn({ email, password: NEW_PASSWORD });
    await expect(new AppShell(person).navigation).toBeVisible();

    // The link is used up.
    await person.goto(link);
    await person.getByRole('textbox', { name: 'New password', exact: true }).fill(FIRST_PASSWORD);
    await person.getByRole('button', { name: 'Set password', exact: true }).click();
    await expect(person.getByRole('alert')).toContainText('already been used');
  } finally {
    await context.close();
  }
});

test('a person changes their own password and signs in with the new one', async ({
  page,
  browser,
}) => {
  const name = unique('Grace');
  const email = `${name.toLowerCase()}@example.com`;
  await api.addPerson(page.request, { email, name, password: FIRST_PASSWORD });

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const person = await context.newPage();
    await person.goto('/sign-in');
    const signIn = new SignInPage(person);
    await signIn.signIn({ email, password: FIRST_PASSWORD });
    const shell = new AppShell(person);
    await expect(shell.navigation).toBeVisible();
    await shell.goToProfile();
    await expect(new ProfilePage(person).heading).toBeVisible();

    const form = person.getByRole('form', { name: 'Change password' });
    await form.getByRole('textbox', { name: 'Current password' }).fill('not my password at all');
    await form.getByRole('textbox', { name: 'New password' }).fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByText('That is not your current password.')).toBeVisible();

    await form.getByRole('textbox', { name: 'Current password' }).fill(FIRST_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('status')).toContainText('Your password has been changed.');
    await expectNoA11yViolations(person);

    await shell.signOut();
    await expect(signIn.heading).toBeVisible();
    await signIn.signIn({ email, password: FIRST_PASSWORD });
    await expect(signIn.alert).toContainText('The email or password is not right.');
    await signIn.signIn({ email, password: NEW_PASSWORD });
    await expect(shell.navigation).toBeVisible();
  } finally {
    await context.close();
  }

  // The administrator finds the change in the audit log, made by the person themselves.
  const audit = new AuditLogPage(page);
  await audit.goto('?action=user.password-changed');
  await expect(audit.table.getByRole('row', { name: new RegExp(name) }).first()).toContainText(
    'Changed their password',
  );
});
