import { or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** `%text%` for ILIKE, with the pattern characters of `text` taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * `tags_text(tags)`: a resource's tags as one text, as `?q=` searches them, and the expression of
 * their trigram indexes (migration 0010 creates the function: `array_to_string(tags, ' ')`,
 * declared immutable so that an index may use it; docs/decisions.md, "Issue 17: searches through
 * trigram indexes").
 */
export function tagsText(tags: PgColumn): SQL {
  return sql`tags_text(${tags})`;
}

/**
 * The storage options of the trigram (GIN) indexes: no pending list (`fastupdate`). A GIN index
 * queues new entries in a pending list that only VACUUM merges, and PGlite never vacuums: every
 * search then reads the whole list, and the planner, costing it, prefers reading the account's
 * rows (docs/decisions.md, "Issue 17: searches through trigram indexes").
 */
export const TRIGRAM_INDEX_OPTIONS = { fastupdate: false };

/**
 * Whether a trigram index (pg_trgm, migration 0010) can serve a `%text%` pattern: only when the
 * text holds three letters or digits in a row, from which pg_trgm takes a trigram. Shorter
 * searches are answered by a scan of the account's rows, as before the indexes.
 */
export function hasTrigram(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

/**
 * Case-insensitive "contains" over any of `columns`, as one parenthesised condition, so that
 * `and(inTheAccount, anyContains(…))` cannot turn into `inTheAccount and a or b`.
 */
export function anyContains(columns: PgColumn[], text: string): SQL {
  const pattern = containing(text);
  return or(...columns.map((column) => sql`${column} ilike ${pattern}`))!;
}

/** `?sort=name` / `?sort=-name`: the field and whether it runs descending. */
export function parseSort<S extends string>(
  sort: S,
): { field: Exclude<S, `-${string}`>; descending: boolean } {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as Exclude<S, `-${string}`>, descending };
}

/** Offset of a 1-based page. */
export function offsetOf({ page, pageSize }: { page: number; pageSize: number }): number {
  return (page - 1) * pageSize;
}
