import { or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** `%text%` for ILIKE, with the pattern characters of `text` taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
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
