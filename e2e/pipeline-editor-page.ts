import { expect, type Locator, type Page } from '@playwright/test';

// The inline definition editor (`/pipelines/:id/definition`), by role and accessible name. Monaco
// takes keyboard input through its hidden textarea, whose accessible name is the editor's.

export class PipelineEditorPage {
  readonly editor: Locator;
  readonly problems: Locator;
  readonly saveButton: Locator;
  readonly saveDialog: Locator;
  readonly mergeDialog: Locator;
  constructor(
    private readonly page: Page,
    readonly name: string,
  ) {
    this.editor = page.getByRole('textbox', { name: `Definition of pipeline ${name}, YAML` });
    this.problems = page.getByRole('region', { name: 'Problems', exact: true });
    this.saveButton = page.getByRole('button', { name: 'Save…', exact: true });
    this.saveDialog = page.getByRole('dialog', { name: `Save the definition of ${name}?` });
    this.mergeDialog = page.getByRole('dialog', { name: `Merge your edit of ${name} with` });
  }

  async goto(pipelineId: string) {
    await this.page.goto(`/pipelines/${pipelineId}/definition`);
    await expect(
      this.page.getByRole('heading', { level: 1, name: `Definition of ${this.name}` }),
    ).toBeVisible();
    await expect(this.editor).toBeAttached();
  }

  /** The problems list's entries (each a button that moves the cursor there). */
  problem(text: string | RegExp): Locator {
    return this.problems.getByRole('button', { name: text });
  }

  /** Puts the cursor at the end of the text. */
  async focusEnd() {
    await this.editor.focus();
    await this.page.keyboard.press('Control+End');
  }

  /**
   * Pastes text at the cursor, as it is: typed line by line, Monaco would indent each new line
   * itself, and a suggestion list opening late would take the next Enter.
   */
  async paste(text: string) {
    await this.page.bringToFront(); // the clipboard is written only by the focused page
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // A string, not a function: this project is type-checked without the DOM library.
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await this.page.keyboard.press('Control+V');
  }

  /** The entries of the open suggestion list. */
  get suggestions(): Locator {
    return this.page.locator('.suggest-widget').getByRole('option');
  }

  /** The open suggestion list's entry `label`. */
  suggestion(label: string): Locator {
    return this.suggestions.filter({ hasText: label });
  }
}
