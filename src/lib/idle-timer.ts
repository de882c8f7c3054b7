/** The warning opens this long before the idle deadline (P-3.2). */
export const IDLE_WARNING_MS = 90_000;
/** The server hears of activity at most this often (`POST /api/auth/activity`). */
export const ACTIVITY_REPORT_INTERVAL_MS = 60_000;
/** setTimeout overflows past 2^31 ms (24.8 days); the timer re-checks at least hourly anyway. */
const MAX_WAIT_MS = 60 * 60_000;

/** What the tabs of one browser tell each other. */
export type IdleMessage =
  /** Activity reported to the server at `at` (wall-clock ms): every tab's deadline moves. */
  | { type: 'active'; at: number }
  /** A tab that has just opened asks the others when activity was last reported. */
  | { type: 'hello' }
  /** Every tab signs out: `idle` when the deadline passed, not when the person chose to. */
  | { type: 'signed-out'; idle: boolean };

export interface IdleChannel {
  post(message: IdleMessage): void;
  /** Returns the function that stops listening. */
  listen(onMessage: (message: IdleMessage) => void): () => void;
  close(): void;
}

export type IdlePhase = 'active' | 'warning' | 'signed-out';

export interface IdleTimerOptions {
  timeoutMs: number;
  channel: IdleChannel;
  /** Tells the server that the person is active; rejects when it could not. */
  report: () => Promise<void>;
  /** Called on every change of phase, and when the deadline moves during the warning. */
  onChange: (phase: IdlePhase, deadline: number) => void;
  /**
   * The session is over: `here` when this tab decided it (and must end the session on the
   * server), `elsewhere` when another tab did; `idle` unless the person chose to sign out.
   */
  onSignOut: (decidedBy: 'here' | 'elsewhere', idle: boolean) => void;
  /** Wall-clock time; Date.now by default. Never elapsed timers: a sleeping laptop stops those. */
  now?: () => number;
}

export interface IdleTimer {
  /** The person interacted with this tab (pointer, keyboard, touch, window focus). */
  interact(): void;
  /** "Stay signed in": reports activity at once, whatever the throttle; rejects on failure. */
  stay(): Promise<void>;
  /** "Sign out now": every tab signs out. */
  signOut(): void;
  /** Re-reads the wall clock, e.g. when the tab becomes visible again after a sleep. */
  check(): void;
  /** The account's timeout changed (an administrator set it; `/api/me` was refetched). */
  setTimeoutMs(timeoutMs: number): void;
  deadline(): number;
  stop(): void;
}

function isIdleMessage(value: unknown): value is IdleMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, at } = value as { type?: unknown; at?: unknown };
  return type === 'hello' || type === 'signed-out' || (type === 'active' && Number.isFinite(at));
}

/**
 * The idle timeout of one tab, in step with the person's other tabs through `channel`.
 *
 * The deadline is the last activity *reported to the server* plus the timeout, so the warning
 * never promises time the server will not give: the server restarts its countdown only on the
 * activity signal (docs/decisions.md, "Activity"). Interaction reports activity at most once a
 * minute across all tabs; requests, polling and refetches never do. While the warning is open,
 * only "Stay signed in" counts: a key press to reach the button must not dismiss the dialog.
 *
 * @example
 * const timer = createIdleTimer({ timeoutMs: 15 * 60_000, channel: browserIdleChannel(),
 *   report: reportActivity, onChange: setPhase, onSignOut: goToSignIn });
 * window.addEventListener('keydown', () => timer.interact());
 */
export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const { channel, report, onChange, onSignOut, now = () => Date.now() } = options;
  let timeoutMs = options.timeoutMs;
  /** Assumed at first: opening the tab was the person's doing. Moves with every report. */
  let lastActive = now();
  /** The last report sent by any tab (the throttle), or -Infinity before the first. */
  let lastReported = -Infinity;
  let lastAttempt = -Infinity;
  /** Until a report is made or heard, another tab's (earlier) report replaces `lastActive`. */
  let synced = false;
  let phase: IdlePhase = 'active';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deadline = () => lastActive + timeoutMs;

  let notified: { phase: IdlePhase; deadline: number } = { phase, deadline: deadline() };
  function setPhase(next: IdlePhase) {
    phase = next;
    if (notified.phase === phase && notified.deadline === deadline()) return;
    notified = { phase, deadline: deadline() };
    onChange(phase, deadline());
  }

  function schedule() {
    clearTimeout(timer);
    if (phase === 'signed-out') return;
    const t = now();
    if (t >= deadline()) {
      end('here', true);
      return;
    }
    const warnAt = deadline() - IDLE_WARNING_MS;
    setPhase(t >= warnAt ? 'warning' : 'active');
    const wait = (t >= warnAt ? deadline() : warnAt) - t;
    timer = setTimeout(schedule, Math.min(wait, MAX_WAIT_MS));
  }

  function end(decidedBy: 'here' | 'elsewhere', idle: boolean) {
    if (phase === 'signed-out') return;
    clearTimeout(timer);
    setPhase('signed-out');
    if (decidedBy === 'here') channel.post({ type: 'signed-out', idle });
    onSignOut(decidedBy, idle);
  }

  function markReported(at: number, replace: boolean) {
    lastReported = Math.max(lastReported, at);
    lastActive = replace ? at : Math.max(lastActive, at);
    synced = true;
    schedule();
  }

  async function send(at: number): Promise<void> {
    lastAttempt = at;
    await report();
    if (phase === 'signed-out') return;
    markReported(at, false);
    channel.post({ type: 'active', at });
  }

  const unlisten = channel.listen((message) => {
    if (!isIdleMessage(message) || phase === 'signed-out') return;
    if (message.type === 'signed-out') end('elsewhere', message.idle !== false);
    else if (message.type === 'hello') {
      if (synced) channel.post({ type: 'active', at: lastReported });
    } else markReported(message.at, !synced && message.at <= now());
  });
  channel.post({ type: 'hello' });
  schedule();

  return {
    interact() {
      // The wall clock first: a tab that wakes after the deadline must not be revived by the
      // click or focus that woke it.
      schedule();
      if (phase !== 'active') return;
      const t = now();
      if (t - Math.max(lastReported, lastAttempt) < ACTIVITY_REPORT_INTERVAL_MS) return;
      // A lost signal is retried by a later interaction; a 401 is handled by the API client.
      send(t).catch(() => undefined);
    },
    async stay() {
      schedule();
      if (phase === 'signed-out') return;
      await send(now());
    },
    signOut: () => end('here', false),
    check: schedule,
    setTimeoutMs(next) {
      if (next === timeoutMs) return;
      timeoutMs = next;
      schedule();
    },
    deadline,
    stop() {
      clearTimeout(timer);
      unlisten();
      channel.close();
    },
  };
}

export const IDLE_CHANNEL_NAME = 'perimeter-activity';

/**
 * The tabs' channel: a BroadcastChannel, or `storage` events of localStorage where there is
 * none (the event reaches every other tab of the origin, never the one that wrote).
 */
export function browserIdleChannel(name = IDLE_CHANNEL_NAME): IdleChannel {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    return {
      post: (message) => channel.postMessage(message),
      listen(onMessage) {
        const handler = (event: MessageEvent) => onMessage(event.data as IdleMessage);
        channel.addEventListener('message', handler);
        return () => channel.removeEventListener('message', handler);
      },
      close: () => channel.close(),
    };
  }
  return storageIdleChannel(name);
}

/** The fallback channel; exported for its test. */
export function storageIdleChannel(name = IDLE_CHANNEL_NAME): IdleChannel {
  return {
    post(message) {
      try {
        // The nonce makes every write a change, so that a repeated message still fires.
        localStorage.setItem(name, JSON.stringify({ ...message, nonce: Math.random() }));
      } catch {
        // Storage full or forbidden: this tab still keeps its own time.
      }
    },
    listen(onMessage) {
      const handler = (event: StorageEvent) => {
        if (event.key !== name || !event.newValue) return;
        try {
          onMessage(JSON.parse(event.newValue) as IdleMessage);
        } catch {
          // Not ours to read.
        }
      };
      window.addEventListener('storage', handler);
      return () => window.removeEventListener('storage', handler);
    },
    close: () => undefined,
  };
}
