import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { gitProviders, registries } from '../../db/schema';
import { anyContains, offsetOf } from '../../lib/sql';
import type { IntegrationStore } from './integrations.service';

type IntegrationTable = typeof gitProviders | typeof registries;

type TableQueries<T extends IntegrationTable> = Pick<
  IntegrationStore<T['$inferSelect'], unknown, unknown>,
  'find' | 'nameTaken' | 'page' | 'insert' | 'update' | 'remove'
>;

/**
 * The queries of an integration's store over its table: both tables have the same columns for
 * what these read (id, account, name), so one piece of code serves both. `searchable`: the
 * columns `?q=` looks into.
 */
export function integrationTableQueries<T extends IntegrationTable>(
  table: T,
  searchable: PgColumn[],
): TableQueries<T> {
  type Row = T['$inferSelect'];
  // Widened once, so that drizzle's builders see one table type.
  const t = table as IntegrationTable;
  const byId = (id: string) => eq(t.id, id);
  return {
    async find(db, accountId, id, forUpdate = false) {
      const query = db
        .select()
        .from(t)
        .where(and(byId(id), eq(t.accountId, accountId)));
      const [row] = forUpdate ? await query.for('update') : await query;
      return row as Row | undefined;
    },
    async nameTaken(db, accountId, name, except) {
      const [clash] = await db
        .select({ id: t.id })
        .from(t)
        .where(
          and(
            eq(t.accountId, accountId),
            sql`lower(${t.name}) = lower(${name})`,
            except ? ne(t.id, except) : undefined,
          ),
        );
      return clash !== undefined;
    },
    async page(db, accountId, query) {
      const where = and(
        eq(t.accountId, accountId),
        query.q ? anyContains(searchable, query.q) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(t)
          .where(where)
          .orderBy(asc(sql`lower(${t.name})`), asc(t.id))
          .limit(query.pageSize)
          .offset(offsetOf(query)),
        db.select({ value: count() }).from(t).where(where),
      ]);
      return { rows: rows as Row[], total: total?.value ?? 0 };
    },
    async insert(db, values) {
      const [row] = await db
        .insert(t)
        .values(values as T['$inferInsert'])
        .returning();
      return row as Row;
    },
    async update(db, id, values) {
      const [row] = await db
        .update(t)
        .set(values as Partial<T['$inferInsert']>)
        .where(byId(id))
        .returning();
      return row as Row;
    },
    async remove(db, id) {
      await db.delete(t).where(byId(id));
    },
  };
}
