import { ClustersPage, ClusterPage } from './clusters-page';
import {
  api,
  apiClient,
  expect,
  expectNoA11yViolations,
  expectOk,
  SIGNED_OUT,
  test,
} from './fixtures';
import { SignInPage } from './pages';
import { PermissionsPage } from './permissions-page';
import { dismissToast } from './teams-page';

const PASSWORD = 'a long enough passphrase';
// Names of this run only: other journeys add clusters, teams and rules in the same account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('an administrator writes a rule for team qa over tagged clusters; a qa member sees exactly the staging clusters and the untagged ones, and the explainer says why', async ({
  page,
  browser,
}) => {
  const run = stamp();
  const member = {
    email: `katherine-${run}@example.com`,
    name: `Katherine ${run}`,
    password: PASSWORD,
  };
  const memberId = await api.addPerson(page.request, member);
  const admin = apiClient(page.request);
  const team = `qa-${run}`;
  expectOk(await admin.POST('/api/teams', { body: { name: team, memberIds: [memberId] } }));
  const staging = `staging-eu-${run}`;
  const production = `prod-eu-${run}`;
  const sandbox = `sandbox-${run}`;
  const stagingTag = `staging-${run}`;
  const productionTag = `production-${run}`;
  // Tagged through the API: the tag editor and its impact preview are clusters.spec.ts's.
  const addCluster = async (name: string, tags: string[]) =>
    expectOk(await admin.POST('/api/clusters', { body: { name, tags } }));
  await addCluster(staging, [stagingTag]);
  const { id: productionId } = await addCluster(production, [productionTag]);
  await addCluster(sandbox, []);
  const permissions = new PermissionsPage(page);

  // "Team qa can read clusters tagged staging", written with the rule builder.
  await permissions.goto();
  await permissions.writeRule.click();
  const builder = permissions.builder();
  await builder.chooseTeam(team);
  await builder.kind('Clusters').check();
  await builder.privilege('read').check();
  await builder.addTag(stagingTag);
  await expect(builder.sentence).toContainText(
    `Team ${team} can read clusters tagged ${stagingTag}.`,
  );
  await builder.save.click();
  const saving = permissions.impact('Save this rule?');
  await expect(saving.dialog).toContainText(`Gives read on cluster ${staging} to 1 person`);
  await expect(saving.dialog).toContainText(`People: ${member.name}`);
  await saving.button('Save rule').click();
  await dismissToast(page, `Team ${team} can read clusters tagged ${stagingTag}.`);
  const number = (await permissions
    .row(`Team ${team} can read clusters tagged ${stagingTag}.`)
    .getByRole('rowheader')
    .textContent())!.replace('Rule ', '');

  // The qa member, signed in elsewhere, sees the staging cluster and the untagged one, and not
  // the production one.
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const memberPage = await context.newPage();
    await memberPage.goto('/clusters');
    await new SignInPage(memberPage).signIn(member);
    const theirClusters = new ClustersPage(memberPage);
    await expect(theirClusters.heading).toBeVisible();
    await expect(
      memberPage.getByText('This list shows the clusters that the rules of your teams let you see'),
    ).toBeVisible();
    await theirClusters.searchFor(run);
    await expect(theirClusters.table.getByRole('rowheader')).toHaveText([sandbox, staging]);
    await expect(theirClusters.row(staging)).toContainText('read');
    await expect(theirClusters.row(sandbox)).toContainText('read, update');
    await expect(theirClusters.addButton).toHaveCount(0);
    await expect(theirClusters.selectAll).toHaveCount(0);
    await expect(
      theirClusters.table.getByRole('button', { name: /^(Edit tags|Delete) / }),
    ).toHaveCount(0);

    // Their staging cluster's page shows what they hold; the production one is not there for them.
    await theirClusters.row(staging).getByRole('link', { name: staging, exact: true }).click();
    const theirCluster = new ClusterPage(memberPage);
    await expect(theirCluster.heading(staging)).toBeVisible();
    await expect(
      memberPage.getByText('You may read this cluster, through the rules of your teams.'),
    ).toBeVisible();
    await expect(theirCluster.nameField).toHaveCount(0);
    await expect(theirCluster.editTags).toHaveCount(0);
    await expect(theirCluster.whoHasAccess).toHaveCount(0);
    await expectNoA11yViolations(memberPage);
    await memberPage.goto(`/clusters/${productionId}`);
    await expect(
      memberPage.getByRole('heading', { level: 1, name: 'No such cluster' }),
    ).toBeVisible();
    await expect(
      memberPage.getByText('There is no such cluster, or you may not see it.'),
    ).toBeVisible();
  } finally {
    await context.close();
  }

  // The explainer says why, cluster by cluster.
  await permissions.explainPick('Person', member.email);
  await permissions.explainPick('Cluster', staging);
  await permissions.explainPrivilege().selectOption('read');
  await expect(permissions.answer()).toContainText(
    `Yes: ${member.name} can read cluster ${staging} through rule ${number} of team ${team} (${stagingTag}).`,
  );
  await permissions.explainPick('Cluster', sandbox);
  await expect(permissions.answer()).toContainText(
    `Yes: ${member.name} can read cluster ${sandbox} through rule`,
  );
  await expect(permissions.answer()).toContainText('of team users (untagged)');
  await permissions.explainPick('Cluster', production);
  await expect(permissions.answer()).toContainText(
    `No: ${member.name} cannot read cluster ${production}.`,
  );
});
