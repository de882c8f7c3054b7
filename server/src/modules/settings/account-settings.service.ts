import { eq } from 'drizzle-orm';
import type { AccountSettings } from '../../../contract/settings';
import { accounts } from '../../db/schema';
import type { Deps } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';

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
  accountId: string,
  change: { invitationDomains: string[] },
): Promise<AccountSettings> {
  await deps.db
    .update(accounts)
    .set({ invitationDomains: [...change.invitationDomains].sort() })
    .where(eq(accounts.id, accountId));
  return getAccountSettings(deps, accountId);
}
