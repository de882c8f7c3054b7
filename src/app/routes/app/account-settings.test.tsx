import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { db, MOCK_DIRECTORY_USER } from '@/testing/mocks/db';
import {
  buildAccountSettings,
  buildPerson,
  buildProblem,
  buildSsoProvider,
  buildTeam,
  buildUser,
} from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit, problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { recordBodies } from '@/testing/record-bodies';
import { renderApp } from '@/testing/test-utils';

async function openAccountSettings() {
  const app = renderApp('/admin/account');
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Account settings' }),
  ).toBeInTheDocument();
  return app;
}

/** The section of the page under the h2 `name`. */
const section = (name: string) => screen.getByRole('region', { name });

afterEach(() => server.events.removeAllListeners());

const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUX0bGZ2yXq1qU1m7c2a7dEXAMPLE0wCgYIKoZIzj0EAwIw',
  '-----END CERTIFICATE-----',
].join('\n');

describe('account settings: the account', () => {
  it('shows the account, its plan, and that invitations are only shown without a mail server', async () => {
    await openAccountSettings();

    const account = await screen.findByRole('region', { name: 'Account' });
    expect(within(account).getByText('Acme Corp')).toBeInTheDocument();
    expect(within(account).getByText('Enterprise')).toBeInTheDocument();
    expect(account).toHaveTextContent(/deployment setting.*PERIMETER_PLAN/);
    expect(account).toHaveTextContent(/administrators can create teams/);
    expect(section('Invitations')).toHaveTextContent(
      'No mail server is configured (SMTP_URL): administrators copy the invitation link and pass it on.',
    );
  });

  it('says why teams cannot be created on a smaller plan, and that invitations are mailed', async () => {
    db.accountSettings = buildAccountSettings({ plan: 'pro', mailDelivery: 'smtp' });
    await openAccountSettings();

    const account = await screen.findByRole('region', { name: 'Account' });
    expect(within(account).getByText('Pro')).toBeInTheDocument();
    expect(account).toHaveTextContent(
      'Creating teams needs the Enterprise plan; this account is on the Pro plan',
    );
    expect(section('Invitations')).toHaveTextContent('Invitations are also mailed');
    expect(section('Invitations')).not.toHaveTextContent('No mail server is configured');
  });

  it('offers to try again when the settings cannot be loaded', async () => {
    server.use(
      http.get('/api/settings/account', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error', { requestId: 'req-7' })),
      ),
    );
    const { user } = await openAccountSettings();

    expect(
      await screen.findByText('The account settings could not be loaded.', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('reference req-7');
    // The SSO providers load on their own and still work.
    expect(await screen.findByText('No SSO providers yet.')).toBeInTheDocument();

    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Account' })).toHaveTextContent('Acme Corp');
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/account');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Account settings screen belongs/)).toBeInTheDocument();
  });
});

describe('account settings: invitation domains', () => {
  it('says plainly that anyone may be invited while the list is empty', async () => {
    await openAccountSettings();

    expect(
      await screen.findByText(
        'The list is empty: anyone may be invited, whatever their email domain.',
      ),
    ).toBeInTheDocument();
  });

  it('adds a domain and saves the list', async () => {
    const { user } = await openAccountSettings();
    const field = await screen.findByRole('textbox', { name: 'Domain to add' });

    await user.type(field, '@Example.COM{Enter}');
    expect(field).toHaveValue('');
    const list = within(section('Invitations')).getByRole('list', {
      name: 'Only addresses at these domains may be invited:',
    });
    expect(within(list).getByText('example.com')).toBeInTheDocument();
    const status = within(section('Invitations')).getByRole('status');
    expect(status).toHaveTextContent('Added example.com. Not saved yet.');
    expect(db.accountSettings.invitationDomains).toEqual([]);

    // A domain typed but not added yet is saved with the rest.
    await user.type(field, 'acme.example');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Invitation domains saved')).toBeInTheDocument();
    expect(db.accountSettings.invitationDomains).toEqual(['acme.example', 'example.com']);
    expect(within(list).getByText('acme.example')).toBeInTheDocument();
    expect(status).toHaveTextContent(/^$/);
  });

  it('removes a domain, keeps the keyboard in the list, and saves an empty list as "anyone"', async () => {
    db.accountSettings = buildAccountSettings({
      invitationDomains: ['acme.example', 'example.com'],
    });
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Remove acme.example' }));
    expect(screen.getByRole('button', { name: 'Remove example.com' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('textbox', { name: 'Domain to add' })).toHaveFocus();
    expect(
      screen.getByText('The list is empty: anyone may be invited, whatever their email domain.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText('Invitation domains saved: anyone may be invited'),
    ).toBeInTheDocument();
    expect(db.accountSettings.invitationDomains).toEqual([]);
  });

  it('discards unsaved changes and goes back to the saved list', async () => {
    db.accountSettings = buildAccountSettings({ invitationDomains: ['acme.example'] });
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Remove acme.example' }));
    await user.type(screen.getByRole('textbox', { name: 'Domain to add' }), 'example.org{Enter}');
    expect(within(section('Invitations')).getByRole('status')).toHaveTextContent(
      'Added example.org. Not saved yet.',
    );

    await user.click(screen.getByRole('button', { name: 'Discard changes' }));

    expect(screen.getByRole('button', { name: 'Remove acme.example' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove example.org' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Discard changes' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Domain to add' })).toHaveFocus();
  });

  it('refuses a malformed domain as it is typed, and an unfinished one when adding it', async () => {
    const { user } = await openAccountSettings();
    const field = await screen.findByRole('textbox', { name: 'Domain to add' });

    await user.type(field, 'exam');
    expect(field).not.toHaveAttribute('aria-invalid', 'true');

    await user.type(field, 'ple_com');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription('Enter a domain such as example.com.');

    await user.click(screen.getByRole('button', { name: 'Add domain' }));
    expect(within(section('Invitations')).queryByRole('list')).not.toBeInTheDocument();

    await user.clear(field);
    await user.type(field, 'example{Enter}');
    expect(field).toHaveAccessibleDescription('Enter a domain such as example.com.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(within(section('Invitations')).queryByRole('list')).not.toBeInTheDocument();

    await user.type(field, '.org');
    expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await user.keyboard('{Enter}');
    expect(screen.getByText('example.org')).toBeInTheDocument();

    await user.type(field, 'example.org{Enter}');
    expect(field).toHaveAccessibleDescription('example.org is already in the list.');
    expect(db.accountSettings.invitationDomains).toEqual([]);
  });

  it("shows the server's objection against the domain it names", async () => {
    db.accountSettings = buildAccountSettings({ invitationDomains: ['acme.example'] });
    server.use(
      http.put('/api/settings/account', ({ response }) =>
        response(422).json(
          buildProblem(422, 'Invalid input', {
            errors: [
              { path: 'invitationDomains.1', message: 'example.test is a reserved domain.' },
            ],
          }),
          problemInit,
        ),
      ),
    );
    const { user } = await openAccountSettings();

    await user.type(await screen.findByRole('textbox', { name: 'Domain to add' }), 'example.test');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not saved: correct the domains marked below.',
    );
    expect(screen.getByRole('button', { name: 'Remove example.test' })).toHaveAccessibleDescription(
      'example.test is a reserved domain.',
    );
    expect(
      screen.getByRole('button', { name: 'Remove acme.example' }),
    ).not.toHaveAccessibleDescription();
    expect(db.accountSettings.invitationDomains).toEqual(['acme.example']);
  });
});

describe('account settings: SSO providers', () => {
  it('says who signs in through a provider, and that there are no providers yet', async () => {
    await openAccountSettings();

    const sso = screen.getByRole('region', { name: 'SSO providers' });
    expect(await within(sso).findByText('No SSO providers yet.')).toBeInTheDocument();
    expect(sso).toHaveTextContent(/sign in through it only; administrators keep their password/);
    expect(within(sso).getByRole('link', { name: 'People screen' })).toHaveAttribute(
      'href',
      '/admin/people',
    );
  });

  it('adds an OpenID Connect provider and never shows its secret back', async () => {
    const { user } = await openAccountSettings();

    await user.click(screen.getByRole('button', { name: 'Add SSO provider' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add SSO provider' });
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Add provider' }));
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      'Name the provider, for example after your identity service.',
    );
    expect(within(dialog).getByLabelText(/Client secret/)).toHaveAccessibleDescription(
      'Enter the client secret.',
    );

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Okta');
    expect(within(dialog).getByRole('combobox', { name: 'Type' })).toHaveValue('oidc');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Issuer URL' }),
      'ftp://acme.okta.example',
    );
    await user.tab();
    expect(within(dialog).getByRole('textbox', { name: 'Issuer URL' })).toHaveAccessibleDescription(
      'Enter the issuer URL as a https:// or http:// address.',
    );
    await user.clear(within(dialog).getByRole('textbox', { name: 'Issuer URL' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Issuer URL' }),
      'https://acme.okta.example/oauth2/default',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Client ID' }), 'perimeter');
    const secret = within(dialog).getByLabelText(/Client secret/);
    expect(secret).toHaveAttribute('type', 'password');
    await user.type(secret, 's3cret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Add provider' }));

    expect(await screen.findByText('SSO provider Okta added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const row = screen.getByRole('rowheader', { name: 'Okta' }).closest('tr')!;
    expect(row).toHaveTextContent('OpenID Connect');
    expect(row).toHaveTextContent('https://acme.okta.example/oauth2/default');
    expect(row).toHaveTextContent('Client secretset');
    expect(db.ssoSecrets[db.ssoProviders[0]!.id]).toBe('s3cret-value');
    expect(document.body).not.toHaveTextContent('s3cret-value');

    // Opened again, the secret field is empty: the API never answers the secret.
    await user.click(within(row).getByRole('button', { name: 'Edit Okta' }));
    const editor = await screen.findByRole('dialog', { name: 'Edit SSO provider Okta' });
    expect(within(editor).getByLabelText(/Client secret/)).toHaveValue('');
    expect(within(editor).getByLabelText(/Client secret/)).toHaveAccessibleDescription(
      'Set — leave empty to keep it.',
    );
  });

  it('puts the server’s objection on the name of a new provider', async () => {
    db.ssoProviders = [buildSsoProvider({ name: 'Okta' })];
    const { user } = await openAccountSettings();

    await user.click(screen.getByRole('button', { name: 'Add SSO provider' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add SSO provider' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'okta');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Type' }), 'SAML 2.0');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Single sign-on URL' }),
      'https://idp.example/sso',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Entity ID' }), 'urn:idp');
    await user.click(within(dialog).getByRole('textbox', { name: 'Signing certificate' }));
    await user.paste(PEM);
    await user.click(within(dialog).getByRole('button', { name: 'Add provider' }));

    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription('An SSO provider named okta already exists.'),
    );
    expect(name).toHaveFocus();
    expect(db.ssoProviders).toHaveLength(1);
  });

  it('edits a provider and keeps its secret when the secret is left empty', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    db.ssoProviders = [okta];
    db.ssoSecrets = { [okta.id]: 'kept-secret' };
    const bodies = recordBodies('PUT', '/api/sso-providers/');
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Edit Okta' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit SSO provider Okta' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Okta');
    expect(within(dialog).getByRole('textbox', { name: 'Client ID' })).toHaveValue('perimeter');
    await user.clear(name);
    await user.type(name, 'Okta EU');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('SSO provider Okta EU saved')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        type: 'oidc',
        name: 'Okta EU',
        issuerUrl: 'https://acme.okta.example/oauth2/default',
        clientId: 'perimeter',
        groupsClaim: 'groups',
        createPeople: false,
        groupMappings: [],
      },
    ]);
    expect(db.ssoSecrets[okta.id]).toBe('kept-secret');
    expect(await screen.findByRole('rowheader', { name: 'Okta EU' })).toBeInTheDocument();
  });

  it('asks for the new secret when the type changes', async () => {
    const okta = buildSsoProvider({ name: 'Corporate directory' });
    db.ssoProviders = [okta];
    db.ssoSecrets = { [okta.id]: 'oidc-secret' };
    const bodies = recordBodies('PUT', '/api/sso-providers/');
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Edit Corporate directory' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit SSO provider Corporate directory',
    });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Type' }), 'LDAP');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Server URL' }),
      'ldaps://ldap.acme.example',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Bind DN' }),
      'cn=perimeter,dc=acme,dc=example',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Search base' }),
      'ou=people,dc=acme,dc=example',
    );
    const password = within(dialog).getByLabelText(/Bind password/);
    expect(password).toHaveValue('');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(password).toHaveAccessibleDescription('Enter the bind password.');
    expect(password).toHaveFocus();
    expect(bodies).toEqual([]);

    await user.type(password, 'ldap-secret');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('SSO provider Corporate directory saved')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        type: 'ldap',
        name: 'Corporate directory',
        url: 'ldaps://ldap.acme.example',
        bindDn: 'cn=perimeter,dc=acme,dc=example',
        bindPassword: 'ldap-secret',
        searchBase: 'ou=people,dc=acme,dc=example',
        userFilter: '',
        groupSearchBase: '',
        startTls: false,
        caCertificate: '',
        createPeople: false,
        groupMappings: [],
      },
    ]);
    expect(db.ssoSecrets[okta.id]).toBe('ldap-secret');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const row = screen.getByRole('rowheader', { name: 'Corporate directory' }).closest('tr')!;
    expect(row).toHaveTextContent('LDAP');
    expect(row).toHaveTextContent('Bind passwordset');
  });

  it('adds an LDAP provider with its directory details, creating people and mapping a group to a team', async () => {
    const platform = buildTeam({ name: 'platform' });
    db.teams = [...db.teams, platform, buildTeam({ name: 'payments' })];
    const bodies = recordBodies('POST', '/api/sso-providers');
    const { user } = await openAccountSettings();

    await user.click(screen.getByRole('button', { name: 'Add SSO provider' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add SSO provider' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Corporate directory');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Type' }), 'LDAP');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Server URL' }),
      'ldap://ldap.acme.example',
    );
    await user.type(within(dialog).getByRole('textbox', { name: 'Bind DN' }), 'cn=perimeter');
    await user.type(within(dialog).getByLabelText(/Bind password/), 'bind-secret');
    await user.type(within(dialog).getByRole('textbox', { name: 'Search base' }), 'ou=people');
    expect(
      within(dialog).getByRole('textbox', { name: 'User filter' }),
    ).toHaveAccessibleDescription(
      /\(\|\(uid=\{username\}\)\(mail=\{username\}\)\) when left empty/,
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Group search base' }),
      'ou=groups',
    );
    await user.click(within(dialog).getByRole('switch', { name: 'Use StartTLS' }));
    await user.click(within(dialog).getByRole('textbox', { name: 'CA certificate' }));
    await user.paste(PEM);
    const createPeople = within(dialog).getByRole('checkbox', {
      name: 'Create people on first sign-in',
    });
    expect(createPeople).toHaveAccessibleDescription(/within the account’s invitation domains/);
    await user.click(createPeople);

    // Two rows, the first removed again: what is left is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add group mapping' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add group mapping' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove mapping 1' }));
    const row = within(dialog).getByRole('group', { name: 'Mapping 1' });
    await user.type(within(row).getByRole('textbox', { name: 'Group' }), 'cn=platform');
    // A group without its team is refused before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add provider' }));
    expect(await within(row).findByText('Choose a team.')).toBeInTheDocument();
    expect(bodies).toEqual([]);
    // Only the account's own teams: the built-in ones follow the access level.
    await user.click(within(row).getByRole('combobox', { name: 'Team' }));
    const options = await within(await screen.findByRole('listbox')).findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['payments', 'platform']);
    await user.click(screen.getByRole('option', { name: 'platform' }));
    expect(
      within(row).getByRole('button', { name: 'Remove the mapping of cn=platform' }),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add provider' }));

    expect(await screen.findByText('SSO provider Corporate directory added')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        type: 'ldap',
        name: 'Corporate directory',
        url: 'ldap://ldap.acme.example',
        bindDn: 'cn=perimeter',
        bindPassword: 'bind-secret',
        searchBase: 'ou=people',
        userFilter: '',
        groupSearchBase: 'ou=groups',
        startTls: true,
        caCertificate: PEM.trim(),
        createPeople: true,
        groupMappings: [{ group: 'cn=platform', teamId: platform.id }],
      },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const tableRow = screen.getByRole('rowheader', { name: 'Corporate directory' }).closest('tr')!;
    expect(tableRow).toHaveTextContent('New peoplecreated on first sign-in');
    expect(tableRow).toHaveTextContent('Group mappings1');

    // Opened again, the mapping is there with its team's name.
    await user.click(within(tableRow).getByRole('button', { name: 'Edit Corporate directory' }));
    const editor = await screen.findByRole('dialog', {
      name: 'Edit SSO provider Corporate directory',
    });
    const saved = within(editor).getByRole('group', { name: 'Mapping 1' });
    expect(within(saved).getByRole('textbox', { name: 'Group' })).toHaveValue('cn=platform');
    expect(within(saved).getByRole('combobox', { name: 'Team' })).toHaveValue('platform');
    expect(within(editor).getByRole('switch', { name: 'Use StartTLS' })).toBeChecked();
  });

  it('shows the addresses to register at the identity provider, to copy', async () => {
    const okta = buildSsoProvider({ name: 'Okta', type: 'oidc' });
    const adfs = buildSsoProvider({ name: 'ADFS', type: 'saml' });
    db.ssoProviders = [okta, adfs];
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Edit Okta' }));
    let dialog = await screen.findByRole('dialog', { name: 'Edit SSO provider Okta' });
    const redirect = within(dialog).getByRole('textbox', { name: 'Redirect URI' });
    expect(redirect).toHaveValue(okta.type === 'oidc' ? okta.redirectUri : '');
    expect(redirect).toHaveAttribute('readonly');
    expect(within(dialog).getByRole('button', { name: 'Copy redirect uri' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Edit ADFS' }));
    dialog = await screen.findByRole('dialog', { name: 'Edit SSO provider ADFS' });
    const region = within(dialog).getByRole('region', { name: 'At the identity provider' });
    expect(
      within(region)
        .getAllByRole('textbox')
        .map((field) => (field as HTMLInputElement).value),
    ).toEqual(adfs.type === 'saml' ? [adfs.metadataUrl, adfs.spEntityId, adfs.acsUrl] : []);
    expect(within(region).getAllByRole('button', { name: /^Copy / })).toHaveLength(3);
    // A new type has no addresses yet: they belong to the saved provider.
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Type' }), 'LDAP');
    expect(
      within(dialog).queryByRole('region', { name: 'At the identity provider' }),
    ).not.toBeInTheDocument();
  });

  it('tests the connection of an LDAP provider and shows the person it found', async () => {
    const directory = buildSsoProvider({ name: 'Corporate directory', type: 'ldap' });
    db.ssoProviders = [directory, buildSsoProvider({ name: 'ADFS', type: 'saml' })];
    const bodies = recordBodies('POST', `/api/sso-providers/${directory.id}/test`);
    const { user } = await openAccountSettings();

    // SAML has nothing to call before a sign-in.
    await screen.findByRole('rowheader', { name: 'ADFS' });
    expect(
      screen.queryByRole('button', { name: 'Test connection to ADFS' }),
    ).not.toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Test connection to Corporate directory' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Test connection to Corporate directory',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent(/Perimeter bound to/);

    await user.type(
      within(dialog).getByRole('textbox', { name: 'User name to look up' }),
      MOCK_DIRECTORY_USER.username,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent(/found ada/));
    const details = within(dialog).getByLabelText('Found in the directory');
    expect(details).toHaveTextContent(`DN${MOCK_DIRECTORY_USER.dn}`);
    expect(details).toHaveTextContent(`Email${db.person.email}`);
    expect(details).toHaveTextContent(MOCK_DIRECTORY_USER.groups[0]!);
    expect(bodies).toEqual([{}, { username: 'ada' }]);

    await user.clear(within(dialog).getByRole('textbox', { name: 'User name to look up' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'User name to look up' }),
      'nobody',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('status')).toHaveTextContent(/found no one named nobody/),
    );
    expect(within(dialog).queryByLabelText('Found in the directory')).not.toBeInTheDocument();
  });

  it('tests the discovery of an OpenID Connect provider', async () => {
    db.ssoProviders = [buildSsoProvider({ name: 'Okta', type: 'oidc' })];
    const { user } = await openAccountSettings();

    await user.click(await screen.findByRole('button', { name: 'Test connection to Okta' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test connection to Okta' });
    expect(
      within(dialog).queryByRole('textbox', { name: 'User name to look up' }),
    ).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByText(/its discovery document at/)).toBeInTheDocument();
  });

  it('syncs an LDAP provider now and says what changed', async () => {
    const directory = buildSsoProvider({ name: 'Corporate directory', type: 'ldap' });
    db.ssoProviders = [directory, buildSsoProvider({ name: 'Okta', type: 'oidc' })];
    server.use(
      http.post('/api/sso-providers/{id}/sync', ({ response }) =>
        response(200).json({ checked: 12, added: 3, removed: 1, notFound: ['gone@example.com'] }),
      ),
    );
    const { user } = await openAccountSettings();

    await screen.findByRole('rowheader', { name: 'Okta' });
    expect(screen.queryByRole('button', { name: 'Sync Okta now' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sync Corporate directory now' }));

    expect(
      await screen.findByText(
        'Corporate directory synced: 12 people checked, 3 memberships added, 1 removed. Not in the directory any more (left as they are): gone@example.com.',
      ),
    ).toBeInTheDocument();
  });

  it('deletes a provider after a confirmation that names it and its people', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    const ref = { id: okta.id, name: okta.name };
    db.ssoProviders = [okta, buildSsoProvider({ name: 'Azure AD' })];
    db.people = [
      ...db.people,
      buildPerson({ name: 'Alan Turing', ssoProvider: ref }),
      buildPerson({ name: 'Katherine Johnson', ssoProvider: ref }),
    ];
    const { user } = await openAccountSettings();

    const row = (await screen.findByRole('rowheader', { name: 'Okta' })).closest('tr')!;
    expect(within(row).getAllByRole('cell')[2]).toHaveTextContent('2');

    await user.click(within(row).getByRole('button', { name: 'Delete Okta' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete SSO provider Okta?' });
    expect(dialog).toHaveTextContent(
      '2 people are assigned to it; their SSO provider will be set to "none".',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.ssoProviders).toHaveLength(2);

    await user.click(within(row).getByRole('button', { name: 'Delete Okta' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete SSO provider Okta?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('SSO provider Okta deleted')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: 'Okta' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('rowheader', { name: 'Azure AD' })).toBeInTheDocument();
    expect(db.people.filter((person) => person.ssoProvider !== null)).toEqual([]);
  });

  it('offers to try again when the providers cannot be loaded', async () => {
    server.use(
      http.get('/api/sso-providers', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable')),
      ),
    );
    const { user } = await openAccountSettings();

    const sso = screen.getByRole('region', { name: 'SSO providers' });
    expect(await within(sso).findByRole('alert')).toHaveTextContent(
      'The SSO providers could not be loaded.',
    );
    server.resetHandlers();
    await user.click(within(sso).getByRole('button', { name: 'Try again' }));
    expect(await within(sso).findByText('No SSO providers yet.')).toBeInTheDocument();
  });
});
