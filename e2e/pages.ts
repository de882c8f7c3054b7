import type { Locator, Page } from '@playwright/test';

// Page objects: every locator by role and accessible name, as a person (or a screen reader)
// finds it. Names are matched exactly, so "Email" does not also find "Email me when a build
// fails". Fields go by role, not getByLabel: getByLabel reads the label's text including MUI's
// aria-hidden " *" of a required field, the accessible name does not.

type Credentials = { email: string; password: string };

export class SetupPage {
  readonly heading: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Create the first administrator' });
  }

  async createAdministrator(person: Credentials & { name: string }) {
    await this.page.getByRole('textbox', { name: 'Name', exact: true }).fill(person.name);
    await this.page.getByRole('textbox', { name: 'Email', exact: true }).fill(person.email);
    await this.page.getByRole('textbox', { name: 'Password', exact: true }).fill(person.password);
    await this.page.getByRole('button', { name: 'Create administrator' }).click();
  }
}

export class SignInPage {
  readonly heading: Locator;
  readonly alert: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in to Perimeter' });
    this.alert = page.getByRole('alert');
  }

  async signIn(person: Credentials) {
    await this.page.getByRole('textbox', { name: 'Email', exact: true }).fill(person.email);
    await this.page.getByRole('textbox', { name: 'Password', exact: true }).fill(person.password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
}

/** The signed-in frame around every screen: the navigation and the person menu. */
export class AppShell {
  readonly navigation: Locator;
  readonly accountMenu: Locator;
  private readonly accountMenuButton: Locator;
  constructor(page: Page) {
    this.navigation = page.getByRole('navigation', { name: 'Main navigation' });
    this.accountMenu = page.getByRole('menu');
    this.accountMenuButton = page.getByRole('button', { name: 'Account menu' });
  }

  async goToProfile() {
    await this.accountMenuButton.click();
    await this.accountMenu.getByRole('menuitem', { name: 'Profile' }).click();
  }

  async signOut() {
    await this.accountMenuButton.click();
    await this.accountMenu.getByRole('menuitem', { name: 'Sign out' }).click();
  }
}

export class ProfilePage {
  readonly heading: Locator;
  readonly tokenName: Locator;
  readonly createToken: Locator;
  readonly newTokenDialog: Locator;
  readonly newToken: Locator;
  readonly confirmDialog: Locator;
  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Profile' });
    this.tokenName = page.getByRole('textbox', { name: 'Token name', exact: true });
    this.createToken = page.getByRole('button', { name: 'Create token' });
    this.newTokenDialog = page.getByRole('dialog', { name: 'Copy your new token' });
    this.newToken = this.newTokenDialog.getByRole('textbox', { name: 'Token', exact: true });
    this.confirmDialog = page.getByRole('dialog');
  }

  notificationSwitch(name: string) {
    return this.page.getByRole('switch', { name, exact: true });
  }

  revokeButton(tokenName: string) {
    return this.page.getByRole('button', { name: `Revoke token ${tokenName}`, exact: true });
  }
}
