import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { meQueryOptions } from '@/entities/me/api/get-me';
import { db } from '@/testing/mocks/db';
import {
  buildAccountApiToken,
  buildApiToken,
  buildProblem,
  buildSecuritySettings,
  buildUser,
} from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit, problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openSecurity() {
  const app = renderApp('/admin/security');
  expect(await screen.findByRole('heading', { level: 1, name: 'Security' })).toBeInTheDocument();
  await screen.findByRole('region', { name: 'Idle timeout' });
  return app;
}

const amountField = () => screen.getByRole('textbox', { name: 'Idle timeout' });
const unitField = () => screen.getByRole('combobox', { name: 'Unit' });
const saveButton = () => screen.getByRole('button', { name: 'Save' });
/** The definition list's value for `term`. */
const shown = (term: string) => screen.getByText(term).nextElementSibling;

const LIMITS = 'At least 15 minutes, at most 30 days.';
const TOO_SHORT = 'The idle timeout is at least 15 minutes.';
const TOO_LONG = 'The idle timeout is at most 30 days (43,200 minutes).';

/** The JSON bodies of `PUT /api/settings/security`. */
function recordSaves(): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method !== 'PUT' || new URL(request.url).pathname !== '/api/settings/security') {
      return;
    }
    void request
      .clone()
      .json()
      .then((body: unknown) => bodies.push(body));
  });
  return bodies;
}

/** Replaces the number typed with `amount` and picks `unit`. */
async function enter(
  user: ReturnType<typeof renderApp>['user'],
  amount: string,
  unit: 'minutes' | 'hours' | 'days',
) {
  await user.selectOptions(unitField(), unit);
  await user.clear(amountField());
  await user.type(amountField(), amount);
}

afterEach(() => server.events.removeAllListeners());

describe('security: the idle timeout', () => {
  it('explains the timeout, and shows its value and that nobody has changed the default', async () => {
    await openSecurity();

    const section = screen.getByRole('region', { name: 'Idle timeout' });
    expect(section).toHaveTextContent(/A warning counts down for 90 seconds first/);
    expect(section).toHaveTextContent(/every open tab signs out together/);
    expect(section).toHaveTextContent(/the server ends an idle session on its own too/);
    expect(shown('Current timeout')).toHaveTextContent('1 hour');
    expect(shown('Last changed by')).toHaveTextContent('Nobody yet: this is the default.');
    // The form opens on the value in the largest unit that holds it whole.
    expect(amountField()).toHaveValue('1');
    expect(unitField()).toHaveValue('hours');
    expect(amountField()).toHaveAccessibleDescription(LIMITS);
  });

  it('shows who changed it last, and when', async () => {
    db.securitySettings = buildSecuritySettings({
      idleTimeoutMinutes: 2 * 24 * 60,
      updatedAt: '2026-03-01T09:30:00.000Z',
      updatedBy: { id: db.person.id, name: 'Grace Hopper' },
    });
    await openSecurity();

    expect(shown('Current timeout')).toHaveTextContent('2 days');
    const when = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date('2026-03-01T09:30:00.000Z'));
    expect(shown('Last changed by')).toHaveTextContent(`Grace Hopper, ${when}`);
    expect(amountField()).toHaveValue('2');
    expect(unitField()).toHaveValue('days');
  });

  it('says so when the person who changed it has left the account', async () => {
    db.securitySettings = buildSecuritySettings({
      idleTimeoutMinutes: 90,
      updatedAt: '2026-03-01T09:30:00.000Z',
      updatedBy: null,
    });
    await openSecurity();

    expect(shown('Current timeout')).toHaveTextContent('90 minutes');
    expect(shown('Last changed by')).toHaveTextContent(/by someone no longer in the account$/);
    expect(unitField()).toHaveValue('minutes');
  });

  it('refuses 14 minutes as it is typed, and takes 15', async () => {
    const saves = recordSaves();
    const { user } = await openSecurity();

    await enter(user, '14', 'minutes');
    expect(amountField()).toHaveAttribute('aria-invalid', 'true');
    expect(amountField()).toHaveAccessibleDescription(TOO_SHORT);
    await user.click(saveButton());
    expect(amountField()).toHaveFocus();
    expect(saves).toEqual([]);

    await user.type(amountField(), '{Backspace}5');
    expect(amountField()).not.toHaveAttribute('aria-invalid', 'true');
    expect(amountField()).toHaveAccessibleDescription(LIMITS);
    await user.click(saveButton());

    expect(await screen.findByText('Idle timeout set to 15 minutes')).toBeInTheDocument();
    expect(saves).toEqual([{ idleTimeoutMinutes: 15 }]);
    expect(db.securitySettings.idleTimeoutMinutes).toBe(15);
  });

  it('takes 30 days and refuses 31', async () => {
    const saves = recordSaves();
    const { user } = await openSecurity();

    await enter(user, '31', 'days');
    expect(amountField()).toHaveAccessibleDescription(TOO_LONG);
    await user.click(saveButton());
    expect(saves).toEqual([]);

    await user.clear(amountField());
    await user.type(amountField(), '30');
    expect(amountField()).not.toHaveAttribute('aria-invalid', 'true');
    await user.click(saveButton());

    expect(await screen.findByText('Idle timeout set to 30 days')).toBeInTheDocument();
    expect(saves).toEqual([{ idleTimeoutMinutes: 30 * 24 * 60 }]);
  });

  it('converts the unit into minutes, and judges the number again when the unit changes', async () => {
    const saves = recordSaves();
    const { user } = await openSecurity();

    await enter(user, '14', 'minutes');
    expect(amountField()).toHaveAccessibleDescription(TOO_SHORT);
    // The same number of hours is a fine timeout: the refusal goes at once.
    await user.selectOptions(unitField(), 'hours');
    expect(amountField()).not.toHaveAttribute('aria-invalid', 'true');
    // …and 14 × 1,440 minutes is over the limit.
    await user.type(amountField(), '0');
    await user.selectOptions(unitField(), 'days');
    expect(amountField()).toHaveAccessibleDescription(TOO_LONG);
    await user.selectOptions(unitField(), 'hours');
    await user.click(saveButton());

    expect(await screen.findByText('Idle timeout set to 140 hours')).toBeInTheDocument();
    expect(saves).toEqual([{ idleTimeoutMinutes: 140 * 60 }]);
  });

  it('refuses what is not a whole number', async () => {
    const { user } = await openSecurity();

    await enter(user, '1.5', 'hours');
    expect(amountField()).toHaveAccessibleDescription('Enter a whole number.');
    await user.clear(amountField());
    expect(amountField()).toHaveAccessibleDescription('Enter the idle timeout.');
  });

  it('saves, confirms, shows who changed it, and refreshes the timeout the console runs on', async () => {
    const { user, queryClient } = await openSecurity();

    await enter(user, '8', 'hours');
    await user.click(saveButton());

    expect(await screen.findByText('Idle timeout set to 8 hours')).toBeInTheDocument();
    expect(shown('Current timeout')).toHaveTextContent('8 hours');
    expect(shown('Last changed by')).toHaveTextContent(`${db.person.name}, `);
    expect(amountField()).toHaveValue('8');
    expect(unitField()).toHaveValue('hours');
    await waitFor(() =>
      expect(queryClient.getQueryData(meQueryOptions().queryKey)?.account.idleTimeoutMinutes).toBe(
        480,
      ),
    );
    expect(db.auditEntries.map((entry) => entry.action)).toEqual(['settings.security.updated']);
  });

  it("shows the API's refusal on the field", async () => {
    server.use(
      http.put('/api/settings/security', ({ response }) =>
        response(422).json(
          buildProblem(422, 'Invalid input', {
            detail: 'The idle timeout is at least 15 minutes.',
            errors: [{ path: 'idleTimeoutMinutes', message: 'The server says no to 20 minutes.' }],
          }),
          problemInit,
        ),
      ),
    );
    const { user } = await openSecurity();

    await enter(user, '20', 'minutes');
    await user.click(saveButton());

    await waitFor(() =>
      expect(amountField()).toHaveAccessibleDescription('The server says no to 20 minutes.'),
    );
    expect(amountField()).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(db.securitySettings.idleTimeoutMinutes).toBe(60);
  });

  it('says why a save failed for any other reason', async () => {
    server.use(
      http.put('/api/settings/security', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error', { requestId: 'req-9' })),
      ),
    );
    const { user } = await openSecurity();

    await enter(user, '2', 'hours');
    await user.click(saveButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not saved: Perimeter could not complete the request (reference req-9).',
    );
  });

  it('offers to try again when the settings cannot be loaded', async () => {
    server.use(
      http.get('/api/settings/security', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable')),
      ),
    );
    const { user } = renderApp('/admin/security');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The security settings could not be loaded.');
    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Idle timeout' })).toBeInTheDocument();
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/security');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Security screen belongs/)).toBeInTheDocument();
  });
});

describe('signing everyone else out', () => {
  it('signs everyone but this session out after a confirmation that says what happens', async () => {
    const { user } = await openSecurity();
    const section = screen.getByRole('region', { name: 'Sessions' });

    await user.click(within(section).getByRole('button', { name: 'Sign everyone else out' }));
    let dialog = await screen.findByRole('dialog', { name: 'Sign everyone else out?' });
    expect(dialog).toHaveTextContent('Every session in the account except this one ends');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.everyoneSignedOut).toBe(0);

    await user.click(within(section).getByRole('button', { name: 'Sign everyone else out' }));
    dialog = await screen.findByRole('dialog', { name: 'Sign everyone else out?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign everyone out' }));

    expect(await screen.findByText('Signed out 3 sessions')).toBeInTheDocument();
    expect(db.everyoneSignedOut).toBe(1);
  });

  it('says why nobody was signed out', async () => {
    server.use(
      http.post('/api/settings/security/end-sessions', ({ response }) =>
        response.untyped(problemResponse(503, 'Service Unavailable', { requestId: 'req-7' })),
      ),
    );
    const { user } = await openSecurity();
    await user.click(screen.getByRole('button', { name: 'Sign everyone else out' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign everyone else out?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign everyone out' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Nobody was signed out: Perimeter could not complete the request (reference req-7).',
    );
  });
});

describe('API tokens of the account', () => {
  it('lists every token with its owner, access, last use and expiry, and searches them', async () => {
    db.tokens = [buildApiToken({ name: 'my-script', createdAt: '2026-03-02T09:00:00.000Z' })];
    db.othersTokens = [
      buildAccountApiToken({
        name: 'grafana',
        scope: 'read',
        lastUsedAt: '2026-04-01T10:00:00.000Z',
        owner: { id: 'alan', name: 'Alan Turing', email: 'alan@example.com', level: 'user' },
      }),
      buildAccountApiToken({
        name: 'old-admin-script',
        administrator: true,
        owner: { id: 'grace', name: 'Grace Hopper', email: 'grace@example.com', level: 'user' },
      }),
    ];
    const { user } = await openSecurity();
    const section = screen.getByRole('region', { name: 'API tokens' });
    const table = await within(section).findByRole('table', { name: 'API tokens of the account' });

    const grafana = within(table)
      .getByRole('rowheader', { name: /grafana/ })
      .closest('tr')!;
    expect(grafana).toHaveTextContent('Alan Turing');
    expect(grafana).toHaveTextContent('alan@example.com');
    expect(grafana).toHaveTextContent('Read only');
    expect(grafana).not.toHaveTextContent('Never');
    const mine = within(table)
      .getByRole('rowheader', { name: /my-script/ })
      .closest('tr')!;
    expect(mine).toHaveTextContent(db.person.name);
    expect(mine).toHaveTextContent('Read and write');
    // Administrative rights that a demoted owner's token cannot use say so.
    const old = within(table)
      .getByRole('rowheader', { name: /old-admin-script/ })
      .closest('tr')!;
    expect(old).toHaveTextContent('Read and write, administrative rights');
    expect(old).toHaveTextContent('Not in force: the owner is not an administrator');

    await user.type(
      within(section).getByRole('searchbox', { name: 'Search tokens and owners' }),
      'alan',
    );
    await waitFor(() =>
      expect(within(table).queryByRole('rowheader', { name: /my-script/ })).not.toBeInTheDocument(),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it("revokes someone else's token after a confirmation that names its owner", async () => {
    db.othersTokens = [
      buildAccountApiToken({
        name: 'grafana',
        owner: { id: 'alan', name: 'Alan Turing', email: 'alan@example.com', level: 'user' },
      }),
    ];
    const { user } = await openSecurity();
    const section = screen.getByRole('region', { name: 'API tokens' });

    await user.click(
      await within(section).findByRole('button', { name: 'Revoke token grafana of Alan Turing' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Revoke token grafana?' });
    expect(dialog).toHaveTextContent('Alan Turing’s token grafana will be refused from now on');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Token grafana of Alan Turing revoked')).toBeInTheDocument();
    expect(db.othersTokens).toEqual([]);
    expect(await within(section).findByText('Nobody has an API token.')).toBeInTheDocument();
  });
});
