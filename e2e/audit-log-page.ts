import type { Locator, Page } from '@playwright/test';

// The Audit log screen (`/admin/audit-log`), by role and accessible name (see e2e/pages.ts for
// why fields go by role).

export class AuditLogPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly filters: Locator;
  readonly person: Locator;
  readonly action: Locator;
  readonly targetKind: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly downloadCsv: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Audit log' });
    this.table = page.getByRole('table', { name: 'Audit log', exact: true });
    this.filters = page.getByRole('search', { name: 'Audit log' });
    this.person = this.filters.getByRole('combobox', { name: 'Person', exact: true });
    this.action = this.filters.getByRole('combobox', { name: 'Action', exact: true });
    this.targetKind = this.filters.getByRole('combobox', { name: 'Target kind', exact: true });
    // datetime-local inputs have no ARIA role of their own.
    this.from = this.filters.getByLabel('From', { exact: true });
    this.to = this.filters.getByLabel('To', { exact: true });
    this.downloadCsv = page.getByRole('button', { name: 'Download CSV', exact: true });
  }

  async goto(search = '') {
    await this.page.goto(`/admin/audit-log${search}`);
  }

  /** The rows of the table (its header row left out). */
  rows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader') });
  }

  /** Searches the person filter for `search` and picks the suggestion showing it. */
  async pickPerson(search: string) {
    await this.person.fill(search);
    await this.page.getByRole('option').filter({ hasText: search }).click();
  }

  /** The button that opens the entry of `row`. */
  openButton(row: Locator): Locator {
    return row.getByRole('button', { name: /^View changes/ });
  }
}

/** An opened audit entry, titled with its action in words. */
export class AuditEntryDialog {
  readonly dialog: Locator;
  readonly changed: Locator;
  readonly unchanged: Locator;
  constructor(page: Page, action: string) {
    this.dialog = page.getByRole('dialog', { name: action, exact: true });
    this.changed = this.dialog.getByRole('table', { name: 'Changed fields', exact: true });
    this.unchanged = this.dialog.getByRole('table', { name: 'Unchanged fields', exact: true });
  }

  /** The row of the changed field labelled `field`. */
  changedField(field: string): Locator {
    return this.changed
      .getByRole('row')
      .filter({ has: this.dialog.page().getByRole('rowheader', { name: field, exact: true }) });
  }

  button(name: string | RegExp): Locator {
    return this.dialog.getByRole('button', { name });
  }
}
