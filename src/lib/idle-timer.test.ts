import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVITY_REPORT_INTERVAL_MS,
  createIdleTimer,
  IDLE_WARNING_MS,
  storageIdleChannel,
  type IdleChannel,
  type IdleMessage,
  type IdlePhase,
} from './idle-timer';

const MINUTE = 60_000;
const TIMEOUT = 15 * MINUTE;

/** The tabs of one browser: what one posts, every other hears (like BroadcastChannel). */
function createHub() {
  const listeners = new Set<{ owner: object; onMessage: (message: IdleMessage) => void }>();
  return {
    channel(): IdleChannel {
      const owner = {};
      return {
        post(message) {
          for (const listener of [...listeners]) {
            if (listener.owner !== owner) listener.onMessage(structuredClone(message));
          }
        },
        listen(onMessage) {
          const listener = { owner, onMessage };
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        close: () => undefined,
      };
    },
  };
}

function openTab(hub: ReturnType<typeof createHub>, timeoutMs = TIMEOUT) {
  const tab = {
    phase: 'active' as IdlePhase,
    deadline: 0,
    signedOut: [] as string[],
    reports: 0,
    failReports: false,
  };
  const timer = createIdleTimer({
    timeoutMs,
    channel: hub.channel(),
    report: () => {
      tab.reports += 1;
      return tab.failReports ? Promise.reject(new Error('offline')) : Promise.resolve();
    },
    onChange: (phase, deadline) => {
      tab.phase = phase;
      tab.deadline = deadline;
    },
    onSignOut: (decidedBy, idle) => tab.signedOut.push(idle ? decidedBy : `${decidedBy}, chosen`),
  });
  return Object.assign(tab, { timer });
}

describe('idle timer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('warns 90 seconds before the timeout, then signs out at the deadline', async () => {
    const tab = openTab(createHub());
    const start = Date.now();

    await vi.advanceTimersByTimeAsync(TIMEOUT - IDLE_WARNING_MS - 1);
    expect(tab.phase).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    expect(tab.phase).toBe('warning');
    expect(tab.deadline).toBe(start + TIMEOUT);

    await vi.advanceTimersByTimeAsync(IDLE_WARNING_MS - 1);
    expect(tab.signedOut).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(tab.phase).toBe('signed-out');
    expect(tab.signedOut).toEqual(['here']);
  });

  it('reports interaction at once, then at most once a minute, and moves the deadline', async () => {
    const tab = openTab(createHub());
    await vi.advanceTimersByTimeAsync(5 * MINUTE);

    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(1);
    const reportedAt = Date.now();
    expect(tab.timer.deadline()).toBe(reportedAt + TIMEOUT);

    await vi.advanceTimersByTimeAsync(ACTIVITY_REPORT_INTERVAL_MS - 1);
    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(1);
    // The deadline follows what the server was told, never an unreported interaction.
    expect(tab.timer.deadline()).toBe(reportedAt + TIMEOUT);

    await vi.advanceTimersByTimeAsync(1);
    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(2);
    expect(tab.timer.deadline()).toBe(Date.now() + TIMEOUT);
  });

  it('does not move the deadline when the report failed, and retries on a later interaction', async () => {
    const tab = openTab(createHub());
    const deadline = tab.timer.deadline();
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    tab.failReports = true;
    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(1);
    expect(tab.timer.deadline()).toBe(deadline);

    tab.failReports = false;
    await vi.advanceTimersByTimeAsync(ACTIVITY_REPORT_INTERVAL_MS);
    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(2);
    expect(tab.timer.deadline()).toBe(Date.now() + TIMEOUT);
  });

  it('ignores interaction while the warning is open; "Stay signed in" closes it', async () => {
    const tab = openTab(createHub());
    await vi.advanceTimersByTimeAsync(TIMEOUT - 30_000);
    expect(tab.phase).toBe('warning');

    // Tabbing to the buttons is not a decision to stay.
    tab.timer.interact();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.reports).toBe(0);
    expect(tab.phase).toBe('warning');

    await tab.timer.stay();
    expect(tab.reports).toBe(1);
    expect(tab.phase).toBe('active');
    expect(tab.timer.deadline()).toBe(Date.now() + TIMEOUT);

    await vi.advanceTimersByTimeAsync(TIMEOUT - IDLE_WARNING_MS);
    expect(tab.phase).toBe('warning');
  });

  it('keeps the warning open when "Stay signed in" could not reach the server', async () => {
    const tab = openTab(createHub());
    await vi.advanceTimersByTimeAsync(TIMEOUT - 30_000);
    tab.failReports = true;
    await expect(tab.timer.stay()).rejects.toThrow('offline');
    expect(tab.phase).toBe('warning');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(tab.signedOut).toEqual(['here']);
  });

  describe('with several tabs', () => {
    it('counts activity in one tab for all, with one report a minute between them', async () => {
      const hub = createHub();
      const first = openTab(hub);
      await vi.advanceTimersByTimeAsync(4 * MINUTE);
      const second = openTab(hub);
      await vi.advanceTimersByTimeAsync(4 * MINUTE);

      first.timer.interact();
      await vi.advanceTimersByTimeAsync(0);
      expect(second.timer.deadline()).toBe(Date.now() + TIMEOUT);
      expect(first.timer.deadline()).toBe(Date.now() + TIMEOUT);

      // The other tab heard of the report, so its own interaction within the minute is quiet.
      await vi.advanceTimersByTimeAsync(30_000);
      second.timer.interact();
      await vi.advanceTimersByTimeAsync(0);
      expect(first.reports + second.reports).toBe(1);

      // Active in the first tab only: the second never warns.
      for (let minute = 0; minute < 30; minute++) {
        await vi.advanceTimersByTimeAsync(MINUTE);
        first.timer.interact();
        await vi.advanceTimersByTimeAsync(0);
      }
      expect(second.phase).toBe('active');
      expect(second.signedOut).toEqual([]);
    });

    it('a new tab takes the deadline of the tabs already open', async () => {
      const hub = createHub();
      const first = openTab(hub);
      first.timer.interact();
      await vi.advanceTimersByTimeAsync(0);
      const deadline = first.timer.deadline();

      await vi.advanceTimersByTimeAsync(10 * MINUTE);
      const second = openTab(hub);
      expect(second.timer.deadline()).toBe(deadline);
    });

    it('shows the warning in every tab, and "Stay signed in" in one closes it in all', async () => {
      const hub = createHub();
      const tabs = [openTab(hub), openTab(hub), openTab(hub)];
      await vi.advanceTimersByTimeAsync(TIMEOUT - 60_000);
      expect(tabs.map((tab) => tab.phase)).toEqual(['warning', 'warning', 'warning']);

      await tabs[1]!.timer.stay();
      expect(tabs.map((tab) => tab.phase)).toEqual(['active', 'active', 'active']);
      expect(tabs.reduce((sum, tab) => sum + tab.reports, 0)).toBe(1);
    });

    it('signs every tab out together at the deadline', async () => {
      const hub = createHub();
      const tabs = [openTab(hub), openTab(hub)];
      await vi.advanceTimersByTimeAsync(TIMEOUT);
      expect(tabs.map((tab) => tab.phase)).toEqual(['signed-out', 'signed-out']);
      // The first to reach the deadline decides; the other follows its message.
      expect(tabs.flatMap((tab) => tab.signedOut).sort()).toEqual(['elsewhere', 'here']);
    });

    it('"Sign out now" in one tab signs out the others', () => {
      const hub = createHub();
      const tabs = [openTab(hub), openTab(hub)];
      tabs[0]!.timer.signOut();
      expect(tabs[0]!.signedOut).toEqual(['here, chosen']);
      expect(tabs[1]!.signedOut).toEqual(['elsewhere, chosen']);
      expect(tabs[1]!.phase).toBe('signed-out');
    });
  });

  describe('after a sleep', () => {
    it('signs out at once when the tab wakes after the deadline, before counting the wake-up click', () => {
      const tab = openTab(createHub());
      // The laptop lid closes: the wall clock moves, the tab's timers do not run.
      vi.setSystemTime(Date.now() + TIMEOUT + 5 * MINUTE);
      expect(tab.signedOut).toEqual([]);

      tab.timer.interact();
      expect(tab.signedOut).toEqual(['here']);
      expect(tab.reports).toBe(0);
    });

    it('signs out at once when the tab becomes visible again after the deadline', () => {
      const tab = openTab(createHub());
      vi.setSystemTime(Date.now() + 2 * TIMEOUT);
      tab.timer.check();
      expect(tab.phase).toBe('signed-out');
    });

    it('opens the warning at once when the tab wakes inside the last 90 seconds', () => {
      const tab = openTab(createHub());
      vi.setSystemTime(Date.now() + TIMEOUT - 20_000);
      tab.timer.check();
      expect(tab.phase).toBe('warning');
      expect(tab.deadline - Date.now()).toBe(20_000);
    });
  });

  it('follows a changed timeout at once', async () => {
    const tab = openTab(createHub(), 60 * MINUTE);
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(tab.phase).toBe('active');

    tab.timer.setTimeoutMs(15 * MINUTE);
    expect(tab.phase).toBe('signed-out');
  });

  it('waits out a timeout of 30 days without overflowing setTimeout', async () => {
    const tab = openTab(createHub(), 30 * 24 * 60 * MINUTE);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(tab.phase).toBe('active');
    await vi.advanceTimersByTimeAsync(30 * 24 * 60 * MINUTE - IDLE_WARNING_MS - 10 * MINUTE);
    expect(tab.phase).toBe('warning');
  });

  it('stops listening and timing when stopped', async () => {
    const hub = createHub();
    const tab = openTab(hub);
    const other = openTab(hub);
    tab.timer.stop();
    other.timer.signOut();
    await vi.advanceTimersByTimeAsync(2 * TIMEOUT);
    expect(tab.signedOut).toEqual([]);
  });
});

describe('storage fallback channel', () => {
  it("passes messages through localStorage's storage events", () => {
    const channel = storageIdleChannel('test-idle');
    const heard: IdleMessage[] = [];
    const stop = channel.listen((message) => heard.push(message));

    channel.post({ type: 'active', at: 42 });
    const newValue = localStorage.getItem('test-idle');
    // Browsers fire `storage` in the other tabs only; here the event is made by hand.
    window.dispatchEvent(new StorageEvent('storage', { key: 'test-idle', newValue }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'other', newValue }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'test-idle', newValue: '{oops' }));
    stop();
    window.dispatchEvent(new StorageEvent('storage', { key: 'test-idle', newValue }));

    expect(heard).toEqual([expect.objectContaining({ type: 'active', at: 42 })]);
  });
});
