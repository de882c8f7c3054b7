import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';

const folder = new URL('../db/migrations/', import.meta.url);

async function apply(db: PGlite, tags: readonly string[]): Promise<void> {
  for (const tag of tags) {
    const text = readFileSync(new URL(`${tag}.sql`, folder), 'utf8');
    for (const statement of text.split('--> statement-breakpoint')) await db.exec(statement);
  }
}

/**
 * The checked-in migrations around the one whose name ends with `name` (found by name: its
 * number may change when migrations made in parallel are merged), for a test that writes rows
 * as an older server would and then migrates them.
 *
 * @example
 * const migration = migrationNamed('_trigger_updated_by');
 * await migration.applyBefore(db); // rows as they were
 * await migration.apply(db);
 */
export function migrationNamed(name: string) {
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', folder), 'utf8')) as {
    entries: { tag: string }[];
  };
  const tags = journal.entries.map((entry) => entry.tag);
  const at = tags.findIndex((tag) => tag.endsWith(name));
  expect(at, `a migration named …${name}`).toBeGreaterThan(0);
  return {
    /** Every migration before it. */
    applyBefore: (db: PGlite) => apply(db, tags.slice(0, at)),
    /** It alone. */
    apply: (db: PGlite) => apply(db, [tags[at]!]),
    /** It and every later one. */
    applyFrom: (db: PGlite) => apply(db, tags.slice(at)),
  };
}
