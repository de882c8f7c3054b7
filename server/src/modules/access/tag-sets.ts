/**
 * The access filter of the cluster and pipeline lists, by tag set (issue 17).
 *
 * Whether a person may read a resource depends only on its tags. Every distinct tag set of an
 * account is a row of `tag_sets`, and every resource names its own (`tag_set_id`, kept by the
 * `tag_set_of` trigger of migration 0010). So a person's filter is decided here, once per tag set
 * and in memory, by the engine's own test; the database then keeps the rows whose `tag_set_id` is
 * one of the readable sets' — one hashed lookup a row, answered from the `(account_id,
 * tag_set_id)` index for a count — instead of comparing every row's tags with every tag of the
 * person's rules (about 1.4 µs a row: 30 ms of a 20,000-pipeline count). docs/performance.md has
 * the figures, docs/decisions.md the choice.
 *
 * The sets of an account are kept in memory per database handle and checked on every use against
 * the table's count and highest id: sets are only ever added, so equal numbers mean nothing is
 * missing, and new sets are read by id. A set this process has not read yet — one a concurrent
 * transaction is adding — is readable by no one until it is read: the filter fails closed.
 */
import { and, count, eq, gt, max, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ResourceType } from '../../../contract/access';
import { readableTest, type ReadableWhere } from '../../../domain/access/engine';
import type { Db } from '../../db/client';
import { tagSets } from '../../db/schema';

interface AccountSets {
  ids: number[];
  tags: string[][];
  /** The table's count and highest id when `ids` was complete. */
  count: number;
  maxId: number;
  /** Readable sets as an `int[]` literal, by the `where` they were decided for. */
  readable: Map<string, string>;
}

/** How many accounts' kinds of sets a database handle keeps, and how many filters per kind. */
const KINDS_KEPT = 128;
const FILTERS_KEPT = 256;

/**
 * By database handle (a process may hold several) and by account and kind. Transactions do not
 * come here (access.service's `readableCondition`): what one reads, a set it adds and may roll
 * back, must never reach the cache of the database.
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

const ofKind = (accountId: string, resourceType: ResourceType) =>
  and(eq(tagSets.accountId, accountId), eq(tagSets.resourceType, resourceType));

async function readSets(db: Db, accountId: string, resourceType: ResourceType, after = 0) {
  return db
    .select({ id: tagSets.id, tags: tagSets.tags })
    .from(tagSets)
    .where(and(ofKind(accountId, resourceType), after > 0 ? gt(tagSets.id, after) : undefined))
    .orderBy(tagSets.id);
}

function fresh(rows: { id: number; tags: string[] }[]): AccountSets {
  return {
    ids: rows.map((row) => row.id),
    tags: rows.map((row) => row.tags),
    count: rows.length,
    maxId: rows.reduce((highest, row) => Math.max(highest, row.id), 0),
    readable: new Map(),
  };
}

/** Every tag set of the account's kind: the kept ones if the table still has exactly those. */
async function setsOf(db: Db, accountId: string, resourceType: ResourceType): Promise<AccountSets> {
  const [state] = await db
    .select({ count: count(), maxId: max(tagSets.id) })
    .from(tagSets)
    .where(ofKind(accountId, resourceType));
  const now = { count: state?.count ?? 0, maxId: state?.maxId ?? 0 };
  const cache = cacheOf(db);
  const key = `${resourceType} ${accountId}`;
  const kept = cache.get(key);
  if (kept && kept.count === now.count && kept.maxId === now.maxId) return kept;

  let sets: AccountSets | undefined;
  if (kept && now.maxId > kept.maxId) {
    // Usually a few new sets, read by id; if that does not account for them all (a set with a
    // lower id committed later), everything is read again.
    const added = fresh(await readSets(db, accountId, resourceType, kept.maxId));
    const extended: AccountSets = {
      ids: [...kept.ids, ...added.ids],
      tags: [...kept.tags, ...added.tags],
      count: kept.count + added.count,
      maxId: Math.max(kept.maxId, added.maxId),
      readable: new Map(),
    };
    if (extended.count === now.count && extended.maxId === now.maxId) sets = extended;
  }
  sets ??= fresh(await readSets(db, accountId, resourceType));
  cache.delete(key);
  cache.set(key, sets);
  if (cache.size > KINDS_KEPT) cache.delete(cache.keys().next().value as string);
  return sets;
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
  const sets = await setsOf(db, accountId, resourceType);
  const filter = JSON.stringify(where);
  let literal = sets.readable.get(filter);
  if (literal === undefined) {
    const readable = readableTest(where);
    const ids = sets.ids.filter((_, index) => readable(sets.tags[index] ?? []));
    literal = `{${ids.join(',')}}`;
    if (sets.readable.size >= FILTERS_KEPT) sets.readable.clear();
    sets.readable.set(filter, literal);
  }
  if (literal === '{}') return sql`false`;
  return sql`${tagSetId} = any(${literal}::int[])`;
}
