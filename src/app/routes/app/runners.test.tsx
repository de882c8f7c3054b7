import { screen, waitFor, within } from '@testing-library/react';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildRunner, buildUser } from '@/testing/mocks/factories';
import { renderApp } from '@/testing/test-utils';

async function openRunners() {
  const app = renderApp('/admin/runners');
  expect(await screen.findByRole('heading', { level: 1, name: 'Runners' })).toBeInTheDocument();
  return app;
}

const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr')!;

afterEach(() => {
  vi.useRealTimers();
});

describe('runners screen', () => {
  it('shows each runner with its state, last poll, version and app-proxy', async () => {
    const polled = new Date(Date.now() - 5_000).toISOString();
    db.runners = [
      buildRunner({ name: 'dc-eu-1', state: 'online', lastPollAt: polled, appProxy: true }),
      buildRunner({
        name: 'dc-us-1',
        state: 'offline',
        lastPollAt: '2026-03-01T10:00:00.000Z',
        version: '0.9.2',
      }),
      buildRunner({
        name: 'lab',
        state: 'waiting',
        registeredAt: null,
        lastPollAt: null,
        version: null,
      }),
      buildRunner({ name: 'old', state: 'revoked', revokedAt: '2026-03-02T10:00:00.000Z' }),
    ];
    await openRunners();
    await screen.findByRole('table', { name: 'Runners' });

    const online = within(row('dc-eu-1'));
    expect(online.getByText('Online')).toBeInTheDocument();
    expect(online.getByText(/seconds? ago|now/)).toBeInTheDocument();
    expect(online.getByText('Yes')).toBeInTheDocument();
    expect(online.getByRole('button', { name: 'Revoke runner dc-eu-1' })).toBeInTheDocument();

    const offline = within(row('dc-us-1'));
    expect(offline.getByText('Offline')).toBeInTheDocument();
    expect(offline.getByText('0.9.2')).toBeInTheDocument();
    expect(offline.getByText('No')).toBeInTheDocument();
    // The exact time is written out beside the relative one.
    const exact = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(new Date('2026-03-01T10:00:00.000Z'));
    expect(offline.getByText(exact)).toBeInTheDocument();

    const waiting = within(row('lab'));
    expect(waiting.getByText('Waiting to register')).toBeInTheDocument();
    expect(waiting.getByText('Never')).toBeInTheDocument();

    const revoked = within(row('old'));
    expect(revoked.getByText('Revoked')).toBeInTheDocument();
    expect(revoked.queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('refreshes the states while shown, so a runner that starts polling turns online', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const runner = buildRunner({
      name: 'dc-eu-1',
      state: 'waiting',
      registeredAt: null,
      lastPollAt: null,
      version: null,
    });
    db.runners = [runner];
    await openRunners();
    expect(await screen.findByText('Waiting to register')).toBeInTheDocument();

    // The runner registers and polls; nobody touches the page.
    db.runners = [
      { ...runner, state: 'online', registeredAt: new Date().toISOString(), version: '1.2.0' },
    ];
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    await waitFor(() => expect(within(row('dc-eu-1')).getByText('Online')).toBeInTheDocument());
    expect(within(row('dc-eu-1')).getByText('1.2.0')).toBeInTheDocument();
  });

  it('says what to do when there are no runners', async () => {
    await openRunners();
    expect(await screen.findByText('No runners yet.')).toBeInTheDocument();
  });

  it('registers a runner and shows its token and start command once', async () => {
    const { user } = await openRunners();
    await user.click(await screen.findByRole('button', { name: 'Register a runner' }));
    const form = await screen.findByRole('dialog', { name: 'Register a runner' });

    await user.click(within(form).getByRole('button', { name: 'Register runner' }));
    expect(await within(form).findByText('Name the runner.')).toBeInTheDocument();

    await user.type(within(form).getByRole('textbox', { name: 'Runner name' }), 'dc-eu-1');
    await user.click(within(form).getByRole('button', { name: 'Register runner' }));

    const shown = await screen.findByRole('dialog', { name: 'Start runner dc-eu-1' });
    const token = within(shown).getByRole('textbox', { name: 'Registration token' });
    expect((token as HTMLInputElement).value).toMatch(/^prr_mock_/);
    expect(
      within(shown).getByText(/only time Perimeter shows this registration token/),
    ).toBeInTheDocument();
    expect(within(shown).getByRole('textbox', { name: 'Command' })).toHaveValue(
      `PERIMETER_REGISTRATION_TOKEN=${(token as HTMLInputElement).value} npm run runner -- --url ${window.location.origin} --state-file ~/.perimeter-runner.json`,
    );
    await user.click(within(shown).getByRole('button', { name: 'Copy the command' }));
    expect(await within(shown).findByText('Copied to the clipboard.')).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(row('dc-eu-1')).getByText('Waiting to register')).toBeInTheDocument();
    expect(screen.queryByText(/prr_mock_/)).not.toBeInTheDocument();

    // Opening the dialog again starts from the name: the token is never shown twice.
    await user.click(screen.getByRole('button', { name: 'Register a runner' }));
    const again = await screen.findByRole('dialog', { name: 'Register a runner' });
    expect(within(again).getByRole('textbox', { name: 'Runner name' })).toHaveValue('');
  });

  it('shows the server refusing a duplicate name on the name field', async () => {
    db.runners = [buildRunner({ name: 'dc-eu-1' })];
    const { user } = await openRunners();
    await user.click(await screen.findByRole('button', { name: 'Register a runner' }));
    const form = await screen.findByRole('dialog', { name: 'Register a runner' });
    await user.type(within(form).getByRole('textbox', { name: 'Runner name' }), 'DC-EU-1');
    await user.click(within(form).getByRole('button', { name: 'Register runner' }));
    const name = within(form).getByRole('textbox', { name: 'Runner name' });
    await waitFor(() => expect(name).toHaveAccessibleDescription(/already a runner named/));
  });

  it('revokes a runner after saying what happens to it', async () => {
    db.runners = [buildRunner({ name: 'dc-eu-1' })];
    const { user } = await openRunners();
    await user.click(await screen.findByRole('button', { name: 'Revoke runner dc-eu-1' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke runner dc-eu-1?' });
    expect(confirm).toHaveTextContent('refused at its next poll');
    expect(confirm).toHaveTextContent('the queued runs only it could take, are cancelled');

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.runners[0]!.state).toBe('online');

    await user.click(screen.getByRole('button', { name: 'Revoke runner dc-eu-1' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke runner dc-eu-1?' })).getByRole(
        'button',
        { name: 'Revoke' },
      ),
    );
    expect(await screen.findByText('Runner dc-eu-1 revoked')).toBeInTheDocument();
    await waitFor(() => expect(within(row('dc-eu-1')).getByText('Revoked')).toBeInTheDocument());
  });

  it('is for administrators only', async () => {
    db.person = buildUser();
    renderApp('/admin/runners');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Runners' })).not.toBeInTheDocument();
  });
});
