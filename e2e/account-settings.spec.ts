import type { APIRequestContext } from '@playwright/test';
import { AccountSettingsPage, SsoProviderDialog } from './account-settings-page';
import { apiClient, DIALOG, expect, expectNoA11yViolations, expectOk, test } from './fixtures';
import { AppShell } from './pages';

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Puts the invitation domains back to none, as every other spec expects. */
async function openInvitations(request: APIRequestContext) {
  expectOk(
    await apiClient(request).PUT('/api/settings/account', { body: { invitationDomains: [] } }),
  );
}

test('limits invitations to a domain, and the API then refuses an address outside it', async ({
  page,
}) => {
  // Other specs invite people at example.com while this one runs: limiting to that very domain
  // keeps them working and still shows an outside address refused.
  const domain = 'example.com';
  const outsider = `outsider-${stamp()}@elsewhere.example`;
  const settings = new AccountSettingsPage(page);
  await openInvitations(page.request);
  try {
    await page.goto('/');
    await new AppShell(page).navigation
      .getByRole('link', { name: 'Account settings', exact: true })
      .click();
    await expect(settings.heading).toBeVisible();
    await expect(settings.account).toContainText('Enterprise');
    await expect(settings.invitations).toContainText('anyone may be invited');
    await expect(settings.invitations).toContainText('No mail server is configured (SMTP_URL)');
    await expectNoA11yViolations(page);

    // Checked as it is typed.
    await settings.domainToAdd.fill('example_com');
    await expect(
      settings.invitations.getByText('Enter a domain such as example.com.'),
    ).toBeVisible();
    await settings.domainToAdd.fill(`@${domain}`);
    await settings.domainToAdd.press('Enter');
    await expect(settings.removeDomain(domain)).toBeVisible();
    await expect(settings.invitations.getByRole('status')).toHaveText(
      `Added ${domain}. Not saved yet.`,
    );
    await settings.save.click();
    await expect(page.getByText('Invitation domains saved', { exact: true })).toBeVisible();

    await page.reload();
    await expect(settings.domains).toContainText(domain);

    const refused = await apiClient(page.request).POST('/api/users', {
      body: { email: outsider, name: 'Outsider', level: 'user' },
    });
    expect(refused.response.status).toBe(422);
    expect(JSON.stringify(refused.error)).toContain(
      `This account only invites addresses at ${domain}; elsewhere.example is not one of them.`,
    );

    await settings.removeDomain(domain).click();
    await expect(settings.invitations).toContainText('anyone may be invited');
    await settings.save.click();
    await expect(
      page.getByText('Invitation domains saved: anyone may be invited', { exact: true }),
    ).toBeVisible();
    const saved = expectOk(await apiClient(page.request).GET('/api/settings/account'));
    expect(saved.invitationDomains).toEqual([]);
  } finally {
    await openInvitations(page.request);
  }
});

test('adds an SSO provider, sees it listed, edits it and deletes it', async ({ page }) => {
  const name = `E2E Okta ${stamp()}`;
  const secret = `client-secret-${stamp()}`;
  const settings = new AccountSettingsPage(page);
  await settings.goto();
  await expect(settings.heading).toBeVisible();
  await expect(settings.ssoProviders).toContainText('The sign-in page offers every provider here.');

  await settings.addSsoProvider.click();
  const add = new SsoProviderDialog(page, 'Add SSO provider');
  await expect(add.dialog).toBeVisible();
  await add.name.fill(name);
  await expect(add.type).toHaveValue('oidc');
  await add.field('Issuer URL').fill('http://acme.okta.example');
  await add.field('Client ID').fill('perimeter');
  await add.secret('Client secret').fill(secret);
  // A group-mapping row is part of what the accessibility check sees.
  await add.button('Add group mapping').click();
  await expect(add.dialog.getByRole('group', { name: 'Mapping 1', exact: true })).toBeVisible();
  await add.button('Add provider').click();
  await expect(
    add.dialog.getByText('Enter the group as the identity provider names it.'),
  ).toBeVisible();
  await expectNoA11yViolations(page, { include: DIALOG });
  await add.button('Remove mapping 1').click();
  await add.button('Add provider').click();
  // Refused by the server: an issuer elsewhere than on this machine must be https.
  await expect(
    add.dialog.getByText(
      'Enter an https:// address: the identity provider’s answers must not travel in the clear.',
    ),
  ).toBeVisible();
  await add.field('Issuer URL').fill('https://acme.okta.example/oauth2/default');
  await add.button('Add provider').click();
  await expect(add.dialog).toBeHidden();
  await expect(page.getByText(`SSO provider ${name} added`)).toBeVisible();
  await settings.closeToast(`SSO provider ${name} added`);

  const row = settings.ssoRow(name);
  await expect(row).toContainText('OpenID Connect');
  await expect(row).toContainText('https://acme.okta.example/oauth2/default');
  await expect(row).toContainText('Client secretset');

  // Edited without touching the secret: the secret is kept and never shown.
  await settings.editButton(name).click();
  const edit = new SsoProviderDialog(page, `Edit SSO provider ${name}`);
  await expect(edit.dialog).toBeVisible();
  await expect(edit.secret('Client secret')).toHaveValue('');
  await expect(edit.dialog.getByText('Set — leave empty to keep it.')).toBeVisible();
  // The redirect URI to register at the identity provider, read only, to copy.
  const redirectUri = edit.dialog.getByRole('textbox', { name: 'Redirect URI', exact: true });
  await expect(redirectUri).toHaveValue(/\/api\/auth\/sso\/[^/]+\/callback$/);
  await expect(edit.button('Copy redirect uri')).toBeVisible();
  await edit.field('Client ID').fill('perimeter-console');
  await edit.button('Save changes').click();
  await expect(edit.dialog).toBeHidden();
  await settings.closeToast(`SSO provider ${name} saved`);
  await expect(row).toContainText('perimeter-console');
  expect(await page.content()).not.toContain(secret);

  const listed = expectOk(await apiClient(page.request).GET('/api/sso-providers'));
  const provider = listed.items.find((item) => item.name === name);
  expect(provider).toMatchObject({
    type: 'oidc',
    clientId: 'perimeter-console',
    clientSecretSet: true,
  });

  await settings.deleteButton(name).click();
  await expect(settings.confirmDialog).toBeVisible();
  await expect(settings.confirmDialog).toContainText(`Delete SSO provider ${name}?`);
  await expect(settings.confirmDialog).toContainText('No one is assigned to it.');
  await expectNoA11yViolations(page, { include: DIALOG });
  await settings.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(settings.confirmDialog).toBeHidden();
  await expect(row).toBeHidden();
  await expect(page.getByText(`SSO provider ${name} deleted`)).toBeVisible();
});
