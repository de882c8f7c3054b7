import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { StateCreator } from 'zustand';
import { CSRF_COOKIE } from '@contract/constants';
import { MOCK_CSRF_TOKEN, resetDb } from './mocks/db';
import { server } from './mocks/server';
import { clearRenderedApps } from './test-utils';

// Every zustand store made by `create` registers its reset, so no UI state leaks between tests
// (the approach of zustand's testing guide, without a __mocks__ folder). The web project runs
// its files in one module graph per worker (`isolate: false`, vitest.config.ts): a store module
// is evaluated once, by the first file that imports it, while this file runs again for every
// file. So the resets live on globalThis, where every later file still finds them.
const { storeResets } = vi.hoisted(() => {
  const holder = globalThis as { __perimeterStoreResets?: Set<() => void> };
  holder.__perimeterStoreResets ??= new Set<() => void>();
  return { storeResets: holder.__perimeterStoreResets };
});

vi.mock('zustand', async (importOriginal) => {
  const zustand = await importOriginal<typeof import('zustand')>();
  const createResettable = (initializer: StateCreator<unknown>) => {
    const store = zustand.create(initializer);
    const initialState = store.getInitialState();
    storeResets.add(() => store.setState(initialState, true));
    return store;
  };
  // `create` is called both as create(initializer) and curried as create<State>()(initializer).
  const create = (initializer?: StateCreator<unknown>) =>
    initializer ? createResettable(initializer) : createResettable;
  return { ...zustand, create };
});

// jsdom has no matchMedia. The one here answers as a system that asks for reduced motion, so
// MUI's transitions (theme.ts: `reducedMotion: 'system'`) end at once, as for such a visitor:
// what a test finds next no longer depends on whether a 200 ms fade is over (a closing dialog
// hides the rest of the page from getByRole until it is). Every other query does not match.
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
window.matchMedia = (query: string): MediaQueryList => ({
  matches: query === REDUCED_MOTION,
  media: query,
  onchange: null,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  addListener: () => undefined,
  removeListener: () => undefined,
  dispatchEvent: () => false,
});

// The first test of a file also waits for its lazy route modules (and MUI) to be transformed,
// which on a busy two-core machine takes seconds; later tests of the file take milliseconds.
configure({ asyncUtilTimeout: 10_000 });
vi.setConfig({ testTimeout: 20_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

beforeEach(() => {
  resetDb();
  // The cookie the server sets at sign-in; the API client copies it into X-CSRF-Token.
  document.cookie = `${CSRF_COOKIE}=${MOCK_CSRF_TOKEN}; path=/`;
});

afterEach(() => {
  cleanup();
  clearRenderedApps();
  server.resetHandlers();
  for (const reset of storeResets) reset();
  // What the DOM keeps outlives a file when files share a worker: leave none of it behind.
  vi.useRealTimers();
  localStorage.clear();
  sessionStorage.clear();
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]!.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  document.body.innerHTML = '';
});

afterAll(() => server.close());
