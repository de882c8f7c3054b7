import { eq, inArray, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import type { Deps } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';

/**
 * Sign-in throttling. Failures are counted per email (against guessing one person's password)
 * and per client address (against trying many people); past the limit, that key is locked for
 * a while. Unknown emails are counted like known ones, so a lock reveals nothing.
 */
export const THROTTLE = {
  window: 15 * MINUTE,
  lockFor: 15 * MINUTE,
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 50,
} as const;

export interface ThrottleKeys {
  email: string;
  address: string;
}

function keysOf({ email, address }: ThrottleKeys) {
  return [
    { key: `email:${email}`, limit: THROTTLE.maxFailuresPerEmail },
    { key: `address:${address}`, limit: THROTTLE.maxFailuresPerAddress },
  ];
}

/** Refuses with 429 and `Retry-After` while either key is locked. */
export async function assertNotThrottled({ db, clock }: Deps, keys: ThrottleKeys): Promise<void> {
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(
      inArray(
        loginThrottle.key,
        keysOf(keys).map((k) => k.key),
      ),
    );
  const now = clock.now().getTime();
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new HttpProblem(
      429,
      `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
      { headers: { 'Retry-After': String(seconds) } },
    );
  }
}

/** Counts a failure for both keys in one atomic upsert each; concurrent failures all count. */
export async function recordLoginFailure({ db, clock }: Deps, keys: ThrottleKeys): Promise<void> {
  const now = clock.now();
  const windowStart = new Date(now.getTime() - THROTTLE.window);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockFor);
  for (const { key, limit } of keysOf(keys)) {
    const expired = sql`${loginThrottle.windowStartedAt} < ${windowStart.toISOString()}::timestamptz`;
    const failures = sql`case when ${expired} then 1 else ${loginThrottle.failures} + 1 end`;
    await db
      .insert(loginThrottle)
      .values({
        key,
        failures: 1,
        windowStartedAt: now,
        lockedUntil: limit <= 1 ? lockUntil : null,
      })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures,
          windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${loginThrottle.windowStartedAt} end`,
          lockedUntil: sql`case when ${failures} >= ${limit} then ${lockUntil.toISOString()}::timestamptz else ${loginThrottle.lockedUntil} end`,
        },
      });
  }
}

/** A successful sign-in forgives that email's failures (not the address's). */
export async function clearLoginFailures({ db }: Deps, email: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, `email:${email}`));
}
