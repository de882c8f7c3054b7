import { DEFAULT_RULES } from '../../../domain/access/default-rules';
import type { Db } from '../../db/client';
import { eq } from 'drizzle-orm';
import { accessRules, accounts } from '../../db/schema';

/** P-2.8: a new account's default rules, for its built-in team `users`. */
export async function createDefaultRules(
  db: Db,
  accountId: string,
  usersTeamId: string,
  now: Date,
): Promise<void> {
  await db.insert(accessRules).values(
    DEFAULT_RULES.map((rule, index) => ({
      accountId,
      number: index + 1,
      teamId: usersTeamId,
      ...rule,
      tagMatch: 'any' as const,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await db
    .update(accounts)
    .set({ lastRuleNumber: DEFAULT_RULES.length })
    .where(eq(accounts.id, accountId));
}
