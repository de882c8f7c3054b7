import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/clock';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import { THROTTLE } from './login-throttle';

/**
 * Sign-in throttling under concurrency: the attempt is reserved (counted) in the same statement
 * that checks the limit, before the password is checked, so requests in flight at once cannot
 * all slip under the limit. Runs on PostgreSQL too (scripts/test-pg.ts), where the requests
 * really race over a pool of connections.
 */
let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const CONCURRENT = 50;

/** A sign-in from a new browser. */
const signIn = (context: TestContext, body: { email: string; password: string }) =>
  context.agent().api.POST('/api/auth/login', { body });

async function signInAtOnce(
  context: TestContext,
  attempts: { email: string; password: string }[],
): Promise<number[]> {
  const answers = await Promise.all(attempts.map((body) => signIn(context, body)));
  return answers.map(({ response }) => response.status);
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('sign-in throttling under concurrency', () => {
  it(`checks at most ${THROTTLE.maxFailuresPerEmail} of ${CONCURRENT} wrong passwords sent at once for one email; the rest get 429`, async () => {
    t = await createTestApp();
    const victim = await t.signedIn();
    const statuses = await signInAtOnce(
      t,
      Array.from({ length: CONCURRENT }, (_, i) => ({
        email: victim.email,
        password: `wrong guess ${i}`,
      })),
    );
    expect(count(statuses, 401)).toBe(THROTTLE.maxFailuresPerEmail);
    expect(count(statuses, 429)).toBe(CONCURRENT - THROTTLE.maxFailuresPerEmail);

    // Locked: even the right password waits for the lock to pass.
    const right = { email: victim.email, password: TEST_PASSWORD };
    const { response: locked } = await signIn(t, right);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(THROTTLE.lockFor + MINUTE);
    const { response: after } = await signIn(t, right);
    expect(after.status).toBe(204);
  }, 60_000);

  it('counts an unknown email like a known one under concurrency', async () => {
    t = await createTestApp();
    const statuses = await signInAtOnce(
      t,
      Array.from({ length: CONCURRENT }, () => ({
        email: 'nobody@example.com',
        password: 'wrong guess',
      })),
    );
    expect(count(statuses, 401)).toBe(THROTTLE.maxFailuresPerEmail);
    expect(count(statuses, 429)).toBe(CONCURRENT - THROTTLE.maxFailuresPerEmail);
  });

  it(`checks at most ${THROTTLE.maxFailuresPerAddress} sign-ins at once from one address, whatever the emails`, async () => {
    t = await createTestApp();
    const attempts = THROTTLE.maxFailuresPerAddress + 10;
    const statuses = await signInAtOnce(
      t,
      Array.from({ length: attempts }, (_, i) => ({
        email: `person${i}@example.com`,
        password: 'wrong guess',
      })),
    );
    expect(count(statuses, 401)).toBe(THROTTLE.maxFailuresPerAddress);
    expect(count(statuses, 429)).toBe(attempts - THROTTLE.maxFailuresPerAddress);
  }, 60_000);

  it('holds only failures against an address: neither a successful sign-in nor a refused one counts', async () => {
    t = await createTestApp();
    const person = await t.signedIn(); // one successful sign-in already
    const wrong = (email: string) => ({ email, password: 'wrong guess' });

    // One email locked: its failures count for the address, its refused attempts do not.
    const locking = await signInAtOnce(
      t,
      Array.from({ length: THROTTLE.maxFailuresPerEmail + 20 }, () => wrong('locked@example.com')),
    );
    expect(count(locking, 401)).toBe(THROTTLE.maxFailuresPerEmail);
    for (let i = 0; i < 10; i += 1) {
      const { response } = await signIn(t, { email: person.email, password: TEST_PASSWORD });
      expect(response.status, `sign-in ${i}`).toBe(204);
    }
    const left = THROTTLE.maxFailuresPerAddress - THROTTLE.maxFailuresPerEmail;
    const failures = await signInAtOnce(
      t,
      Array.from({ length: left }, (_, i) => wrong(`other${i}@example.com`)),
    );
    expect(count(failures, 401)).toBe(left);
    const { response: over } = await signIn(t, wrong('one-more@example.com'));
    expect(over.status).toBe(429);
  }, 60_000);
});
