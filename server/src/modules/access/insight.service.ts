/**
 * The explainer, the reverse view, the impact preview (P-2.10) and tag autocompletion: the
 * questions administrators ask about the rules, answered by the policy engine.
 */
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type {
  ExplainQuery,
  Explanation,
  Holders,
  Preview,
  ParsedPreviewRequest,
  Privilege,
  ResourceRef,
  ResourceType,
} from '../../../contract/access';
import { PRIVILEGES_OF, withImplied } from '../../../domain/access/rules';
import type { TagList } from '../../../contract/tags';
import { EVERY_TAG, tagProblem, normaliseTags, UNTAGGED } from '../../../domain/tags';
import type { EngineRule } from '../../../domain/access/engine';
import { explanationOf, ruleRefOf } from '../../../domain/access/explain';
import { applyingRules, teamsGranting } from '../../../domain/access/holders';
import {
  computeImpact,
  previewRuleChange,
  proposedRule,
  type PersonFacts,
} from '../../../domain/access/impact';
import type { Db } from '../../db/client';
import { accessRules, clusters, pipelines, teamMembers, teams, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { containing, hasTrigram, tagsText } from '../../lib/sql';
import {
  accessOf,
  loadRules,
  readableCondition,
  rulesWhere,
  teamIdsOf,
  textArray,
} from './access.service';
import { assertRuleTeam, assertSameKind } from './rules.service';

const KIND_TABLE = { cluster: clusters, pipeline: pipelines } as const;

/** "prod-eu" for a cluster, "payments/deploy" for a pipeline. */
function nameColumnOf(type: ResourceType): SQL<string> {
  return type === 'cluster'
    ? sql<string>`${clusters.name}`
    : sql<string>`${pipelines.project} || '/' || ${pipelines.name}`;
}

async function loadResource(
  db: Db,
  accountId: string,
  type: ResourceType,
  id: string,
): Promise<ResourceRef> {
  const table = KIND_TABLE[type];
  const [row] = await db
    .select({ id: table.id, name: nameColumnOf(type), tags: table.tags })
    .from(table)
    .where(and(eq(table.id, id), eq(table.accountId, accountId)));
  if (!row) throw new HttpProblem(404, `There is no such ${type}.`);
  return { type, ...row };
}

/**
 * The rules of one kind that may apply to a resource carrying `tags` (a superset: `*`, `untagged`,
 * or sharing a tag; the engine then decides exactly), and, when `teamIds` is given, every rule
 * of those teams; by number, as `loadRules` returns them. A resource's rules are a handful of an
 * account's thousands, so they are picked in SQL rather than loaded and filtered here.
 */
async function rulesNear(
  db: Db,
  accountId: string,
  type: ResourceType,
  tags: readonly string[],
  teamIds?: ReadonlySet<string>,
): Promise<EngineRule[]> {
  const mayApply = sql`(${accessRules.tags} && ${textArray([EVERY_TAG, UNTAGGED, ...tags])})`;
  return rulesWhere(
    db,
    accountId,
    and(
      eq(accessRules.resourceType, type),
      teamIds && teamIds.size > 0
        ? or(mayApply, inArray(accessRules.teamId, [...teamIds]))
        : mayApply,
    ),
  );
}

/** `GET /api/access/explain`: may this person take this privilege on this resource, and why? */
export async function explainAccess(
  { db }: Deps,
  accountId: string,
  query: ExplainQuery,
): Promise<Explanation> {
  if (!PRIVILEGES_OF[query.resourceType].includes(query.privilege)) {
    throw invalidField(
      'privilege',
      `${query.resourceType === 'cluster' ? 'Clusters' : 'Pipelines'} have no ${query.privilege} privilege: choose from ${PRIVILEGES_OF[query.resourceType].join(', ')}.`,
    );
  }
  const [person] = await db
    .select({ id: users.id, name: users.name, email: users.email, level: users.level })
    .from(users)
    .where(and(eq(users.id, query.userId), eq(users.accountId, accountId)));
  if (!person) throw new HttpProblem(404, 'There is no such person.');
  const [resource, teamIds] = await Promise.all([
    loadResource(db, accountId, query.resourceType, query.resourceId),
    teamIdsOf(db, accountId, person),
  ]);
  // The engine's reasons name the rules that grant, and the near misses: rules of the person's
  // teams, and rules whose tags match. No other rule can appear in the answer.
  const rules =
    person.level === 'administrator'
      ? []
      : await rulesNear(db, accountId, query.resourceType, resource.tags, teamIds);
  return explanationOf(rules, { ...person, teamIds }, resource, query.privilege);
}

/**
 * The people (a condition on `users`) who are in any of `teamIds` or are administrators;
 * undefined (everyone) when the built-in team users is among them.
 */
function holdersWhere(db: Db, teamIds: string[], usersTeamId: string): SQL | undefined {
  return teamIds.length === 0
    ? eq(users.level, 'administrator')
    : teamIds.includes(usersTeamId)
      ? undefined
      : or(
          eq(users.level, 'administrator'),
          inArray(
            users.id,
            db
              .select({ id: teamMembers.userId })
              .from(teamMembers)
              .where(inArray(teamMembers.teamId, teamIds)),
          ),
        );
}

async function usersTeamIdOf(db: Db, accountId: string): Promise<string> {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.accountId, accountId), eq(teams.builtIn, 'users')));
  return team!.id;
}

/**
 * The active people of the account who hold `privilege` on a resource, by name: the
 * administrators and the members of the teams the holders view counts (`holdersOf`), at most
 * `limit` of them (`truncated` when there are more). Used for "who may approve this run".
 *
 * @example
 * await peopleHolding(db, accountId, { type: 'pipeline', tags: ['eu'] }, 'approve', 50);
 * // { items: [{ id: '…', name: 'Ada' }], truncated: false }
 */
export async function peopleHolding(
  db: Db,
  accountId: string,
  resource: { type: ResourceType; tags: readonly string[] },
  privilege: Privilege,
  limit: number,
): Promise<{ items: { id: string; name: string }[]; truncated: boolean }> {
  const [rules, usersTeamId] = await Promise.all([
    rulesNear(db, accountId, resource.type, resource.tags),
    usersTeamIdOf(db, accountId),
  ]);
  const teamIds = teamsGranting(applyingRules(rules, resource.tags), privilege);
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.accountId, accountId),
        eq(users.status, 'active'),
        holdersWhere(db, teamIds, usersTeamId),
      ),
    )
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(limit + 1);
  return { items: rows.slice(0, limit), truncated: rows.length > limit };
}

/**
 * How many people of the account are administrators, in all, and in any of each of
 * `teamSets` or administrators (`holdersWhere`), in one pass over the account's people: each
 * set's members are hashed once, where a query per set would read every person again.
 */
async function countHolderSets(
  db: Db,
  accountId: string,
  teamSets: string[][],
): Promise<{ everyone: number; administrators: number; sets: number[] }> {
  const administrator = eq(users.level, 'administrator');
  const columns: Record<string, SQL<number>> = {
    everyone: sql<number>`count(*)::int`,
    administrators: sql<number>`(count(*) filter (where ${administrator}))::int`,
  };
  teamSets.forEach((teamIds, index) => {
    const members = db
      .select({ id: teamMembers.userId })
      .from(teamMembers)
      .where(inArray(teamMembers.teamId, teamIds));
    columns[`s${index}`] = sql<number>`(count(*) filter (where ${or(
      administrator,
      inArray(users.id, members),
    )}))::int`;
  });
  const [row] = await db.select(columns).from(users).where(eq(users.accountId, accountId));
  return {
    everyone: row?.everyone ?? 0,
    administrators: row?.administrators ?? 0,
    sets: teamSets.map((_, index) => row?.[`s${index}`] ?? 0),
  };
}

/** `GET /api/access/holders`: the rules that apply to a resource, and who holds what. */
export async function holdersOf(
  { db }: Deps,
  accountId: string,
  query: { resourceType: ResourceType; resourceId: string },
): Promise<Holders> {
  const [resource, usersTeamId] = await Promise.all([
    loadResource(db, accountId, query.resourceType, query.resourceId),
    usersTeamIdOf(db, accountId),
  ]);
  const rules = await rulesNear(db, accountId, resource.type, resource.tags);
  const applying = applyingRules(rules, resource.tags);
  const teamIds = [...new Set(applying.map(({ rule }) => rule.teamId))];
  const counted = PRIVILEGES_OF[resource.type]
    .filter((privilege) => privilege !== 'create')
    .map((privilege) => ({ privilege, teamIds: teamsGranting(applying, privilege) }));
  // Only sets that are neither everyone (users) nor the administrators alone need a count of
  // their own; equal sets (read and run through the same rules) are counted once.
  const keyOf = (ids: string[]) => [...ids].sort().join(',');
  const sets = new Map<string, string[]>();
  for (const { teamIds: ids } of counted) {
    if (ids.length > 0 && !ids.includes(usersTeamId)) sets.set(keyOf(ids), ids);
  }
  const [totals, memberRows] = await Promise.all([
    countHolderSets(db, accountId, [...sets.values()]),
    teamIds.length === 0
      ? []
      : db
          .select({ teamId: teamMembers.teamId, members: sql<number>`count(*)::int` })
          .from(teamMembers)
          .where(inArray(teamMembers.teamId, teamIds))
          .groupBy(teamMembers.teamId),
  ]);
  const setCounts = new Map([...sets.keys()].map((key, index) => [key, totals.sets[index]!]));
  const holding = (ids: string[]) =>
    ids.length === 0
      ? totals.administrators
      : ids.includes(usersTeamId)
        ? totals.everyone
        : setCounts.get(keyOf(ids))!;
  const members = new Map(memberRows.map((row) => [row.teamId, row.members]));
  return {
    resource,
    administrators: totals.administrators,
    grants: applying.map(({ rule, matchedTags }) => ({
      rule: ruleRefOf(rule),
      team: {
        id: rule.teamId,
        name: rule.teamName,
        memberCount:
          rule.teamId === usersTeamId ? totals.everyone : (members.get(rule.teamId) ?? 0),
      },
      privileges: withImplied(rule.privileges),
      matchedTags,
    })),
    privileges: counted.map(({ privilege, teamIds: ids }) => ({
      privilege,
      people: holding(ids),
    })),
  };
}

/** Every person of the account with the teams they are in. */
async function peopleFacts(db: Db, accountId: string): Promise<PersonFacts[]> {
  const [people, memberships, builtIns] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email, level: users.level })
      .from(users)
      .where(eq(users.accountId, accountId)),
    db
      .select({ userId: teamMembers.userId, teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(eq(teamMembers.accountId, accountId)),
    db
      .select({ id: teams.id, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.accountId, accountId), sql`${teams.builtIn} is not null`)),
  ]);
  const teamsOf = new Map<string, Set<string>>();
  for (const person of people) {
    teamsOf.set(
      person.id,
      new Set(
        builtIns
          .filter((team) => team.builtIn === 'users' || person.level === 'administrator')
          .map((team) => team.id),
      ),
    );
  }
  for (const { userId, teamId } of memberships) teamsOf.get(userId)?.add(teamId);
  return people.map((person) => ({ ...person, teamIds: teamsOf.get(person.id)! }));
}

async function allResources(db: Db, accountId: string, type: ResourceType) {
  const table = KIND_TABLE[type];
  return db
    .select({ id: table.id, name: nameColumnOf(type), tags: table.tags })
    .from(table)
    .where(eq(table.accountId, accountId))
    .orderBy(asc(table.id));
}

/** `POST /api/access/preview`: nothing is saved. */
export async function previewChange(
  { db }: Deps,
  accountId: string,
  request: ParsedPreviewRequest,
): Promise<Preview> {
  const people = await peopleFacts(db, accountId);
  if (request.change === 'tags') {
    const type = request.resourceType;
    const rules = await loadRules(db, accountId, type);
    const ids = request.resources.map((resource) => resource.id);
    const table = KIND_TABLE[type];
    const current = await db
      .select({ id: table.id, name: nameColumnOf(type), tags: table.tags })
      .from(table)
      .where(and(eq(table.accountId, accountId), inArray(table.id, ids)));
    const byId = new Map(current.map((row) => [row.id, row]));
    const errors = request.resources.flatMap((resource, index) => {
      if (!byId.has(resource.id)) {
        return [{ path: `resources.${index}.id`, message: `There is no such ${type}.` }];
      }
      return resource.tags.flatMap((tag, tagIndex) => {
        const problem = tagProblem(tag);
        return problem ? [{ path: `resources.${index}.tags.${tagIndex}`, message: problem }] : [];
      });
    });
    if (errors.length > 0) {
      throw new HttpProblem(422, errors[0]!.message, { errors: errors.slice(0, 20) });
    }
    return computeImpact({
      resourceType: type,
      people,
      resources: request.resources.map((resource) => {
        const row = byId.get(resource.id)!;
        return {
          id: row.id,
          name: row.name,
          before: row.tags,
          after: normaliseTags(resource.tags),
        };
      }),
      rulesBefore: rules,
      rulesAfter: rules,
    });
  }

  const all = await loadRules(db, accountId);
  const existing = request.ruleId ? all.find((rule) => rule.id === request.ruleId) : undefined;
  if (request.ruleId && !existing) throw new HttpProblem(404, 'There is no such rule.');
  let proposed: EngineRule | undefined;
  if (request.change === 'save-rule') {
    const input = request.rule;
    if (existing) assertSameKind(existing.resourceType, input.resourceType);
    proposed = proposedRule(input, await assertRuleTeam(db, accountId, input.teamId), existing);
  }
  const type = (proposed ?? existing)!.resourceType;
  return previewRuleChange({
    rules: all.filter((rule) => rule.resourceType === type),
    people,
    resources: await allResources(db, accountId, type),
    existing,
    proposed,
  });
}

/**
 * `GET /api/tags`: tags in use, most used first. Administrators see every tag; others the tags
 * of the resources they may read and of their own teams' rules, so that autocompletion never
 * reveals what the rules hide.
 */
export async function listTags(
  { db }: Deps,
  principal: Principal,
  query: { resourceType?: ResourceType; q?: string; limit: number },
): Promise<TagList> {
  const types: ResourceType[] = query.resourceType ? [query.resourceType] : ['cluster', 'pipeline'];
  const counts = new Map<string, number>();
  const prefix = query.q ? `${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : undefined;
  for (const type of types) {
    const table = KIND_TABLE[type];
    const access = await accessOf(db, principal, type);
    const readable = await readableCondition(db, principal.accountId, access, type, table);
    const used = db
      .select({ tag: sql<string>`unnest(${table.tags})`.as('tag') })
      .from(table)
      .where(
        and(
          eq(table.accountId, principal.accountId),
          readable,
          // Only the resources with a tag that holds the text, found through its trigram index
          // (searchOf's pair: array_to_string for a scan, tags_text for the index).
          query.q && hasTrigram(query.q)
            ? and(
                sql`array_to_string(${table.tags}, ' ') like ${containing(query.q)}`,
                sql`${tagsText(table.tags)} like ${containing(query.q)}`,
              )
            : undefined,
        ),
      )
      .as('used');
    const rows = await db
      .select({ tag: used.tag, resources: sql<number>`count(*)::int` })
      .from(used)
      .where(prefix ? sql`${used.tag} like ${prefix}` : undefined)
      .groupBy(used.tag);
    for (const row of rows) counts.set(row.tag, (counts.get(row.tag) ?? 0) + row.resources);

    const ruleTeams = principal.level === 'administrator' ? undefined : [...access.subject.teamIds];
    const ruleTags = await db
      .select({ tags: accessRules.tags })
      .from(accessRules)
      .where(
        and(
          eq(accessRules.accountId, principal.accountId),
          eq(accessRules.resourceType, type),
          ruleTeams ? inArray(accessRules.teamId, ruleTeams) : undefined,
        ),
      );
    for (const { tags } of ruleTags) {
      for (const ruleTag of tags) {
        if (tagProblem(ruleTag) || (query.q && !ruleTag.startsWith(query.q))) continue;
        if (!counts.has(ruleTag)) counts.set(ruleTag, 0);
      }
    }
  }
  return {
    items: [...counts]
      .map(([tag, resources]) => ({ tag, resources }))
      .sort((a, b) => b.resources - a.resources || a.tag.localeCompare(b.tag))
      .slice(0, query.limit),
  };
}
