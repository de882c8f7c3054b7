import { AsyncLocalStorage } from 'node:async_hooks';

/** The server's sense of time, injected so that tests can move it (idle timeouts, throttling). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * For the browser journeys only (test hooks, `PERIMETER_TEST_HOOKS`): `base` moved forward by
 * the offset of the request being served. A journey lets an hour pass for its own browser
 * without ending the sessions of the journeys running beside it on the same server.
 */
export class RequestOffsetClock implements Clock {
  readonly #offsets = new AsyncLocalStorage<number>();
  constructor(private readonly base: Clock) {}
  now(): Date {
    return new Date(this.base.now().getTime() + (this.#offsets.getStore() ?? 0));
  }
  /** Runs `serve` with the clock `offsetMs` ahead for everything it calls. */
  withOffset<T>(offsetMs: number, serve: () => T): T {
    return this.#offsets.run(offsetMs, serve);
  }
}
