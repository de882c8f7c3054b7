import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_REPORT_INTERVAL_MS, IDLE_WARNING_MS } from '@/lib/idle-timer';
import { db, MOCK_PASSWORD } from '@/testing/mocks/db';
import { renderApp } from '@/testing/test-utils';

const TIMEOUT_MS = 60 * 60_000; // the mock account's idle timeout

/** The idle timer loads after the shell: interact until it hears. */
async function interactUntilReported(count: number) {
  await waitFor(() => {
    fireEvent.keyDown(document.body, { key: 'a' });
    expect(db.activitySignals).toBe(count);
  });
}

/** Fake timers from now on; the page coming back into view makes the idle timer use them. */
function useFakeClock() {
  vi.useFakeTimers({
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    shouldAdvanceTime: true,
  });
  window.dispatchEvent(new Event('pageshow'));
}

describe('idle timeout in the console', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the server about interaction at most once a minute, and never on its own', async () => {
    renderApp('/pipelines');
    await screen.findByRole('heading', { level: 1, name: 'Pipelines' });
    expect(db.activitySignals).toBe(0);

    vi.useFakeTimers({ toFake: ['Date'] });
    await interactUntilReported(1);
    fireEvent.pointerDown(document.body);

    vi.setSystemTime(Date.now() + ACTIVITY_REPORT_INTERVAL_MS - 1000);
    fireEvent.pointerDown(document.body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(db.activitySignals).toBe(1);

    vi.setSystemTime(Date.now() + 2000);
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(db.activitySignals).toBe(2));
  });

  it('warns before the timeout; "Stay signed in" keeps the session', async () => {
    const { user } = renderApp('/profile');
    await screen.findByRole('heading', { level: 1, name: 'Profile' });
    await interactUntilReported(1);

    useFakeClock();
    await act(() => vi.advanceTimersByTimeAsync(TIMEOUT_MS - IDLE_WARNING_MS));
    const dialog = await screen.findByRole('alertdialog', { name: 'You will be signed out soon' });
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'You will be signed out in 90 seconds.',
    );
    await act(() => vi.advanceTimersByTimeAsync(31_000));
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'You will be signed out in 1 minute.',
    );
    // Reaching the button is not a decision: the dialog stays.
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(db.activitySignals).toBe(1);

    await user.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(db.activitySignals).toBe(2);
    expect(db.signedIn).toBe(true);
  });

  it('signs out at the deadline to the sign-in page with the reason, and comes back after', async () => {
    const { user, router } = renderApp('/profile?tab=tokens');
    await screen.findByRole('heading', { level: 1, name: 'Profile' });
    await interactUntilReported(1);

    useFakeClock();
    await act(() => vi.advanceTimersByTimeAsync(TIMEOUT_MS));
    vi.useRealTimers();

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('reason')).toBe('session-idle');
    expect(search.get('returnTo')).toBe('/profile?tab=tokens');
    expect(
      await screen.findByText(/^You were signed out after a period of inactivity\./),
    ).toBeInTheDocument();
    await waitFor(() => expect(db.signedIn).toBe(false));

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), MOCK_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?tab=tokens');
  });

  it('"Sign out now" ends the session and goes to sign-in without a reason to tell', async () => {
    const { user, router } = renderApp('/clusters');
    await screen.findByRole('heading', { level: 1, name: 'Clusters' });
    await interactUntilReported(1);

    useFakeClock();
    await act(() => vi.advanceTimersByTimeAsync(TIMEOUT_MS - 60_000));
    const dialog = await screen.findByRole('alertdialog', { name: 'You will be signed out soon' });
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'You will be signed out in 1 minute.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Sign out now' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe('?returnTo=%2Fclusters');
    expect(screen.queryByText(/inactivity|has ended/)).not.toBeInTheDocument();
    await waitFor(() => expect(db.signedIn).toBe(false));
  });
});
