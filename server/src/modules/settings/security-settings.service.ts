import { eq } from 'drizzle-orm';
import type { SecuritySettings } from '../../../contract/settings';
import { accounts, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { recordAudit } from '../audit/audit.service';

/** `GET /api/settings/security`: the idle timeout (P-3.1) and who set it, when. */
export async function getSecuritySettings(
  { db }: Deps,
  accountId: string,
): Promise<SecuritySettings> {
  const [row] = await db
    .select({
      idleTimeoutMinutes: accounts.idleTimeoutMinutes,
      updatedAt: accounts.idleTimeoutUpdatedAt,
      updatedById: users.id,
      updatedByName: users.name,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.idleTimeoutUpdatedBy))
    .where(eq(accounts.id, accountId));
  if (!row) throw new HttpProblem(404, 'This account no longer exists.');
  return {
    idleTimeoutMinutes: row.idleTimeoutMinutes,
    updatedAt: row.updatedAt?.toISOString() ?? null,
    updatedBy:
      row.updatedById && row.updatedByName
        ? { id: row.updatedById, name: row.updatedByName }
        : null,
  };
}

/**
 * `PUT /api/settings/security`. Nothing else is needed for it to apply to the sessions already
 * open: `lookupSession` reads the account's timeout on every request. Setting the value it
 * already has changes nothing (not even who set it last).
 */
export async function updateSecuritySettings(
  deps: Deps,
  principal: Principal,
  change: { idleTimeoutMinutes: number },
): Promise<SecuritySettings> {
  const { accountId } = principal;
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ name: accounts.name, idleTimeoutMinutes: accounts.idleTimeoutMinutes })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for('update');
    if (!current) throw new HttpProblem(404, 'This account no longer exists.');
    if (current.idleTimeoutMinutes === change.idleTimeoutMinutes) return;
    const now = deps.clock.now();
    await tx
      .update(accounts)
      .set({
        idleTimeoutMinutes: change.idleTimeoutMinutes,
        idleTimeoutUpdatedAt: now,
        idleTimeoutUpdatedBy: principal.userId,
      })
      .where(eq(accounts.id, accountId));
    await recordAudit(tx, principal, {
      at: now,
      action: 'settings.security.updated',
      target: { type: 'account', id: accountId, name: current.name },
      before: { idleTimeoutMinutes: current.idleTimeoutMinutes },
      after: { idleTimeoutMinutes: change.idleTimeoutMinutes },
    });
  });
  return getSecuritySettings(deps, accountId);
}
