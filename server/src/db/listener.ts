import pg from 'pg';

/** A subscription to a PostgreSQL notification channel; `close` ends it for good. */
export interface Listener {
  close(): Promise<void>;
}

/** What the owner of a listener may want to log or act on. */
export interface ListenerEvents {
  /** Listening (again, when `again`): notifications sent while it was not are lost. */
  onListening?(again: boolean): void;
  /** The connection failed or dropped; another attempt follows after `retryInMs`. */
  onLost?(error: unknown, retryInMs: number): void;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * `LISTEN channel` on a connection of its own, not one of the pool's: a listening session must
 * stay open, and a pool hands its connections to whoever asks next. When the connection drops
 * (the database restarted, failed over, or the network between went away), it connects again
 * after a growing pause (250 ms doubling to 5 s) until it listens again or is closed. Its errors
 * never escape: a client's unheard 'error' event would end the process.
 */
export function listenOn(
  config: pg.ClientConfig,
  channel: string,
  onPayload: (payload: string) => void,
  events: ListenerEvents = {},
): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  let failures = 0;
  let listenedBefore = false;

  async function connect(): Promise<void> {
    if (closed) return;
    // TCP keep-alive notices a peer that vanished without closing the connection.
    const current = new pg.Client({ ...config, keepAlive: true });
    client = current;
    let lost = false;
    const lose = (error: unknown) => {
      if (lost) return;
      lost = true;
      current.removeAllListeners('notification');
      void current.end().catch(() => undefined);
      if (closed) return;
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures);
      failures += 1;
      events.onLost?.(error, delay);
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    };
    current.on('error', lose);
    current.on('end', () => lose(new Error('the listening connection ended')));
    current.on('notification', (message) => {
      if (message.channel === channel && message.payload) onPayload(message.payload);
    });
    try {
      await current.connect();
      await current.query(`listen ${channel}`);
    } catch (error) {
      lose(error);
      return;
    }
    if (lost || closed) return;
    failures = 0;
    events.onListening?.(listenedBefore);
    listenedBefore = true;
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
