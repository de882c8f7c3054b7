/**
 * Loads what the policy engine (`server/domain/access`) decides on, and turns its answers into
 * SQL filters and problems. Every cluster and pipeline endpoint goes through here (P-2.9).
 */
import { and, asc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { PgTransaction, type PgColumn } from 'drizzle-orm/pg-core';
import type { Privilege, ResourceType } from '../../../contract/access';
import {
  decide,
  isReadableBy,
  mayEditTags,
  privilegesOn,
  readableWhere,
  type EngineRule,
  type ReadableWhere,
  type Subject,
} from '../../../domain/access/engine';
import type { Db } from '../../db/client';
import { accessRules, teamMembers, teams } from '../../db/schema';
import type { Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { anyContains, containing, hasTrigram, tagsText } from '../../lib/sql';
import { readableTagSets } from './tag-sets';
import { applyTagChange, MAX_TAGS_PER_RESOURCE, UNTAGGED } from '../../../domain/tags';

/**
 * The account's rules that meet `condition`, with their teams' names, by number: the one query
 * every rule lookup (the caller's, the explainer's, the holders', the rules list's) is made of.
 */
export function rulesWhere(db: Db, accountId: string, condition?: SQL): Promise<EngineRule[]> {
  return db
    .select({
      id: accessRules.id,
      number: accessRules.number,
      teamId: accessRules.teamId,
      teamName: teams.name,
      resourceType: accessRules.resourceType,
      privileges: accessRules.privileges,
      tags: accessRules.tags,
      tagMatch: accessRules.tagMatch,
    })
    .from(accessRules)
    .innerJoin(teams, eq(teams.id, accessRules.teamId))
    .where(and(eq(accessRules.accountId, accountId), condition))
    .orderBy(asc(accessRules.number));
}

/**
 * The rules of an account (of one kind, if given), with their teams' names, by number. With
 * `teamIds`, only the rules of those teams: the engine never grants anyone a rule of a team they
 * are not in, so a caller's decisions need only their own teams' rules.
 */
export async function loadRules(
  db: Db,
  accountId: string,
  resourceType?: ResourceType,
  teamIds?: ReadonlySet<string>,
): Promise<EngineRule[]> {
  if (teamIds?.size === 0) return [];
  return rulesWhere(
    db,
    accountId,
    and(
      resourceType ? eq(accessRules.resourceType, resourceType) : undefined,
      teamIds ? inArray(accessRules.teamId, [...teamIds]) : undefined,
    ),
  );
}

/** The teams a person is in: the built-in `users` (everyone), `admins` and their memberships. */
export async function teamIdsOf(
  db: Db,
  accountId: string,
  person: { id: string; level: 'user' | 'administrator' },
): Promise<Set<string>> {
  const [builtIns, memberships] = await Promise.all([
    db
      .select({ id: teams.id, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.accountId, accountId), isNotNull(teams.builtIn))),
    db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.accountId, accountId), eq(teamMembers.userId, person.id))),
  ]);
  const ids = new Set(memberships.map((row) => row.teamId));
  for (const team of builtIns) {
    if (team.builtIn === 'users' || person.level === 'administrator') ids.add(team.id);
  }
  return ids;
}

/** What the engine needs to decide for the caller on one kind of resource. */
export interface Access {
  subject: Subject;
  rules: EngineRule[];
}

/**
 * The caller's teams and their teams' rules of the kind; administrators need no rules (P-2.5).
 * Only the rules of the caller's teams are loaded (an account may have thousands): every use of
 * an `Access` — `decide(…).allowed`, `privilegesOn`, `mayEditTags`, `readableWhere`,
 * `checkTagChange` — depends on those alone; the near misses `decide` reports for other teams'
 * rules are for the explainer, which loads every rule itself.
 */
export async function accessOf(
  db: Db,
  principal: Principal,
  resourceType: ResourceType,
): Promise<Access> {
  if (principal.level === 'administrator') {
    return { subject: { level: 'administrator', teamIds: new Set() }, rules: [] };
  }
  const teamIds = await teamIdsOf(db, principal.accountId, {
    id: principal.userId,
    level: principal.level,
  });
  return {
    subject: { level: principal.level, teamIds },
    rules: await loadRules(db, principal.accountId, resourceType, teamIds),
  };
}

/**
 * `where` as SQL over a `text[]` tags column, or undefined when everything is readable: what one
 * rule matches, for the rules list's "matches nothing" (the lists filter by tag set instead).
 *
 * Any-of tags are tested as "one of the row's tags is in this set", which PostgreSQL answers with
 * a hash of the set, built once per query: `tags && array[…]` compares every tag with every
 * element on every row, and a person in 20 teams easily has 60 tags in the set. Without planner
 * statistics (PGlite never gathers any) the planner also walks the name index and stops after a
 * page of matches, instead of counting the cost of an `&&` it cannot estimate. Each all-of set
 * is one `@>`; untagged is `= '{}'`. docs/performance.md has the figures.
 */
export function tagConditionOf(where: ReadableWhere, tags: PgColumn): SQL | undefined {
  if (where.everything) return undefined;
  const parts: SQL[] = [];
  if (where.untagged) parts.push(sql`${tags} = '{}'::text[]`);
  if (where.anyOf.length > 0) {
    parts.push(
      sql`exists (select 1 from unnest(${tags}) as carried(tag) where carried.tag = any(${textArray(where.anyOf)}))`,
    );
  }
  for (const set of where.allOf) parts.push(sql`${tags} @> ${textArray(set)}`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

export function textArray(values: readonly string[]): SQL {
  return sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * The SQL condition of the resources of `table` the caller may read, or undefined for all of
 * them: by the tag sets the caller may read (tag-sets.ts), one hashed lookup a row. In a
 * transaction (a run's, a delivery's), by the tags themselves: the cache of tag sets is the
 * database's, and such a query asks about a few named clusters, not a whole list.
 */
export function readableCondition(
  db: Db,
  accountId: string,
  access: Access,
  resourceType: ResourceType,
  table: { tags: PgColumn; tagSetId: PgColumn },
): Promise<SQL | undefined> {
  const where = readableWhere(access.rules, access.subject, resourceType);
  if (db instanceof PgTransaction) return Promise.resolve(tagConditionOf(where, table.tags));
  return readableTagSets(db, accountId, resourceType, where, table.tagSetId);
}

/** The caller's privileges on a resource and whether they may change its tags. */
export function callerAccess(
  access: Access,
  resource: { type: ResourceType; tags: readonly string[] },
): { privileges: Privilege[]; canEditTags: boolean } {
  return {
    privileges: privilegesOn(access.rules, access.subject, resource),
    canEditTags: mayEditTags(access.rules, access.subject, resource),
  };
}

/** P-2.9: the 403 of an action the caller may not take, naming the privilege. */
export function missingPrivilege(privilege: Privilege, label: string, why?: string): HttpProblem {
  return new HttpProblem(
    403,
    why ?? `You need the ${privilege} privilege on ${label}; no rule of your teams grants it.`,
    { code: 'missing-privilege', privilege },
  );
}

/** Throws the 403 unless the caller holds `privilege` on the resource. */
export function requirePrivilege(
  access: Access,
  resource: { type: ResourceType; tags: readonly string[] },
  privilege: Privilege,
  label: string,
): void {
  if (!decide(access.rules, access.subject, resource, privilege).allowed) {
    throw missingPrivilege(privilege, label);
  }
}

/** Teams of `ids` that exist in the account, by id. */
export async function teamsById(db: Db, accountId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; builtIn: string | null }>();
  const rows = await db
    .select({ id: teams.id, name: teams.name, builtIn: teams.builtIn })
    .from(teams)
    .where(and(eq(teams.accountId, accountId), inArray(teams.id, ids)));
  return new Map(rows.map(({ id, ...team }) => [id, team]));
}

/** `?tag=`: resources carrying it, or, for `untagged`, those carrying none. */
export function tagFilterOf(tags: PgColumn, tag: string | undefined): SQL | undefined {
  if (!tag) return undefined;
  if (tag === UNTAGGED) return sql`${tags} = '{}'::text[]`;
  return sql`${tags} @> ${textArray([tag])}`;
}

/**
 * `?q=`: any of `columns`, or any tag, contains the text (case-insensitive). A text long enough
 * for a trigram is also searched in `tags_text(tags)`, the expression of the tags' trigram index
 * (the same text as `array_to_string(tags, ' ')`, so the condition is unchanged): the index
 * serves it, and a scan of the rows, which evaluates `array_to_string` first, calls the slower
 * SQL function only on rows that match (docs/decisions.md, "Issue 17: searches through trigram
 * indexes").
 */
export function searchOf(columns: PgColumn[], tags: PgColumn, q: string | undefined) {
  if (!q) return undefined;
  const pattern = containing(q);
  const anyTag = sql`array_to_string(${tags}, ' ') ilike ${pattern}`;
  return or(
    anyContains(columns, q),
    hasTrigram(q) ? and(anyTag, sql`${tagsText(tags)} ilike ${pattern}`) : anyTag,
  );
}

/** The 404 of a resource that does not exist or that the caller may not read (P-2.9). */
export function noSuch(resourceType: ResourceType): HttpProblem {
  return new HttpProblem(404, `There is no such ${resourceType}, or you may not see it.`);
}

/** The tags after a change, refused (422) if the additions make them too many. */
export function changedTags(
  current: readonly string[],
  change: { tags?: string[]; addTags?: string[]; removeTags?: string[] },
): string[] {
  const tags = applyTagChange(current, change);
  if (tags.length > MAX_TAGS_PER_RESOURCE) {
    throw invalidField(
      change.addTags ? 'addTags' : 'tags',
      `A resource carries at most ${MAX_TAGS_PER_RESOURCE} tags; this would make ${tags.length}.`,
    );
  }
  return tags;
}

/** `row` if it exists and the caller may read it; otherwise the 404 of P-2.9, whichever it is. */
export function readableOr404<Row extends { tags: string[] }>(
  row: Row | undefined,
  access: Access,
  resourceType: ResourceType,
): Row {
  if (!row || !isReadableBy(readableWhere(access.rules, access.subject, resourceType), row.tags)) {
    throw noSuch(resourceType);
  }
  return row;
}

/** A list answer from a page of rows and the count of every match. */
export async function pageFrom<Row, Item>(
  rows: Promise<Row[]>,
  total: Promise<{ value: number }[]>,
  query: { page: number; pageSize: number },
  toItem: (row: Row) => Item,
): Promise<{ items: Item[]; total: number; page: number; pageSize: number }> {
  const [found, [counted]] = await Promise.all([rows, total]);
  return {
    items: found.map(toItem),
    total: counted?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
