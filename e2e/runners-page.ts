import type { Locator, Page } from '@playwright/test';

// The Runners screen and the git triggers and runs of a pipeline's page, by role and name.

/** The list of runners (`/admin/runners`) and its register dialog. */
export class RunnersPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly registerButton: Locator;
  readonly registerDialog: Locator;
  readonly nameField: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Runners' });
    this.table = page.getByRole('table', { name: 'Runners', exact: true });
    this.registerButton = page.getByRole('button', { name: 'Register a runner', exact: true });
    this.registerDialog = page.getByRole('dialog', { name: 'Register a runner' });
    this.nameField = this.registerDialog.getByRole('textbox', { name: 'Runner name' });
  }

  /** The dialog that shows a new runner's token, the only time it is shown. */
  registered(name: string) {
    const dialog = this.page.getByRole('dialog', { name: `Start runner ${name}` });
    return {
      dialog,
      token: dialog.getByRole('textbox', { name: 'Registration token' }),
      command: dialog.getByRole('textbox', { name: 'Command' }),
      done: dialog.getByRole('button', { name: 'Done', exact: true }),
    };
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name, exact: true }),
    });
  }
}

/** The "Git triggers" and "Runs" sections of a pipeline's page. */
export class PipelineRunsPage {
  readonly triggers: Locator;
  readonly addTrigger: Locator;
  readonly triggerDialog: Locator;
  readonly runs: Locator;
  readonly runsTable: Locator;
  constructor(private readonly page: Page) {
    this.triggers = page.getByRole('region', { name: 'Git triggers' });
    this.addTrigger = this.triggers.getByRole('button', { name: 'Add trigger', exact: true });
    this.triggerDialog = page.getByRole('dialog', { name: 'Add a git trigger' });
    this.runs = page.getByRole('region', { name: 'Runs', exact: true });
    this.runsTable = this.runs.getByRole('table', { name: 'Runs', exact: true });
  }

  field(name: string): Locator {
    return this.triggerDialog.getByRole('textbox', { name, exact: true });
  }

  select(name: string): Locator {
    return this.triggerDialog.getByRole('combobox', { name, exact: true });
  }

  event(name: string): Locator {
    return this.triggerDialog.getByRole('checkbox', { name, exact: true });
  }

  /** The dialog with a trigger's webhook URL and secret. */
  connect(repository: string) {
    const dialog = this.page.getByRole('dialog', { name: `Connect ${repository} to Perimeter` });
    return {
      dialog,
      webhookUrl: dialog.getByRole('textbox', { name: 'Webhook URL' }),
      secret: dialog.getByRole('textbox', { name: 'Secret' }),
      done: dialog.getByRole('button', { name: 'Done', exact: true }),
    };
  }

  run(number: number): Locator {
    return this.runsTable.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: `#${number}`, exact: true }),
    });
  }
}
