import type { Locator, Page } from '@playwright/test';

// The Security screen (`/admin/security`), by role and accessible name (see e2e/pages.ts for
// why fields go by role).

export class SecurityPage {
  readonly heading: Locator;
  readonly idleTimeout: Locator;
  readonly amount: Locator;
  readonly unit: Locator;
  readonly save: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Security' });
    this.idleTimeout = page.getByRole('region', { name: 'Idle timeout', exact: true });
    this.amount = this.idleTimeout.getByRole('textbox', { name: 'Idle timeout', exact: true });
    this.unit = this.idleTimeout.getByRole('combobox', { name: 'Unit', exact: true });
    this.save = this.idleTimeout.getByRole('button', { name: 'Save', exact: true });
  }

  async goto() {
    await this.page.goto('/admin/security');
  }

  /** The value shown for `term` ("Current timeout", "Last changed by"). */
  shown(term: string): Locator {
    return this.idleTimeout
      .getByRole('term')
      .filter({ hasText: term })
      .locator('xpath=following-sibling::dd[1]');
  }

  async enter(amount: string, unit: 'minutes' | 'hours' | 'days') {
    await this.unit.selectOption(unit);
    await this.amount.fill(amount);
  }
}
