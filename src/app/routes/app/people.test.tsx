import { screen, waitFor, within } from '@testing-library/react';
import { delay } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildPerson, buildSsoProvider, buildTeam, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { recordBodies } from '@/testing/record-bodies';
import { recordDownloads } from '@/testing/record-downloads';
import { renderApp } from '@/testing/test-utils';

/** The shell's and a screen's code, loaded ahead, so that only the API can be late. */
const loadScreenCode = (screenModule: () => Promise<unknown>) =>
  Promise.all([
    import('./app-root'),
    import('./screen-error'),
    import('./admin-only'),
    screenModule(),
  ]);

async function openPeople(route = '/admin/people') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'People' })).toBeInTheDocument();
  await screen.findByRole('table', { name: 'People' });
  return app;
}

const row = (name: string) =>
  screen.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!;

describe('people list', () => {
  it('shows each person with level, SSO provider, status and teams', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    const qa = buildTeam({ name: 'qa' });
    const katherine = buildPerson({
      name: 'Katherine Johnson',
      email: 'katherine@example.com',
      ssoProvider: { id: okta.id, name: 'Okta' },
    });
    const edsger = buildPerson({
      name: 'Edsger Dijkstra',
      email: 'edsger@example.com',
      status: 'invited',
      invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: true },
    });
    db.ssoProviders = [okta];
    db.people = [...db.people, katherine, edsger];
    db.teams = [...db.teams, qa];
    db.members[qa.id] = [katherine.id];
    await openPeople();

    const k = within(row('Katherine Johnson'));
    expect(
      k.getByRole('button', { name: 'Access level of Katherine Johnson: User' }),
    ).toHaveTextContent('User');
    expect(
      k.getByRole('button', { name: 'SSO provider of Katherine Johnson: Okta' }),
    ).toHaveTextContent('Okta');
    expect(k.getByRole('link', { name: 'qa' })).toHaveAttribute('href', `/admin/teams/${qa.id}`);
    expect(k.getByText('Active')).toBeInTheDocument();
    const e = within(row('Edsger Dijkstra'));
    expect(e.getByText('Invited')).toBeInTheDocument();
    expect(e.getByText(/link expired/)).toBeInTheDocument();
    expect(within(row('Ada Lovelace')).getByText('You')).toBeInTheDocument();
  });

  it('paints its first page with the screen on a first load, however late it answers', async () => {
    // Later than the screen's code: the screen waits for its rows under the start-up spinner,
    // instead of showing a loading state that the rows would then push down (layout shift).
    server.use(
      http.get('/api/users', async () => {
        await delay(1000);
      }),
    );
    await loadScreenCode(() => import('./people'));
    renderApp('/admin/people');
    expect(await screen.findByRole('heading', { level: 1, name: 'People' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'People' })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'Loading people' })).not.toBeInTheDocument();
  });

  it('lists the built-in teams of people in no other team, instead of "None"', async () => {
    const alan = buildPerson({ name: 'Alan Turing', email: 'alan@example.com' });
    db.people = [...db.people, alan];
    await openPeople();

    const teams = within(row('Alan Turing')).getByRole('cell', { name: 'users' });
    expect(within(teams).getByRole('link', { name: 'users' })).toHaveAttribute(
      'href',
      `/admin/teams/${db.teams.find((team) => team.name === 'users')!.id}`,
    );
    expect(teams).not.toHaveTextContent('None');
    // An administrator is in both built-in teams.
    expect(within(row('Ada Lovelace')).getByRole('link', { name: 'admins' })).toBeInTheDocument();
  });

  it('searches and filters on the server, keeping them in the address', async () => {
    db.people = [...db.people, buildPerson({ name: 'Alan Turing', email: 'alan@example.com' })];
    const { user, router } = await openPeople();

    await user.type(screen.getByRole('searchbox', { name: 'Search by name or email' }), 'turing');
    await waitFor(() => expect(router.state.location.search).toBe('?q=turing'));
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: /Grace Hopper/ })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('rowheader', { name: /Alan Turing/ })).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search by name or email' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Access level' }),
      'Administrators',
    );
    await waitFor(() => expect(router.state.location.search).toBe('?level=administrator'));
    expect(await screen.findByRole('rowheader', { name: /Ada Lovelace/ })).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: /Alan Turing/ })).not.toBeInTheDocument();
  });

  it('says so when nobody matches', async () => {
    renderApp('/admin/people?q=nobody-at-all');
    expect(await screen.findByText('No one matches')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search by name or email' })).toHaveValue(
      'nobody-at-all',
    );
  });

  it('sorts by a column on the server, and marks the column sorted', async () => {
    const { user, router } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Email' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=email'));
    expect(screen.getByRole('columnheader', { name: 'Email' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await user.click(screen.getByRole('button', { name: 'Email' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-email'));
    const names = screen.getAllByRole('rowheader').map((cell) => cell.textContent);
    expect(names).toEqual(['Grace Hopper', 'Ada LovelaceYou']);
  });

  it('offers to try again when the people cannot be loaded', async () => {
    server.use(
      http.get('/api/users', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error')),
      ),
    );
    const { user } = renderApp('/admin/people');
    expect(await screen.findByRole('alert')).toHaveTextContent('The people could not be loaded.');
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'People' })).toBeInTheDocument();
  });
});

const levelOf = (name: string) =>
  screen.getByRole('button', { name: new RegExp(`^Access level of ${name}: `) });
const ssoProviderOf = (name: string) =>
  screen.getByRole('button', { name: new RegExp(`^SSO provider of ${name}: `) });

describe('access level and SSO provider', () => {
  afterEach(() => server.events.removeAllListeners());

  it('asks before making a person an administrator, naming them and what they gain; Undo takes it back', async () => {
    const patches = recordBodies('PATCH', '/api/users/');
    const { user } = await openPeople();
    const grace = db.people[1]!;

    await user.click(levelOf('Grace Hopper'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Administrator' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Make Grace Hopper an administrator?',
    });
    expect(dialog).toHaveAccessibleDescription(
      `Grace Hopper (${grace.email}) will hold every privilege on every cluster and pipeline, whatever the access rules say, and can change people, teams, access rules and settings, including who else is an administrator.`,
    );
    // Cancel has the focus, and cancelling saves nothing.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(patches).toEqual([]);
    expect(levelOf('Grace Hopper')).toHaveAccessibleName('Access level of Grace Hopper: User');

    await user.click(levelOf('Grace Hopper'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Administrator' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Make administrator',
      }),
    );
    expect(await screen.findByText('Grace Hopper is now an administrator')).toBeInTheDocument();
    expect(db.people.find((p) => p.id === grace.id)!.level).toBe('administrator');
    expect(patches).toEqual([{ level: 'administrator' }]);

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(db.people.find((p) => p.id === grace.id)!.level).toBe('user'));
    await waitFor(() =>
      expect(levelOf('Grace Hopper')).toHaveAccessibleName('Access level of Grace Hopper: User'),
    );
  });

  it('saves nothing while the levels are browsed with the keyboard', async () => {
    const patches = recordBodies('PATCH', '/api/users/');
    const { user } = await openPeople();
    const button = levelOf('Grace Hopper');
    button.focus();

    // Arrow keys open the menu on the current level and move through the levels; a letter
    // moves to the level it starts; Escape leaves.
    await user.keyboard('{ArrowDown}');
    const menu = await screen.findByRole('menu', { name: 'Access level of Grace Hopper' });
    expect(within(menu).getByRole('menuitemradio', { name: 'User' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await user.keyboard('{ArrowDown}{ArrowUp}{ArrowDown}');
    await user.keyboard('a');
    expect(within(menu).getByRole('menuitemradio', { name: 'Administrator' })).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
    expect(button).toHaveFocus();
    expect(patches).toEqual([]);

    // Choosing with Enter asks; Escape there saves nothing either.
    await user.keyboard('{Enter}');
    await screen.findByRole('menu');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(
      await screen.findByRole('dialog', { name: 'Make Grace Hopper an administrator?' }),
    ).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(patches).toEqual([]);
    expect(db.people[1]!.level).toBe('user');
  });

  it('takes administrator access from someone else at once, with Undo', async () => {
    const alan = buildPerson({ name: 'Alan Turing', level: 'administrator' });
    db.people = [...db.people, alan];
    const { user } = await openPeople();

    await user.click(levelOf('Alan Turing'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'User' }));
    expect(
      await screen.findByText('Alan Turing is now a user, without the administration screens'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(db.people.find((p) => p.id === alan.id)!.level).toBe('user');

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() =>
      expect(db.people.find((p) => p.id === alan.id)!.level).toBe('administrator'),
    );
  });

  it('asks before the administrator steps down, and shows why the last one cannot', async () => {
    const { user } = await openPeople();

    await user.click(levelOf('Ada Lovelace'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'User' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Give up your administrator access?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Become a user' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Ada Lovelace's access level was not changed: Ada Lovelace is the account's last active administrator and cannot be demoted.",
    );
    expect(levelOf('Ada Lovelace')).toHaveAccessibleName(
      'Access level of Ada Lovelace: Administrator',
    );
    expect(db.people[0]!.level).toBe('administrator');
  });

  it('closes the administration screens to an administrator who steps down', async () => {
    db.people = [
      ...db.people,
      buildPerson({ name: 'Grace Admin', email: 'ga@example.com', level: 'administrator' }),
    ];
    server.use(
      http.patch('/api/users/{id}', async ({ response }) => {
        db.person = buildUser({ id: db.person.id, name: 'Ada Lovelace', email: 'ada@example.com' });
        return response(200).json({ ...db.people[0]!, level: 'user' });
      }),
    );
    const { user } = await openPeople();
    await user.click(levelOf('Ada Lovelace'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'User' }));
    await user.click(await screen.findByRole('button', { name: 'Become a user' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
  });

  it('asks before changing a person’s SSO provider, naming both, and saves nothing while browsing', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    db.ssoProviders = [
      okta,
      buildSsoProvider({
        type: 'saml',
        name: 'Corporate SAML',
        ssoUrl: 'https://idp.example/sso',
        entityId: 'urn:x',
        certificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
      } as never),
    ];
    db.people = db.people.map((p, i) =>
      i === 1 ? { ...p, ssoProvider: { id: okta.id, name: 'Okta' } } : p,
    );
    const patches = recordBodies('PATCH', '/api/users/');
    const { user } = await openPeople();
    const grace = db.people[1]!;
    await waitFor(() =>
      expect(ssoProviderOf('Grace Hopper')).toHaveAccessibleName(
        'SSO provider of Grace Hopper: Okta',
      ),
    );

    ssoProviderOf('Grace Hopper').focus();
    await user.keyboard('{ArrowDown}');
    const menu = await screen.findByRole('menu', { name: 'SSO provider of Grace Hopper' });
    expect(
      within(menu)
        .getAllByRole('menuitemradio')
        .map((item) => item.textContent),
    ).toEqual(['None', 'Corporate SAML', 'Okta']);
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowDown}{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
    expect(patches).toEqual([]);

    await user.click(ssoProviderOf('Grace Hopper'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Corporate SAML' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Have Grace Hopper sign in with Corporate SAML?',
    });
    expect(dialog).toHaveAccessibleDescription(
      `Grace Hopper (${grace.email}) will sign in with Corporate SAML instead of Okta: whoever Corporate SAML vouches for as ${grace.email} signs in as Grace Hopper, with all of their access.`,
    );
    expect(patches).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Change SSO provider' }));
    expect(
      await screen.findByText('Grace Hopper signs in with Corporate SAML'),
    ).toBeInTheDocument();
    expect(db.people[1]!.ssoProvider?.name).toBe('Corporate SAML');
    await user.click(screen.getByRole('button', { name: 'Close' }));

    await user.click(ssoProviderOf('Grace Hopper'));
    await user.click(await screen.findByRole('menuitemradio', { name: 'None' }));
    const removal = await screen.findByRole('dialog', {
      name: "Remove Grace Hopper's SSO provider?",
    });
    expect(removal).toHaveAccessibleDescription(
      `Grace Hopper (${grace.email}) will no longer sign in with Corporate SAML.`,
    );
    await user.click(within(removal).getByRole('button', { name: 'Remove SSO provider' }));
    expect(await screen.findByText('Grace Hopper has no SSO provider')).toBeInTheDocument();
    expect(patches).toEqual([{ ssoProviderId: db.ssoProviders[1]!.id }, { ssoProviderId: null }]);
  });
});

describe('inviting', () => {
  it('invites several people at once and shows each link, and why any address was refused', async () => {
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Invite people' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite people' });

    await user.type(
      within(dialog).getByRole('textbox', { name: /Email addresses/ }),
      'katherine@example.com, grace@example.com\nmargaret@example.com',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Send invitations' }));

    expect(
      await within(dialog).findByText('2 people invited. 1 address was not invited.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/grace@example.com is already a member/)).toBeInTheDocument();
    const link = within(dialog).getByRole('textbox', {
      name: 'Invitation link for katherine@example.com',
    });
    expect((link as HTMLInputElement).value).toMatch(
      /^http:\/\/localhost\/accept-invitation#token-/,
    );
    expect(within(dialog).getAllByText(/Perimeter does not send mail here/)).toHaveLength(2);

    await user.click(
      within(dialog).getByRole('button', {
        name: 'Copy the invitation link for katherine@example.com',
      }),
    );
    expect(await navigator.clipboard.readText()).toBe((link as HTMLInputElement).value);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('rowheader', { name: /^katherine/ })).toBeInTheDocument();
    expect(db.people.filter((p) => p.status === 'invited').map((p) => p.email)).toEqual([
      'katherine@example.com',
      'margaret@example.com',
    ]);
  });

  it('checks the addresses as they are typed, before sending anything', async () => {
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Invite people' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite people' });
    const field = within(dialog).getByRole('textbox', { name: /Email addresses/ });

    await user.type(field, 'ok@example.com, not-an-address');
    await user.tab();
    expect(
      await within(dialog).findByText('not-an-address is not a valid email address.'),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitations' }));
    expect(db.people).toHaveLength(2);
  });

  it('says when the links were mailed as well', async () => {
    db.accountSettings = { ...db.accountSettings, mailDelivery: 'smtp' };
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Invite people' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite people' });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Email addresses/ }),
      'new@example.com',
    );
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: /Access level/ }),
      'Administrator',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Send invitations' }));

    expect(await within(dialog).findByText(/Mailed to them as well/)).toBeInTheDocument();
    expect(db.people.at(-1)).toMatchObject({ email: 'new@example.com', level: 'administrator' });
  });
});

describe('invitations and removal', () => {
  it('sends an invited person a new link, shown to copy', async () => {
    const edsger = buildPerson({
      name: 'Edsger Dijkstra',
      status: 'invited',
      invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: true },
    });
    db.people = [...db.people, edsger];
    const { user } = await openPeople();

    await user.click(screen.getByRole('button', { name: 'Actions for Edsger Dijkstra' }));
    await user.click(screen.getByRole('menuitem', { name: 'Send a new invitation link' }));

    const dialog = await screen.findByRole('dialog', { name: 'New invitation link' });
    const link = within(dialog).getByRole('textbox', {
      name: `Invitation link for ${edsger.email}`,
    });
    expect((link as HTMLInputElement).value).toMatch(/accept-invitation#token-/);
    expect(within(dialog).getByText('The previous link no longer works.')).toBeInTheDocument();
  });

  it('issues an active person a password reset link, shown to copy; a new one replaces it', async () => {
    const { user } = await openPeople();

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'Password reset link' }));

    const dialog = await screen.findByRole('dialog', { name: 'Password reset link' });
    const link = within(dialog).getByRole('textbox', {
      name: 'Password reset link for grace@example.com',
    });
    const first = (link as HTMLInputElement).value;
    expect(first).toMatch(/\/reset-password#reset-/);
    expect(
      within(dialog).getByText(/Perimeter does not send mail here: copy the link/),
    ).toBeInTheDocument();
    expect(Object.keys(db.passwordResets)).toEqual([first.slice(first.indexOf('#') + 1)]);
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'Password reset link' }));
    const again = await screen.findByRole('textbox', {
      name: 'Password reset link for grace@example.com',
    });
    expect((again as HTMLInputElement).value).not.toBe(first);
    expect(Object.keys(db.passwordResets)).toHaveLength(1);
  });

  it('offers no password reset link for an invited person', async () => {
    db.people = [
      ...db.people,
      buildPerson({
        name: 'Edsger Dijkstra',
        status: 'invited',
        invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: false },
      }),
    ];
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Actions for Edsger Dijkstra' }));
    expect(
      await screen.findByRole('menuitem', { name: 'Withdraw invitation' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Password reset link' })).not.toBeInTheDocument();
  });

  it('says who signs in through a provider, and offers them no password reset link', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    const ref = { id: okta.id, name: 'Okta' };
    db.ssoProviders = [okta];
    db.people = [
      { ...db.people[0]!, ssoProvider: ref },
      buildPerson({ name: 'Katherine Johnson', ssoProvider: ref }),
      buildPerson({ name: 'Alan Turing' }),
    ];
    const { user } = await openPeople();

    expect(row('Katherine Johnson')).toHaveTextContent(
      'Signs in through Okta, not with a password',
    );
    // An administrator keeps a password as a way in.
    expect(row('Ada Lovelace')).toHaveTextContent(
      'Signs in through Okta; keeps a password as an administrator',
    );
    expect(row('Alan Turing')).not.toHaveTextContent('Signs in through');

    await user.click(screen.getByRole('button', { name: 'Actions for Katherine Johnson' }));
    expect(await screen.findByRole('menuitem', { name: 'End sessions' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Password reset link' })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Actions for Ada Lovelace' }));
    expect(
      await screen.findByRole('menuitem', { name: 'Password reset link' }),
    ).toBeInTheDocument();
  });

  it('withdraws an invitation after confirming', async () => {
    const edsger = buildPerson({
      name: 'Edsger Dijkstra',
      email: 'edsger@example.com',
      status: 'invited',
      invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: false },
    });
    db.people = [...db.people, edsger];
    const { user } = await openPeople();

    await user.click(screen.getByRole('button', { name: 'Actions for Edsger Dijkstra' }));
    await user.click(screen.getByRole('menuitem', { name: 'Withdraw invitation' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Withdraw the invitation of edsger@example.com?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw' }));

    expect(
      await screen.findByText('Invitation of edsger@example.com withdrawn'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: /Edsger/ })).not.toBeInTheDocument(),
    );
  });

  it('removes a person only after a confirmation that names them', async () => {
    const { user } = await openPeople();

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'Remove from account' }));
    let dialog = await screen.findByRole('dialog', { name: 'Remove Grace Hopper?' });
    expect(dialog).toHaveTextContent(
      'Grace Hopper (grace@example.com) loses access to Acme Corp at once',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.people).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'Remove from account' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove Grace Hopper?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await screen.findByText('Grace Hopper removed from the account')).toBeInTheDocument();
    expect(db.people.map((p) => p.name)).toEqual(['Ada Lovelace']);
  });

  it("ends a person's sessions only after a confirmation that says what happens", async () => {
    const { user } = await openPeople();
    const grace = db.people.find((p) => p.name === 'Grace Hopper')!;

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'End sessions' }));
    let dialog = await screen.findByRole('dialog', { name: 'End all sessions of Grace Hopper?' });
    expect(dialog).toHaveTextContent('signed out at its next request');
    expect(dialog).toHaveTextContent('Their personal API tokens keep working.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.sessionsEndedOf).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    await user.click(screen.getByRole('menuitem', { name: 'End sessions' }));
    dialog = await screen.findByRole('dialog', { name: 'End all sessions of Grace Hopper?' });
    await user.click(within(dialog).getByRole('button', { name: 'End sessions' }));

    expect(await screen.findByText('Grace Hopper signed out of 1 session')).toBeInTheDocument();
    expect(db.sessionsEndedOf).toEqual([grace.id]);
    expect(db.people).toHaveLength(2);
  });

  it('offers no session ending for an invited person, who has none', async () => {
    db.people = [
      ...db.people,
      buildPerson({
        name: 'Edsger Dijkstra',
        status: 'invited',
        invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: false },
      }),
    ];
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Actions for Edsger Dijkstra' }));
    expect(screen.getByRole('menuitem', { name: 'Withdraw invitation' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'End sessions' })).not.toBeInTheDocument();
  });

  it('explains why the last administrator cannot be removed', async () => {
    const { user } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Actions for Ada Lovelace' }));
    await user.click(screen.getByRole('menuitem', { name: 'Remove from account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove yourself from the account?' });
    expect(dialog).toHaveTextContent('You will be signed out.');
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /last active administrator and cannot be removed/,
    );
    expect(db.people).toHaveLength(2);
  });
});

describe('people with user level', () => {
  it('are told the People screen is for administrators, and the list is not requested', async () => {
    db.person = buildUser();
    server.use(
      http.get('/api/users', () => {
        throw new Error('the list must not be requested');
      }),
    );
    renderApp('/admin/people');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The People screen belongs/)).toBeInTheDocument();
  });
});

describe('people: CSV and checking access (issue 20)', () => {
  afterEach(() => {
    server.events.removeAllListeners();
    vi.restoreAllMocks();
  });

  it('downloads the people as searched, filtered and sorted now as CSV', async () => {
    const okta = buildSsoProvider({ name: 'Okta' });
    db.ssoProviders = [okta];
    db.people = [
      ...db.people,
      buildPerson({
        name: 'Katherine Johnson',
        email: 'katherine@example.com',
        ssoProvider: { id: okta.id, name: 'Okta' },
      }),
    ];
    const downloads = recordDownloads('/api/users');
    const { user } = await openPeople('/admin/people?q=kath&level=user&sort=-email&page=1');

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText('Downloaded perimeter-people-2026-03-02.csv'),
    ).toBeInTheDocument();
    // The search, filters and sort, and no paging: the server sends everyone who matches.
    expect(downloads.requests).toEqual([
      { query: { q: 'kath', level: 'user', sort: '-email' }, accept: 'text/csv' },
    ]);
    expect(downloads.saved).toEqual(['perimeter-people-2026-03-02.csv']);
    const lines = (await downloads.text()).split('\r\n');
    expect(lines[0]).toBe('name,email,level,teams,signIn,ssoProvider,status,lastSignIn,addedAt');
    expect(lines.slice(1, -1)).toEqual([
      expect.stringMatching(
        /^Katherine Johnson,katherine@example.com,user,users,sso,Okta,active,,/,
      ),
    ]);
  });

  it('says why a download failed, and offers none when nobody matches', async () => {
    server.use(
      http.get('/api/users', ({ request, response }) =>
        request.headers.get('Accept') === 'text/csv'
          ? response.untyped(problemResponse(503, 'Service Unavailable'))
          : response(200).json({
              items: new URL(request.url).searchParams.get('q') ? [] : db.people,
              total: new URL(request.url).searchParams.get('q') ? 0 : db.people.length,
              page: 1,
              pageSize: 20,
            }),
      ),
    );
    const { user, router } = await openPeople();
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(
      await screen.findByText(/^The people list was not downloaded: Perimeter could not complete/),
    ).toBeInTheDocument();

    await router.navigate('/admin/people?q=nobody');
    await screen.findByText('No one matches');
    expect(screen.queryByRole('button', { name: 'Download CSV' })).not.toBeInTheDocument();
  });

  it("opens the access explainer with a person chosen from their row's actions", async () => {
    const katherine = buildPerson({ name: 'Katherine Johnson', email: 'katherine@example.com' });
    db.people = [...db.people, katherine];
    const { user, router } = await openPeople();

    await user.click(screen.getByRole('button', { name: 'Actions for Katherine Johnson' }));
    await user.click(screen.getByRole('menuitem', { name: 'Check access' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/permissions'));
    expect(router.state.location.search).toBe(`?explainPerson=${katherine.id}`);
    expect(router.state.location.hash).toBe('#check-access');
    const section = await screen.findByRole('region', { name: 'Check access' });
    await waitFor(() =>
      expect(within(section).getByRole('combobox', { name: 'Person' })).toHaveValue(
        'Katherine Johnson',
      ),
    );
  });
});
