import { api, apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { PermissionsPage } from './permissions-page';
import { dismissToast } from './teams-page';

const PASSWORD = 'a long enough passphrase';
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('write a rule with the builder, filter, edit it, check access and delete it', async ({
  page,
}) => {
  // Names of this run only: other journeys write rules and clusters in the same account.
  const run = stamp();
  const person = {
    email: `katherine-${run}@example.com`,
    name: `Katherine ${run}`,
    password: PASSWORD,
  };
  const personId = await api.addPerson(page.request, person);
  const team = `qa-${run}`;
  const tag = `stage-${run}`;
  const clusterName = `staging-${run}`;
  const admin = apiClient(page.request);
  expectOk(await admin.POST('/api/teams', { body: { name: team, memberIds: [personId] } }));
  expectOk(await admin.POST('/api/clusters', { body: { name: clusterName, tags: [tag] } }));
  const permissions = new PermissionsPage(page);

  await permissions.goto();
  // The defaults of a new account (P-2.8), as a sentence.
  await expect(permissions.row('Team users can read, update clusters without tags.')).toBeVisible();
  await expectNoA11yViolations(page);

  // Write: team qa-… can update clusters tagged stage-….
  await permissions.writeRule.click();
  const builder = permissions.builder();
  await expect(builder.dialog).toBeVisible();
  await expect(builder.dialog.getByText(/The admins team is not offered/)).toBeVisible();
  await builder.chooseTeam(team);
  await expect(builder.privilege('create (administrators only)')).toBeDisabled();
  await builder.privilege('update').check();
  await expect(builder.privilege('read')).toBeChecked();
  await expect(builder.privileges).toContainText('Also granted: read, implied by update');
  await builder.addTag(tag);
  await expect(builder.sentence).toContainText(`Team ${team} can update clusters tagged ${tag}.`);
  await expectNoA11yViolations(page, { include: DIALOG });
  await builder.save.click();

  const saving = permissions.impact('Save this rule?');
  await expect(saving.gains).toBeVisible();
  await expect(saving.dialog).toContainText(
    `Gives read, update on cluster ${clusterName} to 1 person`,
  );
  await expect(saving.dialog).toContainText(`People: ${person.name}`);
  await expect(saving.understood).toHaveCount(0);
  await saving.button('Save rule').click();
  await dismissToast(page, `Team ${team} can update clusters tagged ${tag}.`);
  await expect(builder.dialog).toBeHidden();

  // Filter down to this team's rules, then by privilege: all of it in the address.
  await permissions.filterByTeam(team);
  await expect(page).toHaveURL(/teamId=/);
  const row = permissions.row(`Team ${team} can update clusters tagged ${tag}.`);
  await expect(row).toContainText('Also grants read, implied by update.');
  await expect(row.getByRole('link', { name: team, exact: true })).toBeVisible();
  await expect(permissions.rules().getByRole('row')).toHaveCount(2);
  const number = (await row.getByRole('rowheader').textContent())!.replace('Rule ', '');
  await permissions.privilegeFilter.selectOption('update');
  await expect(page).toHaveURL(/privilege=update/);
  await expect(row).toBeVisible();
  await permissions.tab('Pipelines').click();
  await expect(page.getByText('No rule for pipelines matches these filters.')).toBeVisible();
  await permissions.tab('Clusters').click();
  await expect(row).toBeVisible();

  // Check access: the member may update the cluster, through this rule and tag.
  await permissions.explainPick('Person', person.email);
  await permissions.explainPick('Cluster', clusterName);
  await permissions.explainPrivilege().selectOption('update');
  await expect(permissions.answer()).toContainText(
    `Yes: ${person.name} can update cluster ${clusterName} through rule ${number} of team ${team} (${tag}).`,
  );

  // Edit: down to read only, which takes update away from the member: confirmed explicitly.
  await row.getByRole('button', { name: `Edit rule ${number}`, exact: true }).click();
  const editing = permissions.builder(`Edit rule ${number}`);
  await expect(editing.kind('Clusters')).toBeDisabled();
  await editing.privilege('update').uncheck();
  await editing.privilege('read').check();
  await editing.dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Until the audit.');
  await editing.save.click();
  const losing = permissions.impact(`Save rule ${number}?`);
  await expect(losing.losses).toBeVisible();
  await expect(losing.dialog).toContainText(
    `Removes update on cluster ${clusterName} from 1 person, who had it through rule ${number} of team ${team}.`,
  );
  await expect(losing.button('Save rule')).toBeDisabled();
  await losing.understood.check();
  await losing.button('Save rule').click();
  await dismissToast(page, `Rule ${number} saved: Team ${team} can read clusters tagged ${tag}.`);
  await permissions.privilegeFilter.selectOption('');
  await expect(permissions.row(`Team ${team} can read clusters tagged ${tag}.`)).toContainText(
    'Note: Until the audit.',
  );
  await expect(permissions.answer()).toContainText(
    `No: ${person.name} cannot update cluster ${clusterName}.`,
  );

  // Delete: the member loses read, so the deletion needs the tick too.
  await permissions
    .row(`Team ${team} can read clusters tagged ${tag}.`)
    .getByRole('button', { name: `Delete rule ${number}`, exact: true })
    .click();
  const deleting = permissions.impact(`Delete rule ${number}?`);
  await expect(deleting.dialog).toContainText(
    `Removes read on cluster ${clusterName} from 1 person`,
  );
  await deleting.understood.check();
  await deleting.button('Delete rule').click();
  await dismissToast(page, `Rule ${number} deleted`);
  await expect(page.getByText('No rule for clusters matches these filters.')).toBeVisible();
});
