import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed/demo';
import type { TestContext } from './test-app';

/** A browser signed in as one of the demo's people (README, "The demo"). */
export async function signInToDemo(t: TestContext, email: string) {
  const browser = t.agent();
  const res = await browser.post('/api/auth/login', { email, password: DEMO_PASSWORD });
  expect(res.status, email).toBe(204);
  return browser;
}
