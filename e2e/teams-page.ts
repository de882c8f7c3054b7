import { expect, type Locator, type Page } from '@playwright/test';

// The Teams screens, by role and accessible name (see e2e/pages.ts for why fields go by role).

/** The list of teams (`/admin/teams`). */
export class TeamsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly createButton: Locator;
  readonly createDialog: Locator;
  readonly newTeamName: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Teams' });
    this.table = page.getByRole('table', { name: 'Teams' });
    this.search = page.getByRole('searchbox', { name: 'Search teams' });
    this.createButton = page.getByRole('button', { name: 'Create team', exact: true });
    this.createDialog = page.getByRole('dialog', { name: 'Create a team' });
    this.newTeamName = this.createDialog.getByRole('textbox', { name: 'Team name', exact: true });
  }

  async goto() {
    await this.page.goto('/admin/teams');
  }

  /** The row of the team called `name`. */
  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async create(name: string) {
    await this.createButton.click();
    await this.newTeamName.fill(name);
    await this.createDialog.getByRole('button', { name: 'Create team', exact: true }).click();
  }
}

/** One team's page (`/admin/teams/:teamId`). */
export class TeamPage {
  readonly breadcrumb: Locator;
  readonly teamName: Locator;
  readonly renameButton: Locator;
  readonly addPeople: Locator;
  readonly addButton: Locator;
  readonly deleteButton: Locator;
  readonly confirmDialog: Locator;
  constructor(private readonly page: Page) {
    this.breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    this.teamName = page.getByRole('textbox', { name: 'Team name', exact: true });
    this.renameButton = page.getByRole('button', { name: 'Rename', exact: true });
    this.addPeople = page.getByRole('combobox', { name: 'Add people', exact: true });
    this.addButton = page.getByRole('button', { name: 'Add', exact: true });
    this.deleteButton = page.getByRole('button', { name: 'Delete team', exact: true });
    this.confirmDialog = page.getByRole('dialog');
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  members(teamName: string): Locator {
    return this.page.getByRole('table', { name: `Members of ${teamName}`, exact: true });
  }

  member(teamName: string, personName: string): Locator {
    return this.members(teamName).getByRole('rowheader', { name: personName, exact: true });
  }

  removeButton(teamName: string, personName: string): Locator {
    return this.page.getByRole('button', {
      name: `Remove ${personName} from ${teamName}`,
      exact: true,
    });
  }

  /** A suggestion of the people picker, whose text contains `text` (a name or an email). */
  suggestion(text: string): Locator {
    return this.page.getByRole('option').filter({ hasText: text });
  }

  /** Searches the people picker for `search` and picks the suggestion showing it. */
  async pick(search: string) {
    await this.addPeople.fill(search);
    await this.suggestion(search).click();
  }

  async rename(name: string) {
    await this.teamName.fill(name);
    await this.renameButton.click();
  }
}

/**
 * Waits for the toast saying `text`, closes it and waits until it has gone. Toasts come one at
 * a time, so a test that does not close them waits for each to time out before the next shows;
 * and one still fading in or out when axe looks fails the contrast check.
 */
export async function dismissToast(page: Page, text: string) {
  const toast = page.getByRole('status').filter({ hasText: text });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(toast).toBeHidden();
}
