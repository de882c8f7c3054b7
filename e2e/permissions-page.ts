import { expect, type Locator, type Page } from '@playwright/test';

// The Permissions screen (`/admin/permissions`), by role and accessible name (see e2e/pages.ts
// for why fields go by role).

/** The rule builder dialog, "Write a rule" or "Edit rule N". */
export class RuleBuilder {
  readonly dialog: Locator;
  readonly team: Locator;
  readonly privileges: Locator;
  readonly tags: Locator;
  readonly sentence: Locator;
  readonly save: Locator;
  constructor(
    private readonly page: Page,
    title: string | RegExp,
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
    this.team = this.dialog.getByRole('combobox', { name: 'Team', exact: true });
    this.privileges = this.dialog.getByRole('group', { name: 'Privileges' });
    this.tags = this.dialog.getByRole('combobox', { name: 'Tags', exact: true });
    this.sentence = this.dialog.getByRole('region', { name: 'The rule reads' });
    this.save = this.dialog.getByRole('button', { name: 'Preview and save', exact: true });
  }

  privilege(name: string): Locator {
    return this.privileges.getByRole('checkbox', { name, exact: true });
  }

  kind(label: 'Clusters' | 'Pipelines'): Locator {
    return this.dialog.getByRole('radio', { name: label, exact: true });
  }

  async chooseTeam(name: string) {
    await this.team.fill(name);
    await this.page.getByRole('option', { name, exact: true }).click();
  }

  async addTag(tag: string) {
    await this.tags.fill(tag);
    await this.tags.press('Enter');
  }
}

/** The impact preview and confirmation shown before a rule is saved or deleted. */
export class ImpactDialog {
  readonly dialog: Locator;
  readonly losses: Locator;
  readonly gains: Locator;
  readonly understood: Locator;
  constructor(page: Page, title: string | RegExp) {
    this.dialog = page.getByRole('dialog', { name: title });
    this.losses = this.dialog.getByRole('heading', { name: 'Who loses access' });
    this.gains = this.dialog.getByRole('heading', { name: 'Who gains access' });
    this.understood = this.dialog.getByRole('checkbox', { name: /^I understand that/ });
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
}

export class PermissionsPage {
  readonly heading: Locator;
  readonly writeRule: Locator;
  readonly filters: Locator;
  readonly teamFilter: Locator;
  readonly tagFilter: Locator;
  readonly privilegeFilter: Locator;
  readonly explainer: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Permissions' });
    this.writeRule = page.getByRole('button', { name: 'Write a rule', exact: true });
    this.filters = page.getByRole('search', { name: 'Rules' });
    this.teamFilter = this.filters.getByRole('combobox', { name: 'Team', exact: true });
    this.tagFilter = this.filters.getByRole('combobox', { name: 'Tag', exact: true });
    this.privilegeFilter = this.filters.getByRole('combobox', { name: 'Privilege', exact: true });
    this.explainer = page.getByRole('region', { name: 'Check access' });
  }

  async goto(query = '') {
    await this.page.goto(`/admin/permissions${query}`);
    await expect(this.heading).toBeVisible();
  }

  tab(kind: 'Clusters' | 'Pipelines'): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${kind}`) });
  }

  rules(kind: 'clusters' | 'pipelines' = 'clusters'): Locator {
    return this.page.getByRole('table', { name: `Rules for ${kind}`, exact: true });
  }

  /** The row of the rule whose sentence contains `text`. */
  row(text: string, kind: 'clusters' | 'pipelines' = 'clusters'): Locator {
    return this.rules(kind).getByRole('row').filter({ hasText: text });
  }

  builder(title: string | RegExp = 'Write a rule'): RuleBuilder {
    return new RuleBuilder(this.page, title);
  }

  impact(title: string | RegExp): ImpactDialog {
    return new ImpactDialog(this.page, title);
  }

  async filterByTeam(name: string) {
    await this.teamFilter.fill(name);
    await this.page.getByRole('option', { name, exact: true }).click();
  }

  /** Picks `search` in one of the explainer's pickers (Person, Cluster, Pipeline). */
  async explainPick(picker: 'Person' | 'Cluster' | 'Pipeline', search: string) {
    await this.explainer.getByRole('combobox', { name: picker, exact: true }).fill(search);
    await this.page.getByRole('option').filter({ hasText: search }).first().click();
  }

  explainPrivilege(): Locator {
    return this.explainer.getByRole('combobox', { name: 'Privilege', exact: true });
  }

  answer(): Locator {
    return this.explainer.getByRole('status', { name: 'Answer' });
  }
}
