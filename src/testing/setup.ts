import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { StateCreator } from 'zustand';
import { CSRF_COOKIE } from '@contract/constants';
import { MOCK_CSRF_TOKEN, resetDb } from './mocks/db';
import { server } from './mocks/server';
import { clearRenderedApps } from './test-utils';

// Every zustand store made by `create` registers its reset, so no UI state leaks between tests
// (the approach of zustand's testing guide, without a __mocks__ folder).
const { storeResets } = vi.hoisted(() => ({ storeResets: new Set<() => void>() }));

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
});

afterAll(() => server.close());
