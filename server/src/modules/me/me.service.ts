import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { REDACTED, REDACTED_CHANGED } from '../../../contract/audit';
import { API_TOKEN_MAX_DAYS } from '../../../contract/constants';
import type {
  ApiToken,
  ApiTokenScope,
  CreatedApiToken,
  Me,
  NotificationSettings,
} from '../../../contract/me';
import { accounts, apiTokens, sessions, users } from '../../db/schema';
import { DAY } from '../../lib/clock';
import type { Deps, Principal } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { HttpProblem, invalidField } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';
import { releaseAttempt, reserveAttempt } from '../auth/login-throttle';
import { teamsOfPeople } from '../teams/teams.service';

interface Who {
  id: string;
  accountId: string;
}

/** `GET /api/me`: the person, their teams and what the SPA needs to know of the account. */
export async function loadMe({ db, env }: Pick<Deps, 'db' | 'env'>, who: Who): Promise<Me> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      level: users.level,
      notifications: users.notifications,
      accountName: accounts.name,
      idleTimeoutMinutes: accounts.idleTimeoutMinutes,
      inlineSource: accounts.inlineSourceEnabled,
      gitSource: accounts.gitSourceEnabled,
      urlSource: accounts.urlSourceEnabled,
    })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(users.id, who.id), eq(users.accountId, who.accountId)));
  if (!row) throw new HttpProblem(404, 'This person no longer exists.');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    level: row.level,
    notifications: row.notifications,
    teams:
      (await teamsOfPeople(db, who.accountId, [{ id: who.id, level: row.level }])).get(who.id) ??
      [],
    account: {
      id: who.accountId,
      name: row.accountName,
      plan: env.PERIMETER_PLAN,
      idleTimeoutMinutes: row.idleTimeoutMinutes,
      pipelineSources: { inline: row.inlineSource, git: row.gitSource, url: row.urlSource },
    },
  };
}

/** A person changes their own name or notification settings (P-1.1: at any access level). */
export async function updateMe(
  deps: Deps,
  who: Who,
  change: { name?: string; notifications?: Partial<NotificationSettings> },
): Promise<Me> {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ notifications: users.notifications })
      .from(users)
      .where(and(eq(users.id, who.id), eq(users.accountId, who.accountId)))
      .for('update');
    if (!current) throw new HttpProblem(404, 'This person no longer exists.');
    await tx
      .update(users)
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        notifications: { ...current.notifications, ...change.notifications },
        updatedAt: deps.clock.now(),
      })
      .where(eq(users.id, who.id));
  });
  return loadMe(deps, who);
}

const TOKEN_PREFIX = 'prm_';

/**
 * When a token expires. A row without an expiry can only come from the previous release's code
 * (during a rolling upgrade, or after a rollback): it expires a year after its creation, as
 * lookupApiToken reads it too.
 */
export function tokenExpiry(row: { createdAt: Date; expiresAt: Date | null }): Date {
  return row.expiresAt ?? new Date(row.createdAt.getTime() + API_TOKEN_MAX_DAYS * DAY);
}

export function toApiToken(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    administrator: row.administrator,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: tokenExpiry(row).toISOString(),
  };
}

export async function listApiTokens({ db }: Deps, who: Who): Promise<ApiToken[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, who.id), eq(apiTokens.accountId, who.accountId)))
    .orderBy(desc(apiTokens.createdAt), asc(apiTokens.name));
  return rows.map(toApiToken);
}

/** What the audit log records of a token: never its value or hash, only how it is known. */
export function tokenSnapshot(row: typeof apiTokens.$inferSelect) {
  return {
    tokenName: row.name,
    prefix: row.prefix,
    scope: row.scope,
    administrator: row.administrator,
    expiresAt: tokenExpiry(row).toISOString(),
  };
}

/**
 * When a new token expires: `expiresInDays` from now, or `expiresAt`, which must be in the
 * future and at most a year away by the server's clock (422 otherwise).
 */
function expiryOf(now: Date, input: { expiresInDays?: number; expiresAt?: string }): Date {
  if (input.expiresInDays !== undefined) {
    return new Date(now.getTime() + input.expiresInDays * DAY);
  }
  if (input.expiresAt === undefined) {
    throw invalidField(
      'expiresInDays',
      'Choose when the token expires: every token does, within a year.',
    );
  }
  const at = new Date(input.expiresAt);
  if (at.getTime() <= now.getTime()) {
    throw invalidField('expiresAt', 'Choose a date in the future.');
  }
  if (at.getTime() > now.getTime() + API_TOKEN_MAX_DAYS * DAY) {
    throw invalidField('expiresAt', `A token lives at most ${API_TOKEN_MAX_DAYS} days.`);
  }
  return at;
}

async function ownerName(db: Deps['db'], principal: Principal): Promise<string> {
  const [owner] = await db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, principal.userId));
  return owner?.name ?? principal.userId;
}

/** Creates a personal API token (audited); its value is in this answer and nowhere else, ever. */
export async function createApiToken(
  { db, clock }: Deps,
  principal: Principal,
  input: {
    name: string;
    scope: ApiTokenScope;
    administrator?: boolean;
    expiresInDays?: number;
    expiresAt?: string;
  },
): Promise<CreatedApiToken> {
  // The principal's level is the caller's as the request carries it: an administrator's token
  // without administrative rights cannot make one with them.
  if (input.administrator && principal.level !== 'administrator') {
    throw new HttpProblem(403, 'Only administrators can give a token administrative rights.', {
      code: 'administrators-only',
    });
  }
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const now = clock.now();
  const expiresAt = expiryOf(now, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        accountId: principal.accountId,
        userId: principal.userId,
        name: input.name,
        tokenHash: sha256(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        scope: input.scope,
        administrator: input.administrator ?? false,
        createdAt: now,
        expiresAt,
      })
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'api-token.created',
      target: { type: 'user', id: principal.userId, name: await ownerName(tx, principal) },
      before: null,
      after: tokenSnapshot(row!),
    });
    return { ...toApiToken(row!), token };
  });
}

/**
 * Revokes a token (audited): one of the person's own, or with `anyOfTheAccount` (an
 * administrator, `DELETE /api/api-tokens/:id`) any token of the account. A token out of reach is
 * as unknown as a missing one. The entry's target is the token's owner.
 */
export async function revokeApiToken(
  { db, clock }: Deps,
  principal: Principal,
  tokenId: string,
  { anyOfTheAccount = false }: { anyOfTheAccount?: boolean } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(apiTokens)
      .where(
        and(
          eq(apiTokens.id, tokenId),
          eq(apiTokens.accountId, principal.accountId),
          anyOfTheAccount ? undefined : eq(apiTokens.userId, principal.userId),
        ),
      )
      .returning();
    if (!deleted) throw new HttpProblem(404, 'There is no such token.');
    // A token that revokes itself is gone before the entry is written: the entry names the
    // person alone, not the token.
    const actor: Principal =
      principal.tokenId === deleted.id ? { ...principal, tokenId: undefined } : principal;
    const [owner] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, deleted.userId));
    await recordAudit(tx, actor, {
      at: clock.now(),
      action: 'api-token.revoked',
      target: { type: 'user', id: deleted.userId, name: owner?.name ?? deleted.userId },
      before: tokenSnapshot(deleted),
      after: null,
    });
  });
}

/**
 * A person changes their own password (issue 19). The current password is checked like a
 * sign-in and counts toward the sign-in throttle of the person's email and the client's address,
 * so this endpoint guesses no faster than the sign-in page. On success every other session of
 * the person ends (whoever knew the old password is signed out); the one that made the change
 * stays. Deleting the sessions moves the embedded database's identity version, so the session
 * cache (auth/session-cache.ts) forgets them before the next request.
 */
export async function changeOwnPassword(
  deps: Deps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string; address: string },
): Promise<void> {
  const { db, passwords, clock } = deps;
  const [person] = await db
    .select({ email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.accountId, principal.accountId)));
  if (!person) throw new HttpProblem(404, 'This person no longer exists.');
  if (!person.passwordHash) {
    throw new HttpProblem(
      409,
      'Your account has no password to change: you sign in through your company’s sign-in.',
    );
  }
  const reservation = await reserveAttempt(deps, { email: person.email, address: input.address });
  if (!(await passwords.verify(input.currentPassword, person.passwordHash))) {
    throw invalidField('currentPassword', 'That is not your current password.');
  }
  await releaseAttempt(deps, reservation);
  const passwordHash = await passwords.hash(input.newPassword);
  await db.transaction(async (tx) => {
    const now = clock.now();
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(eq(users.id, principal.userId));
    await tx
      .delete(sessions)
      .where(
        principal.sessionId
          ? and(eq(sessions.userId, principal.userId), ne(sessions.id, principal.sessionId))
          : eq(sessions.userId, principal.userId),
      );
    await recordAudit(tx, principal, {
      at: now,
      action: 'user.password-changed',
      target: { type: 'user', id: principal.userId, name: person.name },
      before: { password: REDACTED },
      after: { password: REDACTED_CHANGED },
    });
  });
}
