import { expect, type Locator, type Page } from '@playwright/test';

// The Clusters screens, by role and accessible name (see e2e/pages.ts for why fields go by role).

/** The tag editor of one resource, "Tags of cluster prod-eu", or the bulk one, "Tag 2 clusters". */
export class TagEditor {
  readonly dialog: Locator;
  readonly tags: Locator;
  readonly tagsToAdd: Locator;
  readonly tagsToRemove: Locator;
  readonly save: Locator;
  constructor(
    private readonly page: Page,
    title: string | RegExp,
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
    this.tags = this.dialog.getByRole('combobox', { name: 'Tags', exact: true });
    this.tagsToAdd = this.dialog.getByRole('combobox', { name: 'Tags to add', exact: true });
    this.tagsToRemove = this.dialog.getByRole('combobox', { name: 'Tags to remove', exact: true });
    this.save = this.dialog.getByRole('button', { name: 'Save tags', exact: true });
  }

  /** Types a tag into `field` (the single editor's by default) and enters it. */
  async addTag(tag: string, field: Locator = this.tags) {
    await field.fill(tag);
    await field.press('Enter');
    await expect(this.chip(tag)).toBeVisible();
  }

  /** A chosen tag, as a chip in the field. */
  chip(tag: string): Locator {
    return this.dialog.getByRole('button', { name: tag, exact: true });
  }

  async removeTag(tag: string) {
    await this.chip(tag).focus();
    await this.page.keyboard.press('Backspace');
    await expect(this.chip(tag)).toHaveCount(0);
  }
}

/** The list of clusters (`/clusters`). */
export class ClustersPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly tagFilter: Locator;
  readonly addButton: Locator;
  readonly addDialog: Locator;
  readonly selectAll: Locator;
  readonly tagSelected: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Clusters' });
    this.table = page.getByRole('table', { name: 'Clusters', exact: true });
    const filters = page.getByRole('search', { name: 'Clusters' });
    this.search = filters.getByRole('searchbox', { name: 'Search clusters' });
    this.tagFilter = filters.getByRole('combobox', { name: 'Tag', exact: true });
    this.addButton = page.getByRole('button', { name: 'Add cluster', exact: true });
    this.addDialog = page.getByRole('dialog', { name: 'Add a cluster' });
    this.selectAll = page.getByRole('checkbox', { name: 'Select all clusters on this page' });
    this.tagSelected = page.getByRole('button', { name: 'Tag selected', exact: true });
  }

  async goto(query = '') {
    await this.page.goto(`/clusters${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Searches, and waits until the search has reached the address (and so the list). */
  async searchFor(text: string) {
    await this.search.fill(text);
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${text}`));
  }

  /** The row of the cluster called `name`. */
  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The tags shown in a cluster's row. */
  tagsOf(name: string): Locator {
    return this.table.getByRole('list', { name: `Tags of ${name}`, exact: true });
  }

  select(name: string): Locator {
    return this.table.getByRole('checkbox', { name: `Select ${name}`, exact: true });
  }

  editTagsButton(name: string): Locator {
    return this.table.getByRole('button', { name: `Edit tags of ${name}`, exact: true });
  }

  deleteButton(name: string): Locator {
    return this.table.getByRole('button', { name: `Delete ${name}`, exact: true });
  }

  editor(name: string): TagEditor {
    return new TagEditor(this.page, `Tags of cluster ${name}`);
  }

  bulkEditor(count: number): TagEditor {
    return new TagEditor(this.page, `Tag ${count} clusters`);
  }

  async add(name: string) {
    await this.addButton.click();
    await this.addDialog.getByRole('textbox', { name: 'Cluster name', exact: true }).fill(name);
    await this.addDialog.getByRole('button', { name: 'Add cluster', exact: true }).click();
  }
}

/** One cluster's page (`/clusters/:clusterId`). */
export class ClusterPage {
  readonly breadcrumb: Locator;
  readonly nameField: Locator;
  readonly renameButton: Locator;
  readonly editTags: Locator;
  readonly whoHasAccess: Locator;
  readonly deleteButton: Locator;
  constructor(private readonly page: Page) {
    this.breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    this.nameField = page.getByRole('textbox', { name: 'Cluster name', exact: true });
    this.renameButton = page.getByRole('button', { name: 'Rename', exact: true });
    this.editTags = page.getByRole('button', { name: 'Edit tags', exact: true });
    this.whoHasAccess = page.getByRole('region', { name: 'Who has access' });
    this.deleteButton = page.getByRole('button', { name: 'Delete cluster', exact: true });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  tags(name: string): Locator {
    return this.page.getByRole('list', { name: `Tags of cluster ${name}`, exact: true });
  }
}
