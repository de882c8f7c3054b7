import { eq } from 'drizzle-orm';
import type { AccountSettings } from '../../../contract/settings';
import { accounts } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';

/** `GET /api/settings/account`: the account, its plan, and how invitations are delivered. */
export async function getAccountSettings(
  { db, env, mailer }: Deps,
  accountId: string,
): Promise<AccountSettings> {
  const [account] = await db
    .select({ name: accounts.name, invitationDomains: accounts.invitationDomains })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) throw new HttpProblem(404, 'This account no longer exists.');
  return {
    name: account.name,
    plan: env.PERIMETER_PLAN,
    invitationDomains: account.invitationDomains,
    mailDelivery: mailer ? 'smtp' : 'none',
  };
}

/** `PUT /api/settings/account`: the email domains invitations are limited to (P-1.8). */
export async function updateAccountSettings(
  deps: Deps,
  principal: Principal,
  change: { invitationDomains: string[] },
): Promise<AccountSettings> {
  const { accountId } = principal;
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ name: accounts.name, invitationDomains: accounts.invitationDomains })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for('update');
    if (!current) throw new HttpProblem(404, 'This account no longer exists.');
    const invitationDomains = [...change.invitationDomains].sort();
    await tx.update(accounts).set({ invitationDomains }).where(eq(accounts.id, accountId));
    await recordAudit(tx, principal, {
      at: deps.clock.now(),
      action: 'settings.account.updated',
      target: { type: 'account', id: accountId, name: current.name },
      before: { invitationDomains: current.invitationDomains },
      after: { invitationDomains },
    });
  });
  return getAccountSettings(deps, accountId);
}
