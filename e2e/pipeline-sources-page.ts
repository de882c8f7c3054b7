import type { Locator, Page } from '@playwright/test';

// The Pipeline sources screen (`/admin/pipeline-sources`), by role and accessible name (see
// e2e/pages.ts for why fields go by role).

export type SourceLabel = 'Inline editor' | 'File in a git repository' | 'Public URL';

export class PipelineSourcesPage {
  readonly heading: Locator;
  readonly section: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Pipeline sources' });
    this.section = page.getByRole('region', { name: 'Where definitions may come from' });
  }

  async goto() {
    await this.page.goto('/admin/pipeline-sources');
  }

  switch(label: SourceLabel): Locator {
    return this.section.getByRole('switch', { name: label, exact: true });
  }

  /** The confirmation before a source is turned off, by its title. */
  turnOffDialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  /** The value shown for `term` ("Last changed by"). */
  shown(term: string): Locator {
    return this.section
      .getByRole('term')
      .filter({ hasText: term })
      .locator('xpath=following-sibling::dd[1]');
  }
}
