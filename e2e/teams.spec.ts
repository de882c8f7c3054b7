import { ADMIN } from './accounts';
import { api, expect, expectNoA11yViolations, test } from './fixtures';
import { AppShell } from './pages';
import { dismissToast, TeamPage, TeamsPage } from './teams-page';

const PASSWORD = 'a long enough passphrase';
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('create a team, add two people, rename it', async ({ page }) => {
  const run = stamp();
  const people = [
    { email: `alan-${run}@example.com`, name: 'Alan Turing', password: PASSWORD },
    { email: `katherine-${run}@example.com`, name: 'Katherine Johnson', password: PASSWORD },
  ];
  for (const person of people) await api.addPerson(page.request, person);
  const name = `e2e-${run}`;
  const renamed = `renamed-${run}`;
  const teams = new TeamsPage(page);
  const team = new TeamPage(page);

  await page.goto('/');
  await new AppShell(page).navigation.getByRole('link', { name: 'Teams', exact: true }).click();
  await expect(teams.heading).toBeVisible();
  await expect(teams.row('users')).toBeVisible();
  await expectNoA11yViolations(page);

  await teams.createButton.click();
  await expect(teams.createDialog).toBeVisible();
  // Checked as it is typed.
  await teams.newTeamName.fill('Release Managers');
  await expect(teams.createDialog.getByText(/Team names have no spaces/)).toBeVisible();
  await expectNoA11yViolations(page);
  await teams.newTeamName.fill(name);
  await teams.createDialog.getByRole('button', { name: 'Create team', exact: true }).click();

  await expect(team.heading(name)).toBeVisible();
  await dismissToast(page, `Team ${name} created`);
  await expect(page.getByText(`${name} has no members yet.`)).toBeVisible();
  await expectNoA11yViolations(page);

  // The picker asks the server as one types: search by the unique email of each person.
  await team.addPeople.fill(people[0]!.email);
  await expect(team.suggestion(people[0]!.email)).toBeVisible();
  await expectNoA11yViolations(page);
  await team.suggestion(people[0]!.email).click();
  await team.pick(people[1]!.email);
  await team.addButton.click();
  await dismissToast(page, `Added Alan Turing and Katherine Johnson to ${name}`);
  await expect(team.member(name, 'Alan Turing')).toBeVisible();
  await expect(team.member(name, 'Katherine Johnson')).toBeVisible();

  // Someone already in the team is shown as such and cannot be picked again.
  await team.addPeople.fill(people[0]!.email);
  await expect(team.suggestion(people[0]!.email)).toContainText(`already in ${name}`);
  await expect(team.suggestion(people[0]!.email)).toHaveAttribute('aria-disabled', 'true');
  await team.addPeople.press('Escape');

  await team.rename(renamed);
  await expect(team.heading(renamed)).toBeVisible();
  await dismissToast(page, `Team renamed to ${renamed}`);
  await expect(team.member(renamed, 'Alan Turing')).toBeVisible();
  await expectNoA11yViolations(page);

  // The list shows the new name with its two members.
  await team.breadcrumb.getByRole('link', { name: 'Teams', exact: true }).click();
  await expect(teams.heading).toBeVisible();
  await teams.search.fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  await expect(teams.row(renamed).getByRole('cell')).toHaveText('2');
  await expect(teams.row(name)).toHaveCount(0);
});

test('removes a member, then deletes the team after confirming', async ({ page }) => {
  const run = stamp();
  const person = { email: `grace-${run}@example.com`, name: 'Grace Hopper', password: PASSWORD };
  const personId = await api.addPerson(page.request, person);
  const name = `doomed-${run}`;
  const created = await api.send(page.request, 'POST', '/api/teams', {
    name,
    memberIds: [personId],
  });
  expect(created.status(), await created.text()).toBe(201);
  const teams = new TeamsPage(page);
  const team = new TeamPage(page);

  await teams.goto();
  await teams.search.fill(name);
  // The search reaches the address after a pause in typing; a click before then would be
  // overtaken by it.
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  await teams.row(name).getByRole('link', { name, exact: true }).click();
  await expect(team.heading(name)).toBeVisible();

  await team.removeButton(name, 'Grace Hopper').click();
  const removed = page.getByRole('status').filter({ hasText: `Grace Hopper removed from ${name}` });
  await expect(removed).toBeVisible();
  await expect(page.getByText(`${name} has no members yet.`)).toBeVisible();
  await removed.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(team.member(name, 'Grace Hopper')).toBeVisible();
  await dismissToast(page, `Grace Hopper is back in ${name}`);

  await team.deleteButton.click();
  await expect(team.confirmDialog).toBeVisible();
  await expect(team.confirmDialog).toContainText('Its one member stays in the account');
  await expectNoA11yViolations(page);
  await team.confirmDialog.getByRole('button', { name: 'Delete team', exact: true }).click();

  await expect(teams.heading).toBeVisible();
  await dismissToast(page, `Team ${name} deleted`);
  await teams.search.fill(name);
  await expect(page.getByText(`No team matches “${name}”.`)).toBeVisible();
});

test("a built-in team's page is read-only and says where its members come from", async ({
  page,
}) => {
  const teams = new TeamsPage(page);
  const team = new TeamPage(page);
  await teams.goto();
  await expect(teams.row('users').getByText('Built-in')).toBeVisible();
  await teams.row('admins').getByRole('link', { name: 'admins', exact: true }).click();

  await expect(team.heading('admins')).toBeVisible();
  await expect(page.getByText(/Every administrator is a member/)).toBeVisible();
  await expect(team.member('admins', ADMIN.name)).toBeVisible();
  await expect(team.teamName).toHaveCount(0);
  await expect(team.renameButton).toHaveCount(0);
  await expect(team.addPeople).toHaveCount(0);
  await expect(team.deleteButton).toHaveCount(0);
  await expect(team.members('admins').getByRole('button', { name: /^Remove / })).toHaveCount(0);
  await expectNoA11yViolations(page);

  await page.getByRole('link', { name: 'People screen', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/people$/);
});
