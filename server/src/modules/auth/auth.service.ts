import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { API_TOKEN_MAX_DAYS } from '../../../contract/constants';
import type { AccessLevel } from '../../../contract/me';
import type { Db } from '../../db/client';
import { accounts, apiTokens, sessions, ssoProviders, teams, users } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import { createDefaultRules } from '../access/default-rules.service';
import type { Deps, Principal } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { productionPasswords, type PasswordHasher } from '../../lib/passwords';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';
import { readSessionRow } from './session-cache';

export interface NewSession {
  /** Goes into the httpOnly cookie; only its hash is stored. */
  token: string;
  csrfToken: string;
}

/** Starts a session for a person who has just proven who they are. */
export async function createSession(
  { db, clock, env }: Deps,
  person: { id: string; accountId: string },
  userAgent: string | undefined,
  address?: string,
): Promise<NewSession & { publicId: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = clock.now();
  const [row] = await db
    .insert(sessions)
    .values({
      id: sha256(token),
      accountId: person.accountId,
      userId: person.id,
      csrfToken,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(now.getTime() + env.SESSION_MAX_HOURS * 60 * MINUTE),
      userAgent: userAgent?.slice(0, 300) ?? null,
      address: address && address !== 'unknown' ? address.slice(0, 100) : null,
    })
    .returning({ publicId: sessions.publicId });
  return { token, csrfToken, publicId: row!.publicId };
}

export type SessionLookup =
  | { ok: true; principal: Principal; csrfToken: string }
  | { ok: false; reason: 'unknown' | 'idle' | 'expired' };

/**
 * Finds the session behind a cookie and applies the account's idle timeout and the absolute
 * lifetime (P-3.4). A session past either is deleted, so it cannot come back.
 */
export async function lookupSession(
  { db, database, clock }: Deps,
  token: string,
): Promise<SessionLookup> {
  const id = sha256(token);
  const row = await readSessionRow(database, id, async () => {
    const [found] = await db
      .select({
        accountId: sessions.accountId,
        userId: sessions.userId,
        csrfToken: sessions.csrfToken,
        lastActiveAt: sessions.lastActiveAt,
        expiresAt: sessions.expiresAt,
        idleTimeoutMinutes: accounts.idleTimeoutMinutes,
        level: users.level,
        status: users.status,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(eq(sessions.id, id));
    return found;
  });
  if (!row || row.status !== 'active') return { ok: false, reason: 'unknown' };
  const now = clock.now().getTime();
  const idleDeadline = row.lastActiveAt.getTime() + row.idleTimeoutMinutes * MINUTE;
  const reason = now >= row.expiresAt.getTime() ? 'expired' : now >= idleDeadline ? 'idle' : null;
  if (reason) {
    await db.transaction(async (tx) => {
      const ended = await tx
        .delete(sessions)
        .where(eq(sessions.id, id))
        .returning({ publicId: sessions.publicId });
      // Two tabs may find the same idle session at once: only the one that ended it records it.
      if (reason !== 'idle' || !ended[0]) return;
      await recordSessionEvent(
        tx,
        { accountId: row.accountId, userId: row.userId, level: row.level, via: 'session' },
        'session.idle-ended',
        ended[0].publicId,
        { idleTimeoutMinutes: row.idleTimeoutMinutes },
        clock.now(),
      );
    });
    return { ok: false, reason };
  }
  return {
    ok: true,
    csrfToken: row.csrfToken,
    principal: {
      accountId: row.accountId,
      userId: row.userId,
      level: row.level,
      via: 'session',
      sessionId: id,
    },
  };
}

/**
 * The audit entry of a person's own sign-out or idle sign-out: they are the actor and
 * the target, and the entry names the session by its public id (never the cookie's secret).
 */
export async function recordSessionEvent(
  tx: Db,
  principal: Principal,
  action: 'session.signed-out' | 'session.idle-ended',
  sessionPublicId: string,
  details: Record<string, unknown>,
  at: Date,
): Promise<void> {
  const [person] = await tx
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.accountId, principal.accountId)));
  if (!person) return;
  await recordAudit(tx, principal, {
    at,
    action,
    target: { type: 'user', id: principal.userId, name: person.name },
    before: null,
    after: { session: sessionPublicId, ...details },
  });
}

/** Records that the person is active, which restarts the idle countdown. */
export async function touchSession({ db, clock }: Deps, sessionId: string): Promise<void> {
  await db.update(sessions).set({ lastActiveAt: clock.now() }).where(eq(sessions.id, sessionId));
}

/** Ends a session; answers its public id, or undefined when there was none. */
export async function endSession({ db }: Deps, sessionId: string): Promise<string | undefined> {
  const [ended] = await db
    .delete(sessions)
    .where(eq(sessions.id, sessionId))
    .returning({ publicId: sessions.publicId });
  return ended?.publicId;
}

/**
 * Resolves `Authorization: Bearer <token>` to its owner, or null when unknown or expired. The
 * principal's level is the token's, decided here at every use: an administrator only when the
 * token carries administrative rights and its owner is an administrator now (issue 20).
 */
export async function lookupApiToken(
  { db, clock }: Deps,
  token: string,
): Promise<Principal | null> {
  const now = clock.now();
  const [row] = await db
    .select({
      id: apiTokens.id,
      accountId: apiTokens.accountId,
      userId: apiTokens.userId,
      lastUsedAt: apiTokens.lastUsedAt,
      scope: apiTokens.scope,
      administrator: apiTokens.administrator,
      level: users.level,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        eq(users.status, 'active'),
        // A row without an expiry (the previous release's) expires a year after its creation.
        gt(
          sql`coalesce(${apiTokens.expiresAt}, ${apiTokens.createdAt} + make_interval(days => ${API_TOKEN_MAX_DAYS}))`,
          now,
        ),
      ),
    );
  if (!row) return null;
  // "Last used" is for people, not forensics: minute precision spares a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > MINUTE) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return {
    accountId: row.accountId,
    userId: row.userId,
    level: row.administrator && row.level === 'administrator' ? 'administrator' : 'user',
    via: 'token',
    tokenId: row.id,
    tokenScope: row.scope,
  };
}

/**
 * Checks an email and password. Unknown email, wrong password and a person who has not
 * accepted their invitation all answer null, after the same amount of work.
 */
export async function verifyCredentials(
  { db, passwords }: Pick<Deps, 'db' | 'passwords'>,
  email: string,
  password: string,
): Promise<{ id: string; accountId: string } | null> {
  const [person] = await db
    .select({
      id: users.id,
      accountId: users.accountId,
      passwordHash: users.passwordHash,
      status: users.status,
    })
    .from(users)
    .where(eq(users.email, email));
  const ok = await passwords.verify(
    password,
    person?.passwordHash ?? (await passwords.dummyHash()),
  );
  return ok && person?.status === 'active' ? { id: person.id, accountId: person.accountId } : null;
}

/**
 * The SSO provider the person with `email` is assigned to, with their level; undefined for an
 * unknown address or a person with none.
 */
export async function ssoAssignmentOf(
  { db }: Pick<Deps, 'db'>,
  email: string,
): Promise<{ level: AccessLevel; provider: { id: string; name: string } } | undefined> {
  const [row] = await db
    .select({ level: users.level, id: ssoProviders.id, name: ssoProviders.name })
    .from(users)
    .innerJoin(ssoProviders, eq(ssoProviders.id, users.ssoProviderId))
    .where(eq(users.email, email));
  return row ? { level: row.level, provider: { id: row.id, name: row.name } } : undefined;
}

/**
 * Creates an account with its built-in teams and its default access rules (P-2.8); used by
 * setup, the demo and the tests.
 */
export async function createAccount(db: Db, name: string): Promise<string> {
  const [account] = await db.insert(accounts).values({ name }).returning({ id: accounts.id });
  const builtIns = await db
    .insert(teams)
    .values([
      { accountId: account!.id, name: 'users', builtIn: 'users' },
      { accountId: account!.id, name: 'admins', builtIn: 'admins' },
    ])
    .returning({ id: teams.id, builtIn: teams.builtIn });
  const usersTeam = builtIns.find((team) => team.builtIn === 'users')!;
  await createDefaultRules(db, account!.id, usersTeam.id, new Date());
  return account!.id;
}

/**
 * Adds an active person with a password; used by setup, the demo and the tests. The tests pass
 * their app's cheap hasher; everything else hashes at production's cost.
 */
export async function createActivePerson(
  db: Db,
  accountId: string,
  person: { email: string; name: string; password: string; level: AccessLevel },
  passwords: PasswordHasher = productionPasswords,
): Promise<string> {
  const [row] = await db
    .insert(users)
    .values({
      accountId,
      email: person.email,
      name: person.name,
      level: person.level,
      status: 'active',
      passwordHash: await passwords.hash(person.password),
    })
    .returning({ id: users.id });
  return row!.id;
}

export async function needsSetup(db: Db): Promise<boolean> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return (row?.count ?? 0) === 0;
}

/**
 * Creates the account and its first administrator, once (409 afterwards). The advisory lock
 * makes two simultaneous first visits create one account, not two.
 */
export async function setUpFirstAdministrator(
  deps: Deps,
  input: { email: string; name: string; password: string; accountName?: string },
): Promise<{ id: string; accountId: string }> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242001)`);
    if (!(await needsSetup(tx))) {
      throw new HttpProblem(409, 'This Perimeter already has an administrator. Sign in instead.');
    }
    const accountName = input.accountName ?? input.email.split('@')[1] ?? 'Perimeter';
    const accountId = await createAccount(tx, accountName);
    const id = await createActivePerson(
      tx,
      accountId,
      { ...input, level: 'administrator' },
      deps.passwords,
    );
    return { id, accountId };
  });
}

/** Sessions that ended long ago are removed now and then, so the table does not grow forever. */
export async function deleteExpiredSessions({ db, clock }: Deps): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, clock.now()));
}
