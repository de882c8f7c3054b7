import type { Database } from '../../db/client';

/** At most this many sessions are remembered per database; the oldest is forgotten first. */
export const SESSION_CACHE_LIMIT = 10_000;

interface Entry<Row> {
  version: number;
  row: Row;
}

const caches = new WeakMap<Database, Map<string, Entry<unknown>>>();

/**
 * The row behind a session id, read again only when something may have changed it. A session
 * lookup runs before every signed-in request; on the embedded database its query is a quarter
 * of what `GET /api/me` costs (docs/performance.md, issue 17).
 *
 * A remembered row is used while the database's identity version (db/identity-writes.ts) is the
 * one it was read at: any statement that may change a session, a person or an account (sign-out,
 * revocation, a person's level or status, the account's idle timeout, the activity ping that
 * restarts the idle countdown, the sweep of expired sessions) moves the version, and the next
 * lookup reads the database again. Time-based checks (idle timeout, lifetime) are made by the
 * caller on every request from the row's timestamps, so the clock needs no invalidation. On
 * PostgreSQL, where other servers write too, there is no version and every lookup reads.
 */
export async function readSessionRow<Row>(
  database: Database | undefined,
  id: string,
  load: () => Promise<Row | undefined>,
): Promise<Row | undefined> {
  const current = database?.identityVersion;
  if (!database || !current) return load();
  let cache = caches.get(database) as Map<string, Entry<Row>> | undefined;
  if (!cache) {
    cache = new Map();
    caches.set(database, cache as Map<string, Entry<unknown>>);
  }
  const version = current();
  const hit = cache.get(id);
  if (hit && hit.version === version) return hit.row;
  const row = await load();
  cache.delete(id);
  // Kept only if nothing that may change it began or ended while it was read.
  if (row && current() === version) {
    if (cache.size >= SESSION_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(id, { version, row });
  }
  return row;
}
