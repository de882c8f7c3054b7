import type { Locator, Page } from '@playwright/test';

// The Account settings screen (`/admin/account`), by role and accessible name (see e2e/pages.ts
// for why fields go by role). Password fields have no role: they go by label, from its start,
// because a required field's label ends in MUI's " *".

export class AccountSettingsPage {
  readonly heading: Locator;
  readonly account: Locator;
  readonly invitations: Locator;
  readonly domainToAdd: Locator;
  readonly addDomain: Locator;
  readonly domains: Locator;
  readonly save: Locator;
  readonly ssoProviders: Locator;
  readonly ssoTable: Locator;
  readonly addSsoProvider: Locator;
  readonly confirmDialog: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Account settings' });
    this.account = page.getByRole('region', { name: 'Account', exact: true });
    this.invitations = page.getByRole('region', { name: 'Invitations', exact: true });
    this.domainToAdd = this.invitations.getByRole('textbox', {
      name: 'Domain to add',
      exact: true,
    });
    this.addDomain = this.invitations.getByRole('button', { name: 'Add domain', exact: true });
    this.domains = this.invitations.getByRole('list', {
      name: 'Only addresses at these domains may be invited:',
    });
    this.save = this.invitations.getByRole('button', { name: 'Save', exact: true });
    this.ssoProviders = page.getByRole('region', { name: 'SSO providers', exact: true });
    this.ssoTable = this.ssoProviders.getByRole('table', { name: 'SSO providers' });
    this.addSsoProvider = page.getByRole('button', { name: 'Add SSO provider', exact: true });
    this.confirmDialog = page.getByRole('dialog');
  }

  async goto() {
    await this.page.goto('/admin/account');
  }

  /** Toasts come one at a time: close one once read rather than wait for it to go. */
  async closeToast(message: string) {
    await this.page
      .getByRole('status')
      .filter({ hasText: message })
      .getByRole('button', { name: 'Close', exact: true })
      .click();
  }

  removeDomain(domain: string): Locator {
    return this.invitations.getByRole('button', { name: `Remove ${domain}`, exact: true });
  }

  /** The row of the SSO provider called `name`. */
  ssoRow(name: string): Locator {
    return this.ssoTable
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  editButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Edit ${name}`, exact: true });
  }

  deleteButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Delete ${name}`, exact: true });
  }
}

/** The dialog that adds or edits an SSO provider. */
export class SsoProviderDialog {
  readonly dialog: Locator;
  readonly name: Locator;
  readonly type: Locator;
  constructor(page: Page, title: string) {
    this.dialog = page.getByRole('dialog', { name: title, exact: true });
    this.name = this.dialog.getByRole('textbox', { name: 'Name', exact: true });
    this.type = this.dialog.getByRole('combobox', { name: 'Type', exact: true });
  }

  field(label: string): Locator {
    return this.dialog.getByRole('textbox', { name: label, exact: true });
  }

  /** A write-only secret: a password field. */
  secret(label: string): Locator {
    return this.dialog.getByLabel(new RegExp(`^${label}`));
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }
}
