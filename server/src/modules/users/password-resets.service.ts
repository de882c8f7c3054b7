import { and, eq } from 'drizzle-orm';
import { REDACTED, REDACTED_CHANGED } from '../../../contract/audit';
import { PASSWORD_RESET_HOURS, RESET_PASSWORD_PATH } from '../../../contract/constants';
import type { MailOutcome, PasswordResetLink } from '../../../contract/users';
import { accounts, passwordResets, sessions, users } from '../../db/schema';
import { HOUR } from '../../lib/clock';
import type { Deps, Principal } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { formatUtcDate, mailLink } from '../../lib/link-mail';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';
import { reserveResetRequest } from '../auth/login-throttle';

/** The reset mail, when the deployment has SMTP settings (`mailLink`). */
function mailResetLink(
  deps: Deps,
  message: { to: string; url: string; expiresAt: Date; accountName: string },
): Promise<MailOutcome> {
  return mailLink(deps, {
    to: message.to,
    subject: `Reset your Perimeter password for ${message.accountName}`,
    opening: `A new password was requested for your account at ${message.accountName} on Perimeter.`,
    action: 'Open this link to choose it:',
    url: message.url,
    expiresAt: message.expiresAt,
    closing: 'If you did not expect this message, you can ignore it: your password stays as it is.',
    kind: 'password-reset',
  });
}

/**
 * `POST /api/users/:id/password-reset`: a one-time link with which an active person chooses a
 * new password. One link per person: issuing one replaces (and so invalidates) the previous.
 * Only the token's hash is stored; the link is in this answer and in the mail, nowhere else.
 */
export async function issuePasswordReset(
  deps: Deps,
  principal: Principal,
  userId: string,
  consoleUrl: string,
): Promise<PasswordResetLink> {
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_HOURS * HOUR);
  const person = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        level: users.level,
        status: users.status,
        ssoProviderId: users.ssoProviderId,
        accountName: accounts.name,
      })
      .from(users)
      .innerJoin(accounts, eq(accounts.id, users.accountId))
      .where(and(eq(users.id, userId), eq(users.accountId, principal.accountId)))
      .for('update', { of: users });
    if (!row) throw new HttpProblem(404, 'There is no such person in this account.');
    if (row.status !== 'active') {
      throw new HttpProblem(
        409,
        `${row.name} has not accepted their invitation yet, so they have no password to reset. Send them a new invitation link instead.`,
        { code: 'not-active' },
      );
    }
    // Administrators keep a password way in (break-glass) even when assigned to a provider.
    if (row.ssoProviderId && row.level !== 'administrator') {
      throw new HttpProblem(
        409,
        `${row.name} signs in through the account's SSO provider, not with a password; a reset link would not let them in.`,
        { code: 'signs-in-through-sso' },
      );
    }
    const values = {
      tokenHash: sha256(token),
      issuedBy: principal.userId,
      createdAt: now,
      expiresAt,
      usedAt: null,
    };
    await tx
      .insert(passwordResets)
      .values({ accountId: principal.accountId, userId, ...values })
      .onConflictDoUpdate({ target: passwordResets.userId, set: values });
    await recordAudit(tx, principal, {
      at: now,
      action: 'password-reset.issued',
      target: { type: 'user', id: userId, name: row.name },
      before: null,
      after: { email: row.email, resetExpiresAt: expiresAt.toISOString() },
    });
    return row;
  });
  const resetUrl = `${consoleUrl}${RESET_PASSWORD_PATH}#${token}`;
  const mail = await mailResetLink(deps, {
    to: person.email,
    url: resetUrl,
    expiresAt,
    accountName: person.accountName,
  });
  return { resetUrl, expiresAt: expiresAt.toISOString(), mail };
}

/**
 * `POST /api/auth/password-reset/:token`: sets the person's new password with a link that is
 * still good, uses the link up and ends every session of the person (whoever was signed in with
 * the old password is signed out at once; the session cache follows the deleted rows).
 */
export async function resetPassword(
  { db, clock, passwords }: Deps,
  token: string,
  input: { password: string },
): Promise<void> {
  // Hashing takes a while; it is done before the transaction so no lock waits for it.
  const passwordHash = await passwords.hash(input.password);
  await db.transaction(async (tx) => {
    const now = clock.now();
    const [row] = await tx
      .select({
        id: passwordResets.id,
        userId: passwordResets.userId,
        accountId: passwordResets.accountId,
        expiresAt: passwordResets.expiresAt,
        usedAt: passwordResets.usedAt,
        name: users.name,
        level: users.level,
        status: users.status,
      })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(eq(passwordResets.tokenHash, sha256(token)))
      .for('update', { of: passwordResets });
    if (!row || row.status !== 'active') {
      throw new HttpProblem(
        404,
        'This password-reset link is not valid: it may have been replaced by a newer one. Ask an administrator of your account for a new link.',
        { code: 'reset-unknown' },
      );
    }
    if (row.usedAt) {
      throw new HttpProblem(
        410,
        'This password-reset link has already been used. Sign in with the password you chose, or ask for a new link.',
        { code: 'reset-used' },
      );
    }
    if (row.expiresAt.getTime() <= now.getTime()) {
      throw new HttpProblem(
        410,
        `This password-reset link expired on ${formatUtcDate(row.expiresAt)}. Ask an administrator of your account for a new one.`,
        { code: 'reset-expired' },
      );
    }
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.userId));
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, row.id));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    // The person proved who they are with the link: they are the actor of this entry.
    await recordAudit(
      tx,
      { accountId: row.accountId, userId: row.userId, level: row.level, via: 'session' },
      {
        at: now,
        action: 'password-reset.used',
        target: { type: 'user', id: row.userId, name: row.name },
        before: { password: REDACTED },
        after: { password: REDACTED_CHANGED },
      },
    );
  });
}

/** The answer to every "Forgot your password?" request, whatever became of it. */
export const PASSWORD_RESET_REQUESTED =
  'If this address belongs to an account here, a link to choose a new password is on its way. It works once, for 24 hours.';

/**
 * `POST /api/auth/password-reset`: mails a reset link to an active person with a password way
 * in, when the deployment can mail. Whatever the outcome the caller answers the same, and the
 * mail is sent without waiting for it, so that neither the answer nor its timing tells whether
 * the address has an account. Throttled per email and per client address (silently).
 */
export async function requestPasswordReset(
  deps: Deps,
  request: { email: string; address: string; consoleUrl: string },
): Promise<void> {
  if (!deps.mailer) return;
  if (!(await reserveResetRequest(deps, { email: request.email, address: request.address }))) {
    return;
  }
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_HOURS * HOUR);
  const person = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: users.id,
        accountId: users.accountId,
        name: users.name,
        email: users.email,
        level: users.level,
        status: users.status,
        ssoProviderId: users.ssoProviderId,
        accountName: accounts.name,
      })
      .from(users)
      .innerJoin(accounts, eq(accounts.id, users.accountId))
      .where(eq(users.email, request.email))
      .for('update', { of: users });
    if (!row || row.status !== 'active') return null;
    if (row.ssoProviderId && row.level !== 'administrator') return null;
    const values = {
      tokenHash: sha256(token),
      issuedBy: null,
      createdAt: now,
      expiresAt,
      usedAt: null,
    };
    await tx
      .insert(passwordResets)
      .values({ accountId: row.accountId, userId: row.id, ...values })
      .onConflictDoUpdate({ target: passwordResets.userId, set: values });
    // Asked for by whoever knew the address: the entry names the person it is about.
    await recordAudit(
      tx,
      { accountId: row.accountId, userId: row.id, level: row.level, via: 'session' },
      {
        at: now,
        action: 'password-reset.issued',
        target: { type: 'user', id: row.id, name: row.name },
        before: null,
        after: { email: row.email, resetExpiresAt: expiresAt.toISOString(), requested: 'by mail' },
      },
    );
    return row;
  });
  if (!person) return;
  // Not awaited: an SMTP exchange would make a known address answer measurably later.
  void mailResetLink(deps, {
    to: person.email,
    url: `${request.consoleUrl}${RESET_PASSWORD_PATH}#${token}`,
    expiresAt,
    accountName: person.accountName,
  });
}
