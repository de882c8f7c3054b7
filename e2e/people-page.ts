import type { Locator, Page } from '@playwright/test';

/** The People screen, by role and accessible name. */
export class PeoplePage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly inviteButton: Locator;
  readonly inviteDialog: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'People' });
    this.table = page.getByRole('table', { name: 'People' });
    this.search = page.getByRole('searchbox', { name: 'Search by name or email' });
    this.inviteButton = page.getByRole('button', { name: 'Invite people' });
    this.inviteDialog = page.getByRole('dialog', { name: 'Invite people' });
  }

  async goto() {
    await this.page.goto('/admin/people');
  }

  /** The table row of the person whose name starts with `name`. */
  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
  }

  /** Invites `emails` and returns the invitation link shown for each. */
  async invite(emails: string[], level: 'User' | 'Administrator' = 'User') {
    await this.inviteButton.click();
    await this.inviteDialog
      .getByRole('textbox', { name: 'Email addresses' })
      .fill(emails.join(', '));
    await this.inviteDialog.getByRole('combobox', { name: 'Access level' }).selectOption(level);
    await this.inviteDialog.getByRole('button', { name: 'Send invitations' }).click();
    const links: Record<string, string> = {};
    for (const email of emails) {
      const field = this.inviteDialog.getByRole('textbox', {
        name: `Invitation link for ${email}`,
        exact: true,
      });
      links[email] = await field.inputValue();
    }
    return links;
  }

  /** The menu button of a person's access level; its name ends with the level: "…: User". */
  levelOf(name: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^Access level of ${name}: `) });
  }

  /** The menu button of a person's SSO provider; its name ends with it: "…: None". */
  ssoProviderOf(name: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^SSO provider of ${name}: `) });
  }

  /** The menu a row's button opens, named like the button without its value. */
  menu(label: string): Locator {
    return this.page.getByRole('menu', { name: label, exact: true });
  }

  async openActions(name: string) {
    await this.page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  }
}

/** The page an invitation link opens. */
export class AcceptInvitationPage {
  readonly heading: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Accept your invitation' });
  }

  async accept({ name, password }: { name: string; password: string }) {
    await this.page.getByRole('textbox', { name: 'Your name', exact: true }).fill(name);
    await this.page.getByRole('textbox', { name: 'Choose a password', exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Join', exact: true }).click();
  }
}
