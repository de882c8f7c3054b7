import { eq, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import type { Deps } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';

/**
 * Sign-in throttling. Attempts are counted per email (against guessing one person's password)
 * and per client address (against trying many people); when a key reaches its limit, it is
 * locked for a while. Unknown emails are counted like known ones, so a lock reveals nothing.
 *
 * An attempt is reserved — counted, in the one statement that also checks the lock — before its
 * password is checked, so requests in flight at the same time cannot all slip under the limit:
 * of any number of concurrent attempts on a key, at most its limit are checked, the rest answer
 * 429. A successful sign-in then forgives the email's count and refunds its reservation on the
 * address, so only failures are held against an address.
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

const emailKey = (email: string) => `email:${email}`;
const addressKey = (address: string) => `address:${address}`;

/** A reservation to hand back with `releaseAttempt` once the sign-in succeeded. */
export interface Reservation {
  keys: ThrottleKeys;
}

/**
 * Counts one attempt on `key` unless it is locked, in one atomic upsert (the row lock serialises
 * concurrent attempts on one key, on PostgreSQL and PGlite alike). The attempt that brings the
 * count to the limit locks the key at once, so the attempts behind it are refused while it is
 * being checked. Answers whether the attempt may go on.
 */
async function reserve(
  { db, clock }: Deps,
  key: string,
  limit: number,
): Promise<{ reserved: true } | { reserved: false; lockedUntil: Date }> {
  const now = clock.now();
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - THROTTLE.window).toISOString()}::timestamptz`;
  const lockUntil = sql`${new Date(now.getTime() + THROTTLE.lockFor).toISOString()}::timestamptz`;
  const t = loginThrottle;
  // A lock that has passed, or a window that has passed without a lock, starts counting anew.
  const fresh = sql`(case when ${t.lockedUntil} is null then ${t.windowStartedAt} < ${windowStart} else ${t.lockedUntil} <= ${nowSql} end)`;
  const attempts = sql`(case when ${fresh} then 1 else ${t.failures} + 1 end)`;
  const rows = await db
    .insert(t)
    .values({
      key,
      failures: 1,
      windowStartedAt: now,
      lockedUntil: limit <= 1 ? new Date(now.getTime() + THROTTLE.lockFor) : null,
    })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: attempts,
        windowStartedAt: sql`case when ${fresh} then ${nowSql} else ${t.windowStartedAt} end`,
        lockedUntil: sql`case when ${attempts} >= ${limit} then ${lockUntil} else null end`,
      },
      // A locked key is left as it is: the refused attempt is not counted and does not extend
      // the lock. No row comes back, and the attempt is refused.
      setWhere: sql`${t.lockedUntil} is null or ${t.lockedUntil} <= ${nowSql}`,
    })
    .returning({ failures: t.failures });
  if (rows.length > 0) return { reserved: true };
  const [row] = await db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.key, key));
  return { reserved: false, lockedUntil: row?.lockedUntil ?? new Date(now.getTime() + MINUTE) };
}

/** Hands back one reservation on `key`; its lock goes when the count falls below the limit. */
async function refund({ db }: Deps, key: string, limit: number): Promise<void> {
  const t = loginThrottle;
  await db
    .update(t)
    .set({
      failures: sql`greatest(${t.failures} - 1, 0)`,
      lockedUntil: sql`case when ${t.failures} - 1 >= ${limit} then ${t.lockedUntil} else null end`,
    })
    .where(eq(t.key, key));
}

function tooMany(deps: Deps, lockedUntil: Date): HttpProblem {
  const seconds = Math.max(
    1,
    Math.ceil((lockedUntil.getTime() - deps.clock.now().getTime()) / 1000),
  );
  return new HttpProblem(
    429,
    `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
    { headers: { 'Retry-After': String(seconds) } },
  );
}

/**
 * Reserves a sign-in attempt on the email and on the address, or refuses with 429 and
 * `Retry-After` while either is locked (a refused attempt counts on neither). Call it before
 * checking the password; a failed check needs nothing more, since the attempt already counted.
 */
export async function reserveAttempt(deps: Deps, keys: ThrottleKeys): Promise<Reservation> {
  const email = await reserve(deps, emailKey(keys.email), THROTTLE.maxFailuresPerEmail);
  if (!email.reserved) throw tooMany(deps, email.lockedUntil);
  const address = await reserve(deps, addressKey(keys.address), THROTTLE.maxFailuresPerAddress);
  if (!address.reserved) {
    await refund(deps, emailKey(keys.email), THROTTLE.maxFailuresPerEmail);
    throw tooMany(deps, address.lockedUntil);
  }
  return { keys };
}

/**
 * A successful sign-in forgives the email's failures, and hands back its reservation on the
 * address (only failures count against an address).
 */
export async function releaseAttempt(deps: Deps, { keys }: Reservation): Promise<void> {
  await deps.db.delete(loginThrottle).where(eq(loginThrottle.key, emailKey(keys.email)));
  await refund(deps, addressKey(keys.address), THROTTLE.maxFailuresPerAddress);
}

/** "Forgot your password?" requests: a few per email and more per client address, per window. */
export const RESET_REQUEST_LIMITS = { perEmail: 3, perAddress: 20 } as const;

/**
 * Counts a password-reset request on the email and the address (keys of their own, apart from
 * sign-in failures). Answers false, counting nothing more, once either is locked: the caller then
 * quietly sends nothing, so that the request cannot be used to flood a mailbox.
 */
export async function reserveResetRequest(deps: Deps, keys: ThrottleKeys): Promise<boolean> {
  const email = await reserve(deps, `reset-email:${keys.email}`, RESET_REQUEST_LIMITS.perEmail);
  if (!email.reserved) return false;
  const address = await reserve(
    deps,
    `reset-address:${keys.address}`,
    RESET_REQUEST_LIMITS.perAddress,
  );
  return address.reserved;
}
