import Bowser from 'bowser';
import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Session } from '../../../contract/sessions';
import { accounts, sessions, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';

/** "Firefox 128 on Linux" from a user agent, or null when it names no browser. */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  if (!browser) return null;
  const major = parsed.browser.version?.split('.')[0];
  const system = parsed.os.name;
  return `${browser}${major ? ` ${major}` : ''}${system ? ` on ${system}` : ''}`;
}

/**
 * `GET /api/me/sessions`: the person's sessions that still work (not past their lifetime nor the
 * account's idle timeout), the most recently active first. Each is named by its public id; the
 * row's key is the hash of the cookie's token and never leaves the server.
 */
export async function listMySessions(
  { db, clock }: Deps,
  principal: Principal,
): Promise<Session[]> {
  const now = clock.now();
  const rows = await db
    .select({
      id: sessions.id,
      publicId: sessions.publicId,
      userAgent: sessions.userAgent,
      address: sessions.address,
      createdAt: sessions.createdAt,
      lastActiveAt: sessions.lastActiveAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(sessions.userId, principal.userId),
        eq(sessions.accountId, principal.accountId),
        gt(sessions.expiresAt, now),
        sql`${sessions.lastActiveAt} + make_interval(mins => ${accounts.idleTimeoutMinutes}) > ${now}`,
      ),
    )
    .orderBy(desc(sessions.lastActiveAt), desc(sessions.createdAt));
  return rows.map((row) => ({
    id: row.publicId,
    device: describeDevice(row.userAgent),
    address: row.address,
    startedAt: row.createdAt.toISOString(),
    lastActiveAt: row.lastActiveAt.toISOString(),
    current: row.id === principal.sessionId,
  }));
}

async function personName(deps: Deps, principal: Principal, userId: string) {
  const [person] = await deps.db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.accountId, principal.accountId)));
  return person?.name;
}

/**
 * Deletes sessions and records who ended which. A deleted row stops the session at its next
 * request: on PostgreSQL every request reads its session, and on the embedded database the
 * delete moves the identity version that the session cache checks (db/identity-writes.ts).
 */
async function endSessions(
  deps: Deps,
  principal: Principal,
  where: ReturnType<typeof and>,
  target: { type: 'user' | 'account'; id: string; name: string },
  scope: string,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(where)
      .returning({ publicId: sessions.publicId, userId: sessions.userId });
    if (ended.length > 0) {
      await recordAudit(tx, principal, {
        at: deps.clock.now(),
        action: 'sessions.ended',
        target,
        before: { scope, sessions: ended.map((session) => session.publicId) },
        after: null,
      });
    }
    return ended.length;
  });
}

/** `DELETE /api/me/sessions/:id`: one of the person's own sessions; anyone else's is unknown. */
export async function endMySession(
  deps: Deps,
  principal: Principal,
  publicId: string,
): Promise<void> {
  const name = (await personName(deps, principal, principal.userId)) ?? principal.userId;
  const ended = await endSessions(
    deps,
    principal,
    and(
      eq(sessions.publicId, publicId),
      eq(sessions.userId, principal.userId),
      eq(sessions.accountId, principal.accountId),
    ),
    { type: 'user', id: principal.userId, name },
    'one of their own',
  );
  if (ended === 0) throw new HttpProblem(404, 'There is no such session of yours.');
}

/** `POST /api/me/sessions/end-others`: all of the person's sessions but the calling one. */
export async function endMyOtherSessions(deps: Deps, principal: Principal): Promise<number> {
  const name = (await personName(deps, principal, principal.userId)) ?? principal.userId;
  return endSessions(
    deps,
    principal,
    and(
      eq(sessions.userId, principal.userId),
      eq(sessions.accountId, principal.accountId),
      // Called with an API token there is no "this one": every browser session ends.
      principal.sessionId ? ne(sessions.id, principal.sessionId) : undefined,
    ),
    { type: 'user', id: principal.userId, name },
    'all their others',
  );
}

/** `DELETE /api/users/:id/sessions`: every session of a person of the caller's account. */
export async function endPersonSessions(
  deps: Deps,
  principal: Principal,
  userId: string,
): Promise<number> {
  const name = await personName(deps, principal, userId);
  if (name === undefined) throw new HttpProblem(404, 'There is no such person in this account.');
  return endSessions(
    deps,
    principal,
    and(eq(sessions.userId, userId), eq(sessions.accountId, principal.accountId)),
    { type: 'user', id: userId, name },
    'all of the person',
  );
}

/** `POST /api/settings/security/end-sessions`: everyone in the account but the caller's session. */
export async function endEveryoneElsesSessions(deps: Deps, principal: Principal): Promise<number> {
  const [account] = await deps.db
    .select({ name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, principal.accountId));
  return endSessions(
    deps,
    principal,
    and(
      eq(sessions.accountId, principal.accountId),
      principal.sessionId ? ne(sessions.id, principal.sessionId) : undefined,
    ),
    { type: 'account', id: principal.accountId, name: account?.name ?? principal.accountId },
    'everyone else in the account',
  );
}
