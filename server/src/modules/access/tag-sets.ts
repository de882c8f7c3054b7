/**
 * The access filter of the cluster and pipeline lists, by tag set (issue 17).
 *
 * Whether a person may read a resource depends only on its tags. Every distinct tag set of an
 * account is a row of `tag_sets`, and every resource names its own (`tag_set_id`, kept by the
 * `tag_set_of` trigger of migration 0011). So a person's filter is decided here, once per tag set
 * and in memory, by the engine's own test; the database then keeps the rows whose `tag_set_id` is
 * one of the readable sets' — one bit looked up a row, answered from the `(account_id,
 * tag_set_id)` index for a count — instead of comparing every row's tags with every tag of the
 * person's rules (about 1.4 µs a row: 30 ms of a 20,000-pipeline count). docs/performance.md has
 * the figures, docs/decisions.md the choice.
 *
 * The sets of an account are kept in memory per database handle and checked on every use against
 * `tag_set_counts` (one row: how many sets the account has, and the highest id), which the
 * trigger keeps in the transaction that adds a set: sets are only ever added, so equal numbers
 * mean nothing is missing, and new sets are read by id. A set this process has not read yet (one
 * a concurrent transaction is adding) is readable by no one until it is read: the filter fails
 * closed.
 */
import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ResourceType } from '../../../contract/access';
import { readableTest, type ReadableWhere } from '../../../domain/access/engine';
import type { Db } from '../../db/client';
import { tagSetCounts, tagSets } from '../../db/schema';

interface KindSets {
  ids: number[];
  tags: string[][];
  /** The condition of the readable sets, by the `where` they were decided for. */
  readable: Map<string, SQL>;
}

interface AccountSets {
  byKind: Record<ResourceType, KindSets>;
  /** `tag_set_counts` when these were read: every set of the account, and the highest id. */
  count: number;
  lastId: number;
}

/** How many accounts' sets a database handle keeps, and how many filters per kind. */
const ACCOUNTS_KEPT = 64;
const FILTERS_KEPT = 256;
/** The largest bitmap of readable sets sent (2 million ids apart); past it, an `int[]`. */
const BITMAP_MAX = 256 * 1024;

/**
 * By database handle (a process may hold several) and by account. Transactions do not come here
 * (access.service's `readableCondition`): what one reads, a set it adds and may roll back, must
 * never reach the cache of the database.
 */
const setsByDb = new WeakMap<Db, Map<string, AccountSets>>();

function cacheOf(db: Db): Map<string, AccountSets> {
  let cache = setsByDb.get(db);
  if (!cache) {
    cache = new Map();
    setsByDb.set(db, cache);
  }
  return cache;
}

function readSets(db: Db, accountId: string, after?: number) {
  return db
    .select({ id: tagSets.id, resourceType: tagSets.resourceType, tags: tagSets.tags })
    .from(tagSets)
    .where(
      and(
        eq(tagSets.accountId, accountId),
        after === undefined ? undefined : gt(tagSets.id, after),
      ),
    )
    .orderBy(tagSets.id);
}

type SetRow = Awaited<ReturnType<typeof readSets>>[number];

/** `kept`'s sets with `rows` added (none if absent), their filters to be decided again. */
function withSets(rows: SetRow[], kept?: AccountSets): AccountSets {
  const kind = (type: ResourceType): KindSets => ({
    ids: [...(kept?.byKind[type].ids ?? [])],
    tags: [...(kept?.byKind[type].tags ?? [])],
    readable: new Map(),
  });
  const sets: AccountSets = {
    byKind: { cluster: kind('cluster'), pipeline: kind('pipeline') },
    count: (kept?.count ?? 0) + rows.length,
    lastId: kept?.lastId ?? 0,
  };
  for (const row of rows) {
    sets.byKind[row.resourceType].ids.push(row.id);
    sets.byKind[row.resourceType].tags.push(row.tags);
    sets.lastId = Math.max(sets.lastId, row.id);
  }
  return sets;
}

/** Every tag set of the account: the kept ones if the account still has exactly those. */
async function setsOf(db: Db, accountId: string): Promise<AccountSets> {
  const [counted] = await db
    .select({ sets: tagSetCounts.sets, lastId: tagSetCounts.lastId })
    .from(tagSetCounts)
    .where(eq(tagSetCounts.accountId, accountId));
  const now = { count: counted?.sets ?? 0, lastId: counted?.lastId ?? 0 };
  const cache = cacheOf(db);
  const kept = cache.get(accountId);
  const current = (sets: AccountSets) => sets.count === now.count && sets.lastId === now.lastId;
  if (kept && current(kept)) return kept;

  let sets: AccountSets | undefined;
  if (kept && now.lastId > kept.lastId) {
    // Usually a few new sets, read by id; if that does not account for them all (a set with a
    // lower id committed later), everything is read again.
    const extended = withSets(await readSets(db, accountId, kept.lastId), kept);
    if (current(extended)) sets = extended;
  }
  sets ??= withSets(await readSets(db, accountId));
  cache.delete(accountId);
  cache.set(accountId, sets);
  if (cache.size > ACCOUNTS_KEPT) cache.delete(cache.keys().next().value as string);
  return sets;
}

/**
 * The readable sets of a kind, as SQL over its `tag_set_id`. A bitmap of ids from the lowest to
 * the highest set of the kind (`get_bit`, one bit a set): the planner's work does not grow with
 * the number of readable sets, where an `= any(int[])` of them costs about a microsecond of
 * planning per element (15 ms for 12,000), twice a list. Past BITMAP_MAX bytes (ids spread
 * thin by other accounts' sets), the array. A row outside the range is readable by no one.
 */
function readableSql(ids: number[], all: number[], tagSetId: PgColumn): SQL {
  if (ids.length === 0) return sql`false`;
  const low = all.reduce((lowest, id) => Math.min(lowest, id), Infinity);
  const high = all.reduce((highest, id) => Math.max(highest, id), -Infinity);
  const bytes = Math.ceil((high - low + 1) / 8);
  if (bytes > BITMAP_MAX) return sql`${tagSetId} = any(${`{${ids.join(',')}}`}::int[])`;
  const bits = Buffer.alloc(bytes);
  for (const id of ids) {
    const bit = id - low;
    bits[bit >> 3]! |= 1 << (bit & 7);
  }
  // `<> 0`, not `= 1`: the planner's default selectivity for a function's `=` is 0.5%, which
  // made it sort every readable pipeline for a first page instead of walking the name index.
  return sql`(${tagSetId} between ${low} and ${high} and get_bit(${bits}::bytea, ${tagSetId} - ${low}) <> 0)`;
}

/**
 * The SQL condition of the resources of a kind whose tags `where` reads, on the table's
 * `tag_set_id`, or undefined when everything is readable.
 */
export async function readableTagSets(
  db: Db,
  accountId: string,
  resourceType: ResourceType,
  where: ReadableWhere,
  tagSetId: PgColumn,
): Promise<SQL | undefined> {
  if (where.everything) return undefined;
  const sets = (await setsOf(db, accountId)).byKind[resourceType];
  const filter = JSON.stringify(where);
  let condition = sets.readable.get(filter);
  if (condition === undefined) {
    const readable = readableTest(where);
    const ids = sets.ids.filter((_, index) => readable(sets.tags[index] ?? []));
    condition = readableSql(ids, sets.ids, tagSetId);
    if (sets.readable.size >= FILTERS_KEPT) sets.readable.clear();
    sets.readable.set(filter, condition);
  }
  return condition;
}
