import { expect, type Locator, type Page } from '@playwright/test';
import { TagEditor } from './clusters-page';

// The Pipelines screens, by role and accessible name (see e2e/pages.ts for why fields go by role).

/** The list of pipelines (`/pipelines`), the first screen after sign-in. */
export class PipelinesPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly tagFilter: Locator;
  readonly projectFilter: Locator;
  readonly newButton: Locator;
  readonly newDialog: Locator;
  readonly selectAll: Locator;
  readonly tagSelected: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Pipelines' });
    this.table = page.getByRole('table', { name: 'Pipelines', exact: true });
    const filters = page.getByRole('search', { name: 'Pipelines' });
    this.search = filters.getByRole('searchbox', { name: 'Search pipelines' });
    this.tagFilter = filters.getByRole('combobox', { name: 'Tag', exact: true });
    this.projectFilter = filters.getByRole('searchbox', { name: 'Project' });
    this.newButton = page.getByRole('button', { name: 'New pipeline', exact: true });
    this.newDialog = page.getByRole('dialog', { name: 'New pipeline' });
    this.selectAll = page.getByRole('checkbox', { name: 'Select all pipelines on this page' });
    this.tagSelected = page.getByRole('button', { name: 'Tag selected', exact: true });
  }

  async goto(query = '') {
    await this.page.goto(`/pipelines${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Searches, and waits until the search has reached the address (and so the list). */
  async searchFor(text: string) {
    await this.search.fill(text);
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${text}`));
  }

  /** The row of the pipeline `project/name`. */
  row(project: string, name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) })
      .filter({ hasText: project });
  }

  tagsOf(project: string, name: string): Locator {
    return this.table.getByRole('list', { name: `Tags of ${project}/${name}`, exact: true });
  }

  select(project: string, name: string): Locator {
    return this.table.getByRole('checkbox', { name: `Select ${project}/${name}`, exact: true });
  }

  editTagsButton(project: string, name: string): Locator {
    return this.table.getByRole('button', { name: `Edit tags of ${project}/${name}`, exact: true });
  }

  editor(project: string, name: string): TagEditor {
    return new TagEditor(this.page, `Tags of pipeline ${project}/${name}`);
  }

  bulkEditor(count: number): TagEditor {
    return new TagEditor(this.page, `Tag ${count} pipelines`);
  }

  /** Fills in the New pipeline dialog (open it first) and submits it. */
  async create(pipeline: { name: string; project: string; tags?: string[] }) {
    const dialog = this.newDialog;
    await dialog.getByRole('textbox', { name: 'Pipeline name', exact: true }).fill(pipeline.name);
    await dialog.getByRole('textbox', { name: 'Project', exact: true }).fill(pipeline.project);
    const tags = dialog.getByRole('combobox', { name: 'Tags', exact: true });
    for (const tag of pipeline.tags ?? []) {
      await tags.fill(tag);
      await tags.press('Enter');
    }
    await dialog.getByRole('button', { name: 'Create pipeline', exact: true }).click();
  }
}

/** One pipeline's page (`/pipelines/:pipelineId`). */
export class PipelinePage {
  readonly breadcrumb: Locator;
  readonly nameField: Locator;
  readonly projectField: Locator;
  readonly saveButton: Locator;
  readonly editTags: Locator;
  readonly yourAccess: Locator;
  readonly whoHasAccess: Locator;
  readonly deleteButton: Locator;
  readonly reloadButton: Locator;
  constructor(private readonly page: Page) {
    this.breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    this.nameField = page.getByRole('textbox', { name: 'Pipeline name', exact: true });
    this.projectField = page.getByRole('textbox', { name: 'Project', exact: true });
    this.saveButton = page.getByRole('button', { name: 'Save', exact: true });
    this.editTags = page.getByRole('button', { name: 'Edit tags', exact: true });
    this.yourAccess = page.getByRole('region', { name: 'Your access' });
    this.whoHasAccess = page.getByRole('region', { name: 'Who has access' });
    this.deleteButton = page.getByRole('button', { name: 'Delete pipeline', exact: true });
    this.reloadButton = page.getByRole('button', { name: 'Reload', exact: true });
  }

  /** The page's h1: the pipeline with its project, "payments/deploy". */
  heading(project: string, name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `${project}/${name}`, exact: true });
  }

  tags(project: string, name: string): Locator {
    return this.page.getByRole('list', {
      name: `Tags of pipeline ${project}/${name}`,
      exact: true,
    });
  }

  editor(project: string, name: string): TagEditor {
    return new TagEditor(this.page, `Tags of pipeline ${project}/${name}`);
  }
}
