import { expect, type Locator, type Page } from '@playwright/test';

// The Integrations screen and the cluster connection, by role and accessible name (see
// e2e/pages.ts for why fields go by role).

/** The add or edit dialog of a git provider or a registry. */
export class IntegrationDialog {
  readonly dialog: Locator;
  constructor(page: Page, title: string) {
    this.dialog = page.getByRole('dialog', { name: title });
  }

  textbox(name: string): Locator {
    return this.dialog.getByRole('textbox', { name, exact: true });
  }

  /** A password field (write-only credentials): it has no textbox role. */
  secret(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: false });
  }

  switch(name: string): Locator {
    return this.dialog.getByRole('switch', { name, exact: true });
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
}

/** `/admin/integrations`: the git providers tab and the container registries tab. */
export class IntegrationsPage {
  readonly heading: Locator;
  readonly gitProvidersTab: Locator;
  readonly registriesTab: Locator;
  readonly addGitProvider: Locator;
  readonly addRegistry: Locator;
  /** The polite live region that says how the last connection test went. */
  readonly testResult: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Integrations' });
    this.gitProvidersTab = page.getByRole('tab', { name: 'Git providers', exact: true });
    this.registriesTab = page.getByRole('tab', { name: 'Container registries', exact: true });
    this.addGitProvider = page.getByRole('button', { name: 'Add git provider', exact: true });
    this.addRegistry = page.getByRole('button', { name: 'Add registry', exact: true });
    this.testResult = page.getByRole('status').filter({ hasText: /connection to/ });
  }

  async searchFor(text: string, label: 'Search git providers' | 'Search registries') {
    await this.page.getByRole('searchbox', { name: label }).fill(text);
    // The search is applied once typing pauses; act on the rows only after that.
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${text}`));
  }

  row(name: string): Locator {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  testButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Test connection to ${name}`, exact: true });
  }

  editButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Edit ${name}`, exact: true });
  }

  deleteButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Delete ${name}`, exact: true });
  }

  dialog(title: string): IntegrationDialog {
    return new IntegrationDialog(this.page, title);
  }
}
