import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { AccountApiTokenPage } from '../../../contract/api-tokens';
import type { ListQuery } from '../../../contract/pagination';
import { apiTokens, users } from '../../db/schema';
import type { Deps } from '../../lib/context';
import { anyContains, offsetOf } from '../../lib/sql';
import { toApiToken } from '../me/me.service';

/**
 * `GET /api/api-tokens`: a page of the account's tokens with their owners, newest first. An
 * account has a few tokens per person at most, so a search scans them (no trigram index).
 */
export async function listAccountApiTokens(
  { db }: Pick<Deps, 'db'>,
  accountId: string,
  query: ListQuery,
): Promise<AccountApiTokenPage> {
  const where = and(
    eq(apiTokens.accountId, accountId),
    query.q
      ? anyContains([apiTokens.name, apiTokens.prefix, users.name, users.email], query.q)
      : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        token: apiTokens,
        owner: { id: users.id, name: users.name, email: users.email, level: users.level },
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(where)
      .orderBy(desc(apiTokens.createdAt), asc(apiTokens.id))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db
      .select({ value: count() })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(where),
  ]);
  return {
    items: rows.map(({ token, owner }) => ({ ...toApiToken(token), owner })),
    total: counted?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
