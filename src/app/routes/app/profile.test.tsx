import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MOCK_PASSWORD, db } from '@/testing/mocks/db';
import { buildApiToken, buildProblem, buildSession } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit, problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openProfile() {
  const app = renderApp('/profile');
  expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();
  return app;
}

describe('profile: name', () => {
  it('renames the person and shows the new name in the app bar', async () => {
    const { user } = await openProfile();
    const field = screen.getByLabelText(/Display name/);

    await user.clear(field);
    await user.type(field, 'Augusta Ada King');
    await user.click(screen.getByRole('button', { name: 'Save name' }));

    expect(await screen.findByText('Name saved')).toBeInTheDocument();
    expect(db.person.name).toBe('Augusta Ada King');
    expect(within(screen.getByRole('banner')).getByText('Augusta Ada King')).toBeInTheDocument();
  });

  it("puts the server's objection on the name field", async () => {
    server.use(
      http.patch('/api/me', ({ response }) =>
        response(422).json(
          buildProblem(422, 'Unprocessable Content', {
            errors: [{ path: 'name', message: 'A name cannot contain control characters.' }],
          }),
          problemInit,
        ),
      ),
    );
    const { user } = await openProfile();

    await user.type(screen.getByLabelText(/Display name/), ' II');
    await user.click(screen.getByRole('button', { name: 'Save name' }));

    expect(
      await screen.findByText('A name cannot contain control characters.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Display name/)).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('profile: notification settings', () => {
  it('saves a setting as soon as it is switched and confirms it', async () => {
    const { user } = await openProfile();
    const toggle = screen.getByRole('switch', { name: 'Email me when a build succeeds' });
    expect(toggle).not.toBeChecked();

    await user.click(toggle);

    expect(toggle).toBeChecked();
    expect(await screen.findByText('Notification settings saved')).toBeInTheDocument();
    expect(db.person.notifications).toEqual({
      buildFailed: true,
      buildSucceeded: true,
      approvalPending: true,
    });
  });

  it('turns the switch back and says so when saving fails', async () => {
    server.use(
      http.patch('/api/me', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable', { requestId: 'req-42' })),
      ),
    );
    const { user } = await openProfile();
    const toggle = screen.getByRole('switch', { name: 'Email me when a build fails' });
    expect(toggle).toBeChecked();

    await user.click(toggle);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Notification settings not saved: Perimeter could not complete the request (reference req-42).',
    );
    expect(toggle).toBeChecked();
    expect(db.person.notifications.buildFailed).toBe(true);
  });
});

describe('profile: personal API tokens', () => {
  it('says so when there are no tokens yet', async () => {
    await openProfile();

    expect(await screen.findByText('You have no personal API tokens.')).toBeInTheDocument();
  });

  it('offers to try again when the tokens cannot be loaded', async () => {
    server.use(
      http.get('/api/me/tokens', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error')),
      ),
    );
    const { user } = await openProfile();

    expect(await screen.findByRole('alert')).toHaveTextContent('Your tokens could not be loaded.');
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('You have no personal API tokens.')).toBeInTheDocument();
  });

  it('creates a token, shows its value once, then lists it without the value', async () => {
    const { user } = await openProfile();

    await user.type(screen.getByLabelText(/Token name/), 'deploy-script');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Expires' }), '30 days');
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    const dialog = await screen.findByRole('dialog', { name: 'Copy your new token' });
    const value = within(dialog).getByLabelText('Token');
    const token = (value as HTMLInputElement).value;
    expect(token).toMatch(/^prm_/);
    expect(value).toHaveAttribute('readonly');
    expect(within(dialog).getByText(/only time Perimeter shows this token/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Copy token' }));
    expect(await navigator.clipboard.readText()).toBe(token);
    expect(within(dialog).getByRole('status')).toHaveTextContent('Copied to the clipboard.');

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const row = (await screen.findByRole('rowheader', { name: 'deploy-script' })).closest('tr');
    expect(row).not.toBeNull();
    expect(screen.queryByDisplayValue(token)).not.toBeInTheDocument();
    expect(db.tokens[0]?.expiresAt).not.toBeNull();
    expect(screen.getByLabelText(/Token name/)).toHaveValue('');
  });

  it('revokes a token only after the person confirms', async () => {
    db.tokens = [buildApiToken({ name: 'ci-runner' }), buildApiToken({ name: 'backup' })];
    const { user } = await openProfile();

    await user.click(await screen.findByRole('button', { name: 'Revoke token ci-runner' }));
    let dialog = await screen.findByRole('dialog', { name: 'Revoke token ci-runner?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.tokens).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Revoke token ci-runner' }));
    dialog = await screen.findByRole('dialog', { name: 'Revoke token ci-runner?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Token ci-runner revoked')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByRole('rowheader', { name: 'ci-runner' })).not.toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'backup' })).toBeInTheDocument();
    expect(db.tokens.map((token) => token.name)).toEqual(['backup']);
  });
});

describe('profile: token scopes and expiry', () => {
  /** The JSON bodies of `POST /api/me/tokens`. */
  function recordCreations(): Record<string, unknown>[] {
    const bodies: Record<string, unknown>[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method !== 'POST' || new URL(request.url).pathname !== '/api/me/tokens') return;
      void request
        .clone()
        .json()
        .then((body: Record<string, unknown>) => bodies.push(body));
    });
    return bodies;
  }
  afterEach(() => server.events.removeAllListeners());

  /** `YYYY-MM-DD`, `days` from today in the local time zone. */
  const dayFromToday = (days: number) => {
    const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  };

  it('creates a read-only token by default, expiring on a chosen day within a year', async () => {
    const bodies = recordCreations();
    const { user } = await openProfile();
    expect(screen.getByRole('combobox', { name: 'Access' })).toHaveDisplayValue('Read only');

    await user.type(screen.getByLabelText(/Token name/), 'grafana');
    await user.selectOptions(screen.getByRole('combobox', { name: /Expires/ }), 'On a date…');
    const day = screen.getByLabelText(/Expires on/);
    await user.type(day, dayFromToday(400));
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(
      await screen.findByText('A token lives at most 365 days: choose a day within a year.'),
    ).toBeInTheDocument();
    expect(bodies).toEqual([]);

    await user.clear(day);
    await user.type(day, dayFromToday(60));
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    await screen.findByRole('dialog', { name: 'Copy your new token' });
    expect(bodies).toEqual([
      {
        name: 'grafana',
        scope: 'read',
        administrator: false,
        expiresAt: new Date(`${dayFromToday(60)}T00:00:00`).toISOString(),
      },
    ]);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    const row = (await screen.findByRole('rowheader', { name: 'grafana' })).closest('tr')!;
    expect(row).toHaveTextContent('Read only');
  });

  it('offers an administrator administrative rights, with the reason, and gives them only when ticked', async () => {
    const bodies = recordCreations();
    const { user } = await openProfile();
    const rights = screen.getByRole('checkbox', { name: 'Administrative rights' });
    expect(rights).not.toBeChecked();
    expect(rights).toHaveAccessibleDescription(/Without them it acts as a person with user level/);

    await user.type(screen.getByLabelText(/Token name/), 'terraform');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Access' }), 'Read and write');
    await user.click(rights);
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    await screen.findByRole('dialog', { name: 'Copy your new token' });
    expect(bodies).toEqual([
      { name: 'terraform', scope: 'read-write', administrator: true, expiresInDays: 90 },
    ]);
    expect(db.tokens[0]).toMatchObject({ scope: 'read-write', administrator: true });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    const row = (await screen.findByRole('rowheader', { name: 'terraform' })).closest('tr')!;
    expect(row).toHaveTextContent('Read and write, administrative rights');
  });

  it('does not offer administrative rights to a person with user level', async () => {
    db.person = { ...db.person, level: 'user' };
    await openProfile();
    await screen.findByRole('button', { name: 'Create token' });
    expect(
      screen.queryByRole('checkbox', { name: 'Administrative rights' }),
    ).not.toBeInTheDocument();
  });

  it("puts the server's objection to the expiry on the field", async () => {
    server.use(
      http.post('/api/me/tokens', ({ response }) =>
        response(422).json(
          buildProblem(422, 'Unprocessable Content', {
            errors: [{ path: 'expiresAt', message: 'A token lives at most 365 days.' }],
          }),
          problemInit,
        ),
      ),
    );
    const { user } = await openProfile();
    await user.type(screen.getByLabelText(/Token name/), 'late');
    await user.selectOptions(screen.getByRole('combobox', { name: /Expires/ }), 'On a date…');
    await user.type(screen.getByLabelText(/Expires on/), dayFromToday(365));
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByText('A token lives at most 365 days.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Expires on/)).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('profile: sessions', () => {
  it('lists my sessions with device, address and times, and marks this one', async () => {
    db.sessions = [
      buildSession({ current: true, device: 'Chrome 140 on macOS', address: '192.0.2.10' }),
      buildSession({ device: 'Safari 17 on iOS', address: '198.51.100.7' }),
    ];
    await openProfile();

    const table = await screen.findByRole('table', { name: 'Sessions' });
    const current = within(table).getByRole('rowheader', { name: 'Chrome 140 on macOS' });
    expect(current.closest('tr')).toHaveTextContent('This session');
    expect(current.closest('tr')).toHaveTextContent('192.0.2.10');
    const phone = within(table).getByRole('rowheader', { name: 'Safari 17 on iOS' }).closest('tr')!;
    expect(phone).toHaveTextContent('198.51.100.7');
    expect(within(phone).getByRole('button', { name: /^Sign out Safari 17 on iOS/ })).toBeVisible();
    // This session is signed out from the app bar, not from here.
    expect(
      within(current.closest('tr')!).queryByRole('button', { name: /^Sign out/ }),
    ).not.toBeInTheDocument();
  });

  it('signs out another session only after the person confirms', async () => {
    db.sessions = [
      buildSession({ current: true, device: 'Chrome 140 on macOS' }),
      buildSession({ device: 'Safari 17 on iOS' }),
      buildSession({ device: 'Firefox 128 on Linux' }),
    ];
    const { user } = await openProfile();

    await user.click(await screen.findByRole('button', { name: /^Sign out Safari 17 on iOS/ }));
    let dialog = await screen.findByRole('dialog', { name: 'Sign out Safari 17 on iOS?' });
    expect(dialog).toHaveTextContent('signed out at its next request');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.sessions).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: /^Sign out Safari 17 on iOS/ }));
    dialog = await screen.findByRole('dialog', { name: 'Sign out Safari 17 on iOS?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Signed out Safari 17 on iOS')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: 'Safari 17 on iOS' })).not.toBeInTheDocument(),
    );
    expect(db.sessions.map((session) => session.device)).toEqual([
      'Chrome 140 on macOS',
      'Firefox 128 on Linux',
    ]);
  });

  it('signs out all other sessions after a confirmation that says what happens', async () => {
    db.sessions = [
      buildSession({ current: true, device: 'Chrome 140 on macOS' }),
      buildSession({ device: 'Safari 17 on iOS' }),
      buildSession({ device: 'Firefox 128 on Linux' }),
    ];
    const { user } = await openProfile();

    await user.click(await screen.findByRole('button', { name: 'Sign out all other sessions' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out all other sessions?' });
    expect(dialog).toHaveTextContent('except this one');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByText('Signed out 2 other sessions')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Sign out all other sessions' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('rowheader', { name: 'Chrome 140 on macOS' })).toBeInTheDocument();
    expect(db.sessions).toHaveLength(1);
  });

  it('says why a session was not signed out and keeps it listed', async () => {
    db.sessions = [
      buildSession({ current: true, device: 'Chrome 140 on macOS' }),
      buildSession({ device: 'Safari 17 on iOS' }),
    ];
    server.use(
      http.delete('/api/me/sessions/{id}', ({ response }) =>
        response.untyped(
          problemResponse(404, 'Not found', { detail: 'There is no such session of yours.' }),
        ),
      ),
    );
    const { user } = await openProfile();

    await user.click(await screen.findByRole('button', { name: /^Sign out Safari 17 on iOS/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out Safari 17 on iOS?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Safari 17 on iOS not signed out: There is no such session of yours.',
    );
  });

  it('offers to try again when the sessions cannot be loaded', async () => {
    server.use(
      http.get('/api/me/sessions', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error')),
      ),
    );
    const { user } = await openProfile();

    expect(await screen.findByText('Your sessions could not be loaded.')).toBeInTheDocument();
    server.resetHandlers();
    await user.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);

    expect(await screen.findByRole('table', { name: 'Sessions' })).toBeInTheDocument();
  });
});

describe('profile: change password', () => {
  function form() {
    return within(screen.getByRole('form', { name: 'Change password' }));
  }

  it('changes the password with the current one and says the other sessions ended', async () => {
    const { user } = await openProfile();
    expect(
      form().getByText(/At least 12 characters; a passphrase of a few words/),
    ).toBeInTheDocument();

    await user.type(form().getByLabelText(/Current password/), MOCK_PASSWORD);
    await user.type(form().getByLabelText(/New password/), 'a brand new passphrase');
    await user.click(form().getByRole('button', { name: 'Change password' }));

    expect(await form().findByRole('status')).toHaveTextContent(
      'Your password has been changed. Your other sessions have been signed out.',
    );
    expect(db.password).toBe('a brand new passphrase');
    // The passwords do not stay in the form.
    expect(form().getByLabelText(/Current password/)).toHaveValue('');
    expect(form().getByLabelText(/New password/)).toHaveValue('');
  });

  it('puts a wrong current password on its field and keeps the old password', async () => {
    const { user } = await openProfile();
    await user.type(form().getByLabelText(/Current password/), 'not the password');
    await user.type(form().getByLabelText(/New password/), 'a brand new passphrase');
    await user.click(form().getByRole('button', { name: 'Change password' }));

    expect(await form().findByText('That is not your current password.')).toBeInTheDocument();
    expect(form().getByLabelText(/Current password/)).toHaveAttribute('aria-invalid', 'true');
    expect(form().queryByRole('status')).not.toBeInTheDocument();
    expect(db.password).toBe(MOCK_PASSWORD);
  });

  it('checks the strength rule before sending anything', async () => {
    const { user } = await openProfile();
    await user.type(form().getByLabelText(/Current password/), MOCK_PASSWORD);
    await user.type(form().getByLabelText(/New password/), 'short');
    await user.click(form().getByRole('button', { name: 'Change password' }));

    expect(await form().findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(db.password).toBe(MOCK_PASSWORD);
  });

  it('shows a refusal that is not about a field, such as the sign-in throttle', async () => {
    server.use(
      http.post('/api/me/password', ({ response }) =>
        response(429).json(
          buildProblem(429, 'Too Many Requests', {
            detail: 'Too many failed sign-ins. Try again in 15 minutes.',
          }),
          problemInit,
        ),
      ),
    );
    const { user } = await openProfile();
    await user.type(form().getByLabelText(/Current password/), MOCK_PASSWORD);
    await user.type(form().getByLabelText(/New password/), 'a brand new passphrase');
    await user.click(form().getByRole('button', { name: 'Change password' }));

    expect(
      await form().findByText('Too many failed sign-ins. Try again in 15 minutes.'),
    ).toBeInTheDocument();
  });
});
