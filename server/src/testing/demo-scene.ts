import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed/demo';
import type { TestContext } from './test-app';

/** A browser signed in as one of the demo's people (README, "The demo"). */
export async function signInToDemo(t: TestContext, email: string) {
  const browser = t.agent();
  const { response } = await browser.api.POST('/api/auth/login', {
    body: { email, password: DEMO_PASSWORD },
  });
  expect(response.status, email).toBe(204);
  return browser;
}
