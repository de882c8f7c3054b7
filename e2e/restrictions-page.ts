import type { Locator, Page } from '@playwright/test';

// The restrictions page of a git provider
// (`/admin/integrations/git-providers/:id/restrictions`), by role and accessible name (see
// e2e/pages.ts for why fields go by role).

export class RestrictionsPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly branchPattern: Locator;
  readonly pathGlob: Locator;
  readonly save: Locator;
  readonly tester: Locator;
  readonly repository: Locator;
  readonly branch: Locator;
  readonly path: Locator;
  readonly test: Locator;
  /** The live region with the tester's verdict and checks. */
  readonly result: Locator;
  /** The question before saving restrictions that refuse existing pipelines. */
  readonly refusesDialog: Locator;
  constructor(
    private readonly page: Page,
    providerName: string,
  ) {
    this.heading = page.getByRole('heading', {
      level: 1,
      name: `Restrictions of ${providerName}`,
      exact: true,
    });
    this.form = page.getByRole('region', { name: `What pipelines may load from ${providerName}` });
    this.branchPattern = this.form.getByRole('textbox', { name: 'Branch pattern', exact: true });
    this.pathGlob = this.form.getByRole('textbox', { name: 'Path glob', exact: true });
    this.save = this.form.getByRole('button', { name: 'Save restrictions', exact: true });
    this.tester = page.getByRole('region', { name: 'Try the restrictions' });
    this.repository = this.tester.getByRole('textbox', { name: 'Repository', exact: true });
    this.branch = this.tester.getByRole('textbox', { name: 'Branch', exact: true });
    this.path = this.tester.getByRole('textbox', { name: 'Path', exact: true });
    this.test = this.tester.getByRole('button', { name: 'Test', exact: true });
    this.result = this.tester.getByRole('status', { name: 'Test result' });
    this.refusesDialog = page.getByRole('dialog', { name: /^Save restrictions that refuse / });
  }

  repositories(choice: 'All repositories' | 'Matching a pattern' | 'Picked list'): Locator {
    return this.form.getByRole('radio', { name: choice, exact: true });
  }

  async tryDefinition(definition: { repository: string; branch: string; path: string }) {
    await this.repository.fill(definition.repository);
    await this.branch.fill(definition.branch);
    await this.path.fill(definition.path);
    await this.test.click();
  }
}
