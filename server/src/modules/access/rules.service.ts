import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  RULE_CSV_COLUMNS,
  type ParsedRuleInput,
  type ParsedRuleListQuery,
  type RulePage,
  type RuleSort,
  type RuleWarning,
  type RuleWithWarnings,
} from '../../../contract/access';
import { describeRule, IMPLIES_READ, withImplied } from '../../../domain/access/rules';
import {
  covers,
  hasReadBeside,
  readableWhere,
  type EngineRule,
} from '../../../domain/access/engine';
import type { Db } from '../../db/client';
import { accessRules, accounts, clusters, pipelines, teamMembers, teams } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { csvStream } from '../../lib/csv';
import { containing, offsetOf, parseSort } from '../../lib/sql';
import { recordAudit, type Snapshot } from '../audit/audit.service';
import { rulesWhere, tagConditionOf, textArray } from './access.service';

const ruleColumns = {
  id: accessRules.id,
  number: accessRules.number,
  teamId: accessRules.teamId,
  teamName: teams.name,
  teamBuiltIn: teams.builtIn,
  resourceType: accessRules.resourceType,
  privileges: accessRules.privileges,
  tags: accessRules.tags,
  tagMatch: accessRules.tagMatch,
  note: accessRules.note,
  createdAt: accessRules.createdAt,
  updatedAt: accessRules.updatedAt,
};

type RuleRow = EngineRule & {
  teamBuiltIn: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Does any resource of the rule's kind match it today? One query for a whole page of rules. */
async function rulesMatchingSomething(
  db: Db,
  accountId: string,
  rules: EngineRule[],
): Promise<Set<string>> {
  const checked = rules.filter((rule) => !rule.privileges.includes('create'));
  if (checked.length === 0) return new Set();
  const columns = checked.map((rule) => {
    const table = rule.resourceType === 'cluster' ? clusters : pipelines;
    // The rule alone, as if it were the only rule of a person in its team.
    const where = readableWhere(
      [rule],
      { level: 'user', teamIds: new Set([rule.teamId]) },
      rule.resourceType,
    );
    const condition = tagConditionOf(where, table.tags);
    return sql<boolean>`exists (select 1 from ${table} where ${table.accountId} = ${accountId}${
      condition ? sql` and ${condition}` : sql``
    })`;
  });
  const [row] = await db
    .select(Object.fromEntries(columns.map((column, index) => [`r${index}`, column])))
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return new Set(checked.filter((_, index) => row?.[`r${index}`]).map((rule) => rule.id));
}

/** The member counts of the teams that are not built in, among `teamIds`. */
async function memberCounts(db: Db, accountId: string, teamIds: string[]) {
  if (teamIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ teamId: teamMembers.teamId, members: count() })
    .from(teamMembers)
    .where(and(eq(teamMembers.accountId, accountId), inArray(teamMembers.teamId, teamIds)))
    .groupBy(teamMembers.teamId);
  return new Map(rows.map((row) => [row.teamId, row.members]));
}

async function usersTeamIdOf(db: Db, accountId: string): Promise<string> {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.accountId, accountId), eq(teams.builtIn, 'users')));
  return team!.id;
}

/**
 * The rules that can cover a rule of `page`, or stand beside one of its create rules: of the same
 * kind, for the same team or for `users` (what `covers` and `hasReadBeside` ask of the other
 * rule), by number. A page of 20 rules needs a few dozen of them, not all 2,000 of an account.
 */
async function rulesBeside(
  db: Db,
  accountId: string,
  page: RuleRow[],
  usersTeamId: string,
): Promise<EngineRule[]> {
  const teamIds = [...new Set([usersTeamId, ...page.map((rule) => rule.teamId)])];
  const types = [...new Set(page.map((rule) => rule.resourceType))];
  return rulesWhere(
    db,
    accountId,
    and(inArray(accessRules.teamId, teamIds), inArray(accessRules.resourceType, types)),
  );
}

/** Rule hygiene (P-2.10) for `page`, judged against every rule of the account. */
async function withWarnings(
  db: Db,
  accountId: string,
  page: RuleRow[],
): Promise<RuleWithWarnings[]> {
  if (page.length === 0) return [];
  const usersTeamId = await usersTeamIdOf(db, accountId);
  const [all, matching, members] = await Promise.all([
    rulesBeside(db, accountId, page, usersTeamId),
    rulesMatchingSomething(db, accountId, page),
    memberCounts(db, accountId, [
      ...new Set(page.filter((rule) => rule.teamBuiltIn === null).map((rule) => rule.teamId)),
    ]),
  ]);
  return page.map((row) => {
    const warnings: RuleWarning[] = [];
    const creates = row.privileges.includes('create');
    if (!creates && !matching.has(row.id)) {
      warnings.push({
        kind: 'matches-nothing',
        message: `No ${row.resourceType} matches this rule today: it grants nothing until one does.`,
      });
    }
    const coveredBy = all.find(
      (outer) =>
        covers(outer, row, usersTeamId) &&
        (!covers(row, outer, usersTeamId) || outer.number < row.number),
    );
    if (coveredBy) {
      warnings.push({
        kind: 'covered',
        byRuleNumber: coveredBy.number,
        message: `Rule ${coveredBy.number} (team ${coveredBy.teamName}) already grants all of this: this rule adds nothing.`,
      });
    }
    if (creates && !hasReadBeside(row, all, usersTeamId)) {
      warnings.push({
        kind: 'create-without-read',
        message: `No rule lets team ${row.teamName} read the pipelines this rule lets it create: once created, they vanish from its view.`,
      });
    }
    if (row.teamBuiltIn === null && (members.get(row.teamId) ?? 0) === 0) {
      warnings.push({
        kind: 'team-without-members',
        message: `Team ${row.teamName} has no members: this rule applies to nobody yet.`,
      });
    }
    return {
      id: row.id,
      number: row.number,
      team: { id: row.teamId, name: row.teamName, builtIn: row.teamBuiltIn !== null },
      resourceType: row.resourceType,
      privileges: [...row.privileges],
      tags: [...row.tags],
      tagMatch: row.tagMatch,
      note: row.note,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      sentence: describeRule(row),
      impliedPrivileges: withImplied(row.privileges).filter(
        (privilege) => !row.privileges.includes(privilege),
      ),
      warnings,
    };
  });
}

function selectRules(db: Db) {
  return db
    .select(ruleColumns)
    .from(accessRules)
    .innerJoin(teams, eq(teams.id, accessRules.teamId));
}

/** The order of each `sort` of `GET /api/rules`; ties go by number, which is unique. */
const RULE_SORT_COLUMNS = {
  number: accessRules.number,
  team: sql`lower(${teams.name})`,
  kind: accessRules.resourceType,
  updatedAt: accessRules.updatedAt,
} as const;

function ruleOrder(sort: RuleSort): SQL[] {
  const { field, descending } = parseSort(sort);
  const direction = descending ? desc : asc;
  if (field === 'number') return [direction(accessRules.number)];
  return [direction(RULE_SORT_COLUMNS[field]), asc(accessRules.number)];
}

/** The filters of `GET /api/rules` (its JSON page and its CSV) as one condition. */
function ruleFilter(accountId: string, query: ParsedRuleListQuery): SQL {
  const privilegeCondition: SQL | undefined = query.privilege
    ? query.privilege === 'read'
      ? sql`${accessRules.privileges} && ${textArray(['read', ...IMPLIES_READ])}`
      : sql`${accessRules.privileges} @> ${textArray([query.privilege])}`
    : undefined;
  return and(
    eq(accessRules.accountId, accountId),
    query.resourceType ? eq(accessRules.resourceType, query.resourceType) : undefined,
    query.teamId ? eq(accessRules.teamId, query.teamId) : undefined,
    query.tag ? sql`${accessRules.tags} @> ${textArray([query.tag])}` : undefined,
    privilegeCondition,
    query.q
      ? sql`(${teams.name} ilike ${containing(query.q)} or array_to_string(${accessRules.tags}, ' ') ilike ${containing(query.q)})`
      : undefined,
  )!;
}

/**
 * `GET /api/rules`, by number unless sorted by team, kind or last change; `privilege=read`
 * finds the rules that imply it too.
 */
export async function listRules(
  { db }: Deps,
  accountId: string,
  query: ParsedRuleListQuery,
): Promise<RulePage> {
  const where = ruleFilter(accountId, query);
  const [rows, [total]] = await Promise.all([
    selectRules(db)
      .where(where)
      .orderBy(...ruleOrder(query.sort))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db
      .select({ value: count() })
      .from(accessRules)
      .innerJoin(teams, eq(teams.id, accessRules.teamId))
      .where(where),
  ]);
  return {
    items: await withWarnings(db, accountId, rows),
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const CSV_BATCH = 500;

/**
 * `GET /api/rules` with `Accept: text/csv`: every rule the filters keep, in the list's order
 * (paging ignored), one row each; privileges and tags separated by spaces (neither holds one).
 */
export function rulesCsv(
  { db }: Deps,
  accountId: string,
  query: ParsedRuleListQuery,
): ReadableStream<Uint8Array> {
  const where = ruleFilter(accountId, query);
  let offset = 0;
  return csvStream(
    RULE_CSV_COLUMNS,
    CSV_BATCH,
    async () => {
      const rows = await selectRules(db)
        .where(where)
        .orderBy(...ruleOrder(query.sort))
        .limit(CSV_BATCH)
        .offset(offset);
      offset += rows.length;
      return rows;
    },
    (rule) => {
      const cells: Record<(typeof RULE_CSV_COLUMNS)[number], string | null> = {
        number: String(rule.number),
        team: rule.teamName,
        kind: rule.resourceType,
        privileges: rule.privileges.join(' '),
        tags: rule.tags.join(' '),
        match: rule.tagMatch,
        note: rule.note,
        lastChanged: rule.updatedAt.toISOString(),
      };
      return RULE_CSV_COLUMNS.map((column) => cells[column]);
    },
  );
}

async function findRule(db: Db, accountId: string, id: string): Promise<RuleRow> {
  const [row] = await selectRules(db).where(
    and(eq(accessRules.id, id), eq(accessRules.accountId, accountId)),
  );
  if (!row) throw new HttpProblem(404, 'There is no such rule.');
  return row;
}

export async function getRule({ db }: Deps, accountId: string, id: string) {
  const [rule] = await withWarnings(db, accountId, [await findRule(db, accountId, id)]);
  return rule!;
}

/** P-2.5: a rule is for a team of the account, never for `admins`. */
export async function assertRuleTeam(db: Db, accountId: string, teamId: string): Promise<string> {
  const [team] = await db
    .select({ name: teams.name, builtIn: teams.builtIn })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.accountId, accountId)));
  if (!team) throw invalidField('teamId', 'There is no such team in this account.');
  if (team.builtIn === 'admins') {
    throw invalidField(
      'teamId',
      'Administrators hold every privilege on every resource: no rule is written for the admins team.',
    );
  }
  return team.name;
}

function storedRule(rule: ParsedRuleInput) {
  return {
    teamId: rule.teamId,
    resourceType: rule.resourceType,
    privileges: rule.privileges,
    tags: [...new Set(rule.tags)],
    tagMatch: rule.tagMatch,
    note: rule.note,
  };
}

/** What the audit log records of a rule: all of it, with its team's name and its sentence. */
function ruleSnapshot(rule: {
  number: number;
  teamId: string;
  teamName: string;
  resourceType: ParsedRuleInput['resourceType'];
  privileges: ParsedRuleInput['privileges'];
  tags: string[];
  tagMatch: ParsedRuleInput['tagMatch'];
  note: string | null;
}): Snapshot {
  return {
    number: rule.number,
    team: { id: rule.teamId, name: rule.teamName },
    resourceType: rule.resourceType,
    privileges: [...rule.privileges],
    tags: [...rule.tags],
    tagMatch: rule.tagMatch,
    note: rule.note,
    sentence: describeRule(rule),
  };
}

const ruleTarget = (id: string, number: number) =>
  ({ type: 'rule', id, name: `Rule ${number}` }) as const;

/** `POST /api/rules`: numbered after the last rule the account ever had. */
export async function createRule(
  deps: Deps,
  principal: Principal,
  input: ParsedRuleInput,
): Promise<RuleWithWarnings> {
  const { db, clock } = deps;
  const { accountId } = principal;
  const id = await db.transaction(async (tx) => {
    const teamName = await assertRuleTeam(tx, accountId, input.teamId);
    // Taking the next number also locks the account row: two rules never get one number.
    const [account] = await tx
      .update(accounts)
      .set({ lastRuleNumber: sql`${accounts.lastRuleNumber} + 1` })
      .where(eq(accounts.id, accountId))
      .returning({ number: accounts.lastRuleNumber });
    const now = clock.now();
    const [row] = await tx
      .insert(accessRules)
      .values({
        accountId,
        number: account!.number,
        ...storedRule(input),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: accessRules.id });
    await recordAudit(tx, principal, {
      at: now,
      action: 'rule.created',
      target: ruleTarget(row!.id, account!.number),
      before: null,
      after: ruleSnapshot({ number: account!.number, teamName, ...storedRule(input) }),
    });
    return row!.id;
  });
  return getRule(deps, accountId, id);
}

/** `PUT /api/rules/:id`: the rule keeps its number; its kind cannot change. */
export async function replaceRule(
  deps: Deps,
  principal: Principal,
  id: string,
  input: ParsedRuleInput,
): Promise<RuleWithWarnings> {
  const { db, clock } = deps;
  const { accountId } = principal;
  await db.transaction(async (tx) => {
    const [current] = await selectRules(tx)
      .where(and(eq(accessRules.id, id), eq(accessRules.accountId, accountId)))
      .for('update', { of: accessRules });
    if (!current) throw new HttpProblem(404, 'There is no such rule.');
    assertSameKind(current.resourceType, input.resourceType);
    const teamName = await assertRuleTeam(tx, accountId, input.teamId);
    const now = clock.now();
    await tx
      .update(accessRules)
      .set({ ...storedRule(input), updatedAt: now })
      .where(eq(accessRules.id, id));
    await recordAudit(tx, principal, {
      at: now,
      action: 'rule.updated',
      target: ruleTarget(id, current.number),
      before: ruleSnapshot(current),
      after: ruleSnapshot({ number: current.number, teamName, ...storedRule(input) }),
    });
  });
  return getRule(deps, accountId, id);
}

export function assertSameKind(current: string, next: string) {
  if (current !== next) {
    throw invalidField(
      'resourceType',
      `This rule is about ${current}s and stays so: write a new rule for ${next}s.`,
    );
  }
}

export async function deleteRule(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await selectRules(tx)
      .where(and(eq(accessRules.id, id), eq(accessRules.accountId, principal.accountId)))
      .for('update', { of: accessRules });
    if (!current) throw new HttpProblem(404, 'There is no such rule.');
    await tx.delete(accessRules).where(eq(accessRules.id, id));
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'rule.deleted',
      target: ruleTarget(id, current.number),
      before: ruleSnapshot(current),
      after: null,
    });
  });
}
