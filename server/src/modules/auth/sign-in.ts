/**
 * Starting a session once someone has proven who they are, whichever way (a password, OIDC,
 * SAML, LDAP), and the audit entries of sign-ins: every sign-in says which way it came; failed
 * ones are recorded for people of an account, at most one entry per client address and minute,
 * so that guessing cannot flood the log.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditEntries, users } from '../../db/schema';
import { clientAddress } from '../../lib/client-address';
import { MINUTE } from '../../lib/clock';
import type { AppEnv, Deps } from '../../lib/context';
import { readSessionCookies, setSessionCookies } from '../../lib/cookies';
import { sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/audit.service';
import { createSession, endSession } from './auth.service';

export type SignInMethod = 'password' | 'oidc' | 'saml' | 'ldap';

export interface SignInWay {
  method: SignInMethod;
  /** The SSO provider, for every method but a password. */
  provider?: { id: string; name: string };
}

/**
 * Starts a session for `person`, replacing whatever session this browser had (no session
 * fixation), sets its cookies, and records the sign-in.
 */
export async function startSession(
  c: Context<AppEnv>,
  person: { id: string; accountId: string },
  way: SignInWay,
): Promise<void> {
  const deps = c.var.deps;
  const previous = readSessionCookies(c).session;
  if (previous) await endSession(deps, sha256(previous));
  const address = clientAddress(c);
  const session = await createSession(deps, person, c.req.header('user-agent'), address);
  setSessionCookies(c, session.token, session.csrfToken);
  await deps.db.transaction(async (tx) => {
    const [who] = await tx
      .select({ name: users.name, level: users.level })
      .from(users)
      .where(eq(users.id, person.id));
    if (!who) return;
    await recordAudit(
      tx,
      { accountId: person.accountId, userId: person.id, level: who.level, via: 'session' },
      {
        at: deps.clock.now(),
        action: 'session.signed-in',
        target: { type: 'user', id: person.id, name: who.name },
        before: null,
        after: {
          session: session.publicId,
          method: way.method,
          ...(way.provider ? { ssoProvider: way.provider.name } : {}),
          address,
        },
      },
    );
  });
}

/**
 * Records a failed sign-in of the person with `email`, if there is one (an unknown address has
 * no account to record it in; the server log has it). At most one entry per client address and
 * minute in an account: the next failures within the minute are counted in the log only.
 */
export async function recordFailedSignIn(
  { db, clock, logger }: Pick<Deps, 'db' | 'clock' | 'logger'>,
  failure: { email: string; address: string; way: SignInWay; reason: string },
): Promise<void> {
  const now = clock.now();
  logger.info(
    {
      email: failure.email,
      address: failure.address,
      method: failure.way.method,
      reason: failure.reason,
    },
    'sign-in failed',
  );
  await db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: users.id, accountId: users.accountId, name: users.name, level: users.level })
      .from(users)
      .where(eq(users.email, failure.email.trim().toLowerCase()));
    if (!person) return;
    // One writer per account and address at a time, so two failures at once write one entry.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`sign-in-failed:${person.accountId}:${failure.address}`}))`,
    );
    const [recent] = await tx
      .select({ id: auditEntries.id })
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.accountId, person.accountId),
          eq(auditEntries.action, 'session.sign-in-failed'),
          gt(auditEntries.at, new Date(now.getTime() - MINUTE)),
          sql`${auditEntries.after} ->> 'address' = ${failure.address}`,
        ),
      )
      .limit(1);
    if (recent) return;
    await recordAudit(
      tx,
      { accountId: person.accountId, userId: person.id, level: person.level, via: 'session' },
      {
        at: now,
        action: 'session.sign-in-failed',
        target: { type: 'user', id: person.id, name: person.name },
        before: null,
        after: {
          method: failure.way.method,
          ...(failure.way.provider ? { ssoProvider: failure.way.provider.name } : {}),
          reason: failure.reason,
          address: failure.address,
        },
      },
    );
  });
}
