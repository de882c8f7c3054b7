import { and, eq } from 'drizzle-orm';
import type { Invitation } from '../../../contract/auth';
import { ACCEPT_INVITATION_PATH } from '../../../contract/constants';
import type { AccessLevel } from '../../../contract/me';
import type { InvitedUser, MailOutcome } from '../../../contract/users';
import type { Db } from '../../db/client';
import { accounts, invitations, users } from '../../db/schema';
import { DAY } from '../../lib/clock';
import type { Deps, Principal } from '../../lib/context';
import { randomToken, sha256 } from '../../lib/crypto';
import { formatUtcDate, mailLink } from '../../lib/link-mail';
import { HttpProblem, invalidField } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';
import { getUser, lockPerson, personSnapshot } from './users.service';

/** "a", "a and b", "a, b and c". */
function listOf(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** P-1.8: refuses an address outside the account's invitation domains, if it has any. */
function assertDomainAllowed(email: string, domains: string[]) {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (domains.length === 0 || domains.includes(domain)) return;
  throw invalidField(
    'email',
    `This account only invites addresses at ${listOf(domains)}; ${domain} is not one of them.`,
  );
}

/** Refuses an address that already belongs to someone, saying what to do instead. */
async function assertEmailFree(db: Db, accountId: string, email: string) {
  const [existing] = await db
    .select({ accountId: users.accountId, status: users.status })
    .from(users)
    .where(eq(users.email, email));
  if (!existing) return;
  if (existing.accountId !== accountId) {
    // Sign-in is by email alone, so an address belongs to one account of the deployment.
    throw new HttpProblem(409, `${email} cannot be invited: another account already uses it.`, {
      code: 'email-taken',
    });
  }
  throw existing.status === 'invited'
    ? new HttpProblem(
        409,
        `${email} is already invited. Resend the invitation if the link was lost.`,
        { code: 'already-invited' },
      )
    : new HttpProblem(409, `${email} is already a member of this account.`, {
        code: 'already-member',
      });
}

/** Issues a fresh one-time link for an invited person; any earlier link stops working. */
async function issueLink(
  tx: Db,
  deps: Deps,
  person: { id: string; accountId: string },
  invitedBy: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.env.INVITATION_DAYS * DAY);
  const values = {
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt,
    invitedBy,
    acceptedAt: null,
  };
  await tx
    .insert(invitations)
    .values({ accountId: person.accountId, userId: person.id, ...values })
    .onConflictDoUpdate({ target: invitations.userId, set: values });
  return { token, expiresAt };
}

/** The invitation mail, when the deployment has SMTP settings (`mailLink`). */
function mailInvitation(
  deps: Deps,
  message: { to: string; url: string; expiresAt: Date; inviterName: string; accountName: string },
): Promise<MailOutcome> {
  return mailLink(deps, {
    to: message.to,
    subject: `You are invited to ${message.accountName} on Perimeter`,
    opening: `${message.inviterName} invited you to join ${message.accountName} on Perimeter.`,
    action: 'Open this link to choose your password:',
    url: message.url,
    expiresAt: message.expiresAt,
    closing: 'If you did not expect this invitation, you can ignore this message.',
    kind: 'invitation',
  });
}

async function withLink(
  deps: Deps,
  principal: Principal,
  userId: string,
  link: { token: string; expiresAt: Date },
  consoleUrl: string,
): Promise<InvitedUser> {
  const [user, [context]] = await Promise.all([
    getUser(deps, principal.accountId, userId),
    deps.db
      .select({ inviterName: users.name, accountName: accounts.name })
      .from(users)
      .innerJoin(accounts, eq(accounts.id, users.accountId))
      .where(eq(users.id, principal.userId)),
  ]);
  const invitationUrl = `${consoleUrl}${ACCEPT_INVITATION_PATH}#${link.token}`;
  const mail = await mailInvitation(deps, {
    to: user.email,
    url: invitationUrl,
    expiresAt: link.expiresAt,
    inviterName: context?.inviterName ?? 'An administrator',
    accountName: context?.accountName ?? 'your account',
  });
  return { ...user, invitationUrl, mail };
}

/** `POST /api/users`: adds an invited person and their one-time link (P-1.2, P-1.8). */
export async function inviteUser(
  deps: Deps,
  principal: Principal,
  input: { email: string; level?: AccessLevel; name?: string },
  consoleUrl: string,
): Promise<InvitedUser> {
  const { accountId } = principal;
  const { userId, link } = await deps.db.transaction(async (tx) => {
    const [account] = await tx
      .select({ invitationDomains: accounts.invitationDomains })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    assertDomainAllowed(input.email, account?.invitationDomains ?? []);
    await assertEmailFree(tx, accountId, input.email);
    const now = deps.clock.now();
    const [person] = await tx
      .insert(users)
      .values({
        accountId,
        email: input.email,
        name: input.name ?? input.email.slice(0, input.email.lastIndexOf('@')),
        level: input.level ?? 'user',
        status: 'invited',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: users.id, accountId: users.accountId, name: users.name });
    const link = await issueLink(tx, deps, person!, principal.userId);
    await recordAudit(tx, principal, {
      at: now,
      action: 'user.invited',
      target: { type: 'user', id: person!.id, name: person!.name },
      before: null,
      after: await personSnapshot(tx, accountId, person!.id),
    });
    return { userId: person!.id, link };
  });
  return withLink(deps, principal, userId, link, consoleUrl);
}

function alreadyAccepted(name: string, instead: string) {
  return new HttpProblem(409, `${name} has already accepted the invitation; ${instead}`, {
    code: 'already-accepted',
  });
}

/** `POST /api/users/:id/invitation`: a new link for an invited person; the old one stops working. */
export async function resendInvitation(
  deps: Deps,
  principal: Principal,
  userId: string,
  consoleUrl: string,
): Promise<InvitedUser> {
  const link = await deps.db.transaction(async (tx) => {
    const person = await lockPerson(tx, principal.accountId, userId);
    if (person.status !== 'invited')
      throw alreadyAccepted(person.name, 'there is nothing to resend.');
    const before = await personSnapshot(tx, principal.accountId, userId);
    const issued = await issueLink(tx, deps, person, principal.userId);
    await recordAudit(tx, principal, {
      at: deps.clock.now(),
      action: 'invitation.renewed',
      target: { type: 'user', id: userId, name: person.name },
      before,
      after: await personSnapshot(tx, principal.accountId, userId),
    });
    return issued;
  });
  return withLink(deps, principal, userId, link, consoleUrl);
}

/** `DELETE /api/users/:id/invitation`: the link stops working and the invited person goes. */
export async function revokeInvitation(
  { db, clock }: Deps,
  principal: Principal,
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const person = await lockPerson(tx, principal.accountId, userId);
    if (person.status !== 'invited') throw alreadyAccepted(person.name, 'remove them instead.');
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'invitation.revoked',
      target: { type: 'user', id: userId, name: person.name },
      before: await personSnapshot(tx, principal.accountId, userId),
      after: null,
    });
    await tx.delete(users).where(eq(users.id, userId));
  });
}

/** The invitation behind a token, as long as it can still be accepted. */
async function usableInvitation(db: Db, token: string, now: Date, lock: boolean) {
  const query = db
    .select({
      id: invitations.id,
      userId: invitations.userId,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      email: users.email,
      name: users.name,
      status: users.status,
      accountName: accounts.name,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(eq(invitations.tokenHash, sha256(token)));
  const [row] = await (lock ? query.for('update', { of: invitations }) : query);
  if (!row) {
    throw new HttpProblem(
      404,
      'This invitation link is not valid: it may have been replaced by a newer one or withdrawn. Ask an administrator of your account for a new invitation.',
      { code: 'invitation-unknown' },
    );
  }
  if (row.acceptedAt || row.status !== 'invited') {
    throw new HttpProblem(
      410,
      'This invitation has already been used. Sign in with the password you chose.',
      { code: 'invitation-used' },
    );
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new HttpProblem(
      410,
      `This invitation expired on ${formatUtcDate(row.expiresAt)}. Ask an administrator of your account to send a new one.`,
      { code: 'invitation-expired' },
    );
  }
  return row;
}

/** `GET /api/auth/invitations/:token`: who is invited where, before they choose a password. */
export async function findInvitation({ db, clock }: Deps, token: string): Promise<Invitation> {
  const row = await usableInvitation(db, token, clock.now(), false);
  return {
    email: row.email,
    name: row.name,
    accountName: row.accountName,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** `POST /api/auth/invitations/:token/accept`: sets the password; the link is then used up. */
export async function acceptInvitation(
  { db, clock, passwords }: Deps,
  token: string,
  input: { password: string; name?: string },
): Promise<void> {
  // Hashing takes a while; it is done before the transaction so no lock waits for it.
  const passwordHash = await passwords.hash(input.password);
  await db.transaction(async (tx) => {
    const now = clock.now();
    const invitation = await usableInvitation(tx, token, now, true);
    await tx
      .update(users)
      .set({
        passwordHash,
        status: 'active',
        ...(input.name !== undefined ? { name: input.name } : {}),
        updatedAt: now,
      })
      .where(and(eq(users.id, invitation.userId), eq(users.status, 'invited')));
    await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
  });
}
