import { ClusterPage, ClustersPage } from './clusters-page';
import { DIALOG, expect, expectNoA11yViolations, test } from './fixtures';
import { AppShell } from './pages';
import { ImpactDialog } from './permissions-page';
import { dismissToast } from './teams-page';

// Names and tags of this run only: other journeys add clusters and rules in the same account.
const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test('add a cluster, tag it after seeing who loses access, rename it and delete it', async ({
  page,
}) => {
  const run = stamp();
  const name = `prod-${run}`;
  const renamed = `prod-eu-${run}`;
  const tag = `production-${run}`;
  const clusters = new ClustersPage(page);
  const cluster = new ClusterPage(page);

  await page.goto('/');
  await new AppShell(page).navigation.getByRole('link', { name: 'Clusters', exact: true }).click();
  await expect(clusters.heading).toBeVisible();
  await expectNoA11yViolations(page);

  await clusters.addButton.click();
  await expect(clusters.addDialog).toBeVisible();
  await expectNoA11yViolations(page, { include: DIALOG });
  await clusters.addDialog.getByRole('textbox', { name: 'Cluster name', exact: true }).fill(name);
  await clusters.addDialog.getByRole('button', { name: 'Add cluster', exact: true }).click();
  await dismissToast(page, `Cluster ${name} added`);
  await clusters.searchFor(run);
  await expect(clusters.row(name)).toContainText('No tags');

  // Its first tag takes it out of the default rule for untagged clusters: everyone loses it.
  await clusters.editTagsButton(name).click();
  const editor = clusters.editor(name);
  await expect(editor.dialog).toBeVisible();
  await editor.addTag(tag);
  await expectNoA11yViolations(page, { include: DIALOG });
  await editor.save.click();

  const impact = new ImpactDialog(page, `Change the tags of cluster ${name}?`);
  await expect(impact.losses).toBeVisible();
  await expect(impact.dialog).toContainText(`Removes read, update on cluster ${name} from`);
  await expect(impact.dialog).toContainText('of team users');
  await expect(impact.button('Save tags')).toBeDisabled();
  await expectNoA11yViolations(page, { include: DIALOG });
  await impact.understood.check();
  await impact.button('Save tags').click();
  await dismissToast(page, `Tags of cluster ${name} saved`);
  await expect(clusters.tagsOf(name)).toHaveText(tag);

  // The tag filter lists it; the untagged filter does not.
  await clusters.tagFilter.selectOption(tag);
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  await expect(clusters.row(name)).toBeVisible();
  await clusters.tagFilter.selectOption('untagged');
  await expect(page.getByText('No cluster matches')).toBeVisible();
  await clusters.tagFilter.selectOption('');

  // Its page: who has access and why, renaming, deleting.
  await clusters.row(name).getByRole('link', { name, exact: true }).click();
  await expect(cluster.heading(name)).toBeVisible();
  await expect(cluster.tags(name)).toHaveText(tag);
  await expect(cluster.whoHasAccess).toContainText('No rule applies to this cluster');
  await expectNoA11yViolations(page);
  await cluster.nameField.fill(renamed);
  await cluster.renameButton.click();
  await expect(cluster.heading(renamed)).toBeVisible();
  await dismissToast(page, `Cluster renamed to ${renamed}`);

  await cluster.deleteButton.click();
  const confirm = page.getByRole('dialog', { name: `Delete cluster ${renamed}?` });
  await expect(confirm).toContainText(`The cluster ${renamed} will be removed`);
  await expectNoA11yViolations(page, { include: DIALOG });
  await confirm.getByRole('button', { name: 'Delete cluster', exact: true }).click();
  await expect(clusters.heading).toBeVisible();
  await dismissToast(page, `Cluster ${renamed} deleted`);
  await clusters.searchFor(run);
  await expect(page.getByText('No cluster matches')).toBeVisible();
});
