import { api, DIALOG, expect, expectNoA11yViolations, test } from './fixtures';
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
  await teams.newTeamName.fill(name);
  await expectNoA11yViolations(page, { include: DIALOG });
  await teams.createDialog.getByRole('button', { name: 'Create team', exact: true }).click();

  await expect(team.heading(name)).toBeVisible();
  await dismissToast(page, `Team ${name} created`);
  await expect(page.getByText(`${name} has no members yet.`)).toBeVisible();
  await expectNoA11yViolations(page);

  // The picker asks the server as one types: search by the unique email of each person.
  await team.addPeople.fill(people[0]!.email);
  await expect(team.suggestion(people[0]!.email)).toBeVisible();
  await team.suggestion(people[0]!.email).click();
  await team.pick(people[1]!.email);
  await team.addButton.click();
  await dismissToast(page, `Added Alan Turing and Katherine Johnson to ${name}`);
  await expect(team.member(name, 'Alan Turing')).toBeVisible();
  await expect(team.member(name, 'Katherine Johnson')).toBeVisible();

  await team.rename(renamed);
  await expect(team.heading(renamed)).toBeVisible();
  await dismissToast(page, `Team renamed to ${renamed}`);
  await expect(team.member(renamed, 'Alan Turing')).toBeVisible();

  // The list shows the new name with its two members.
  await team.breadcrumb.getByRole('link', { name: 'Teams', exact: true }).click();
  await expect(teams.heading).toBeVisible();
  await teams.search.fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  await expect(teams.row(renamed).getByRole('cell')).toHaveText('2');
  await expect(teams.row(name)).toHaveCount(0);
});
