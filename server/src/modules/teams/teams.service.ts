import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import type { TeamRef } from '../../../contract/me';
import {
  teamCreationRefusal,
  type ParsedTeamListQuery,
  type Team,
  type TeamPage,
} from '../../../contract/teams';
import type { Db } from '../../db/client';
import {
  accessRules,
  ssoGroupMappings,
  ssoProviders,
  teamMembers,
  teams,
  users,
} from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { anyContains, offsetOf, parseSort } from '../../lib/sql';
import { recordAudit, type Snapshot } from '../audit/audit.service';

type Person = { id: string; level: string };

/**
 * The teams of each of `people`, by person id: the built-in `users` (everyone) and `admins`
 * (administrators) follow from the person, the others from memberships. Sorted by name.
 *
 * @example
 * const teams = await teamsOfPeople(db, accountId, page.map(({ id, level }) => ({ id, level })));
 * teams.get(person.id); // [{ id, name: 'admins', builtIn: true }, { id, name: 'qa', … }, …]
 */
export async function teamsOfPeople(
  db: Db,
  accountId: string,
  people: Person[],
): Promise<Map<string, TeamRef[]>> {
  const result = new Map<string, TeamRef[]>(people.map((person) => [person.id, []]));
  if (people.length === 0) return result;
  const [builtIns, memberships] = await Promise.all([
    db
      .select({ id: teams.id, name: teams.name, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.accountId, accountId), isNotNull(teams.builtIn))),
    db
      .select({ userId: teamMembers.userId, id: teams.id, name: teams.name })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(
        and(
          eq(teamMembers.accountId, accountId),
          inArray(
            teamMembers.userId,
            people.map((person) => person.id),
          ),
        ),
      ),
  ]);
  for (const person of people) {
    const own = result.get(person.id)!;
    for (const team of builtIns) {
      if (team.builtIn === 'users' || person.level === 'administrator') {
        own.push({ id: team.id, name: team.name, builtIn: true });
      }
    }
  }
  for (const { userId, id, name } of memberships) {
    result.get(userId)?.push({ id, name, builtIn: false });
  }
  for (const list of result.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}

/*
 * How many people a team has: the built-in teams count people, the others memberships. Every
 * count is a scalar subquery rather than a join with an aggregate: without planner statistics
 * (PGlite never gathers any by itself) such a join can become a nested loop that aggregates
 * again for every team, hundreds of times over. A subquery that does not depend on the team
 * runs once per query, however the query is planned.
 *
 * The subqueries are `sql` objects of their own because Drizzle leaves the columns of a
 * single-table select unqualified, except inside nested `sql`: `team_members.team_id` must be
 * compared with the outer team's `id`, by name.
 */

/** The members of one team, from its entries in the `team_members` primary key. */
function membersOf(accountId: string, teamId: AnyColumn): SQL {
  return sql`(select count(*) from ${teamMembers}
    where ${teamMembers.teamId} = ${teamId} and ${teamMembers.accountId} = ${accountId})`;
}

/**
 * The members of every team of the account, counted in one pass over `team_members` and looked
 * up by team id: for ordering all teams by size, cheaper than counting team by team.
 */
function membersOfAll(accountId: string, teamId: AnyColumn): SQL {
  const byTeam = sql`(select jsonb_object_agg(counts.team_id, counts.members) from (
    select ${teamMembers.teamId} as team_id, count(*) as members from ${teamMembers}
    where ${teamMembers.accountId} = ${accountId} group by ${teamMembers.teamId}) as counts)`;
  return sql`coalesce((${byTeam} ->> ${teamId}::text)::bigint, 0)`;
}

function memberCountOf(accountId: string, builtIn: AnyColumn, members: SQL) {
  const everyone = sql`(select count(*) from ${users} where ${users.accountId} = ${accountId})`;
  const administrators = sql`(select count(*) from ${users}
    where ${users.accountId} = ${accountId} and ${users.level} = 'administrator')`;
  return sql<number>`(case ${builtIn}
    when 'users' then ${everyone}
    when 'admins' then ${administrators}
    else ${members} end)::int`;
}

const teamColumns = {
  id: teams.id,
  name: teams.name,
  builtIn: teams.builtIn,
  createdAt: teams.createdAt,
};

type ManagedBy = Map<string, { id: string; name: string }[]>;

/** The SSO providers whose group mappings name each of these teams (team sync, issue 19). */
export async function providersManaging(db: Db, teamIds: string[]): Promise<ManagedBy> {
  const result: ManagedBy = new Map();
  if (teamIds.length === 0) return result;
  const rows = await db
    .selectDistinct({
      teamId: ssoGroupMappings.teamId,
      id: ssoProviders.id,
      name: ssoProviders.name,
    })
    .from(ssoGroupMappings)
    .innerJoin(ssoProviders, eq(ssoProviders.id, ssoGroupMappings.providerId))
    .where(inArray(ssoGroupMappings.teamId, teamIds))
    .orderBy(asc(ssoProviders.name));
  for (const { teamId, ...provider } of rows) {
    result.set(teamId, [...(result.get(teamId) ?? []), provider]);
  }
  return result;
}

function toTeam(
  row: {
    id: string;
    name: string;
    builtIn: string | null;
    createdAt: Date;
    memberCount: number;
  },
  managedBy: ManagedBy,
): Team {
  return {
    id: row.id,
    name: row.name,
    builtIn: row.builtIn !== null,
    managedBy: managedBy.get(row.id) ?? [],
    memberCount: row.memberCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * `GET /api/teams`: a page of the account's teams, searched by name. Sorted by name, the page is
 * cut from `teams` alone and only its teams are counted; sorted by size, every match is.
 */
export async function listTeams(
  { db }: Deps,
  accountId: string,
  query: ParsedTeamListQuery,
): Promise<TeamPage> {
  const where = and(
    eq(teams.accountId, accountId),
    query.q ? anyContains([teams.name], query.q) : undefined,
  );
  const { field, descending } = parseSort(query.sort);
  const direction = descending ? desc : asc;
  let selected;
  if (field === 'memberCount') {
    // Ordered by its output name, so that the counts are not computed a second time for the sort.
    const memberCount = memberCountOf(
      accountId,
      teams.builtIn,
      membersOfAll(accountId, teams.id),
    ).as('member_count');
    selected = db
      .select({ ...teamColumns, memberCount })
      .from(teams)
      .where(where)
      .orderBy(direction(sql.identifier('member_count')), asc(teams.name), asc(teams.id))
      .limit(query.pageSize)
      .offset(offsetOf(query));
  } else {
    const page = db
      .select(teamColumns)
      .from(teams)
      .where(where)
      .orderBy(direction(teams.name), asc(teams.id))
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .as('page');
    selected = db
      .select({
        id: page.id,
        name: page.name,
        builtIn: page.builtIn,
        createdAt: page.createdAt,
        memberCount: memberCountOf(accountId, page.builtIn, membersOf(accountId, page.id)),
      })
      .from(page)
      .orderBy(direction(page.name), asc(page.id));
  }
  const [rows, [total]] = await Promise.all([
    selected,
    db.select({ value: count() }).from(teams).where(where),
  ]);
  const managedBy = await providersManaging(
    db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => toTeam(row, managedBy)),
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function findTeam(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select({
      ...teamColumns,
      memberCount: memberCountOf(accountId, teams.builtIn, membersOf(accountId, teams.id)),
    })
    .from(teams)
    .where(and(eq(teams.id, id), eq(teams.accountId, accountId)));
  if (!row) throw new HttpProblem(404, 'There is no such team.');
  return row;
}

export async function getTeam({ db }: Deps, accountId: string, id: string): Promise<Team> {
  return toTeam(await findTeam(db, accountId, id), await providersManaging(db, [id]));
}

async function assertNameFree(db: Db, accountId: string, name: string, except?: string) {
  const [clash] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.accountId, accountId), eq(teams.name, name)));
  if (clash && clash.id !== except) {
    throw invalidField('name', `A team named ${name} already exists.`);
  }
}

/** Refuses ids that are not people of this account, naming each (at most ten). */
async function assertPeopleOfAccount(db: Db, accountId: string, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.accountId, accountId), inArray(users.id, unique)));
  const known = new Set(found.map((row) => row.id));
  const errors = ids
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .slice(0, 10)
    .map(({ index }) => ({
      path: `${field}.${index}`,
      message: 'There is no such person in this account.',
    }));
  if (errors.length > 0) {
    throw new HttpProblem(
      422,
      errors.length === 1
        ? 'One of these people is not in this account.'
        : 'Some of these people are not in this account.',
      { errors },
    );
  }
}

async function addMembers(db: Db, accountId: string, teamId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  await db
    .insert(teamMembers)
    .values(unique.map((userId) => ({ accountId, teamId, userId })))
    .onConflictDoNothing();
}

/** What the audit log records of a team: its name and its members (by name, then id). */
async function teamSnapshot(db: Db, id: string, name: string): Promise<Snapshot> {
  const members = await db
    .select({ id: users.id, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, id))
    .orderBy(asc(users.name), asc(users.id));
  return { name, members };
}

/** `POST /api/teams`: Enterprise only (P-1.6). */
export async function createTeam(
  { db, env, clock }: Deps,
  principal: Principal,
  input: { name: string; memberIds?: string[] },
): Promise<Team> {
  const refusal = teamCreationRefusal(env.PERIMETER_PLAN);
  if (refusal) throw new HttpProblem(403, refusal, { code: 'plan-required' });
  const { accountId } = principal;
  const id = await db.transaction(async (tx) => {
    await assertNameFree(tx, accountId, input.name);
    await assertPeopleOfAccount(tx, accountId, input.memberIds ?? [], 'memberIds');
    const now = clock.now();
    const [team] = await tx
      .insert(teams)
      .values({ accountId, name: input.name, createdAt: now })
      .returning({ id: teams.id });
    await addMembers(tx, accountId, team!.id, input.memberIds ?? []);
    await recordAudit(tx, principal, {
      at: now,
      action: 'team.created',
      target: { type: 'team', id: team!.id, name: input.name },
      before: null,
      after: await teamSnapshot(tx, team!.id, input.name),
    });
    return team!.id;
  });
  return toTeam(await findTeam(db, accountId, id), new Map());
}

function refuseBuiltIn(team: { name: string; builtIn: string | null }, what: string) {
  if (team.builtIn !== null) {
    throw new HttpProblem(
      409,
      `The built-in team ${team.name} cannot be ${what}: its members follow from the people of the account.`,
      { code: 'built-in-team' },
    );
  }
}

/** `PATCH /api/teams/:id`: rename, and replace or change the members. */
export async function updateTeam(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  change: {
    name?: string;
    memberIds?: string[];
    addMemberIds?: string[];
    removeMemberIds?: string[];
  },
): Promise<Team> {
  const { accountId } = principal;
  await db.transaction(async (tx) => {
    const [team] = await tx
      .select({ id: teams.id, name: teams.name, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.id, id), eq(teams.accountId, accountId)))
      .for('update');
    if (!team) throw new HttpProblem(404, 'There is no such team.');
    const renamed = change.name !== undefined && change.name !== team.name;
    const membersChange = change.memberIds ?? change.addMemberIds ?? change.removeMemberIds;
    if (renamed) refuseBuiltIn(team, 'renamed');
    if (membersChange) {
      refuseBuiltIn(team, 'given members by hand');
      const [provider] = (await providersManaging(tx, [id])).get(id) ?? [];
      if (provider) {
        throw new HttpProblem(
          409,
          `The members of team ${team.name} follow groups in ${provider.name} (its group mappings): change them there, or remove the mapping to manage them here.`,
          { code: 'team-managed' },
        );
      }
    }
    const before = await teamSnapshot(tx, id, team.name);

    if (renamed) {
      await assertNameFree(tx, accountId, change.name!, id);
      await tx.update(teams).set({ name: change.name! }).where(eq(teams.id, id));
    }
    if (change.memberIds) {
      await assertPeopleOfAccount(tx, accountId, change.memberIds, 'memberIds');
      await tx.delete(teamMembers).where(eq(teamMembers.teamId, id));
      await addMembers(tx, accountId, id, change.memberIds);
    }
    if (change.addMemberIds) {
      await assertPeopleOfAccount(tx, accountId, change.addMemberIds, 'addMemberIds');
      await addMembers(tx, accountId, id, change.addMemberIds);
    }
    if (change.removeMemberIds?.length) {
      await tx
        .delete(teamMembers)
        .where(
          and(eq(teamMembers.teamId, id), inArray(teamMembers.userId, change.removeMemberIds)),
        );
    }
    const name = renamed ? change.name! : team.name;
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'team.updated',
      target: { type: 'team', id, name },
      before,
      after: await teamSnapshot(tx, id, name),
    });
  });
  return getTeam({ db } as Deps, accountId, id);
}

/**
 * `DELETE /api/teams/:id`; the built-in teams stay. The team's rules go with it: its audit entry
 * lists them (`rules`), as no entry of their own is written.
 */
export async function deleteTeam(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [team] = await tx
      .select({ name: teams.name, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.id, id), eq(teams.accountId, principal.accountId)))
      .for('update');
    if (!team) throw new HttpProblem(404, 'There is no such team.');
    refuseBuiltIn(team, 'deleted');
    const rules = await tx
      .select({ number: accessRules.number })
      .from(accessRules)
      .where(eq(accessRules.teamId, id))
      .orderBy(asc(accessRules.number));
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'team.deleted',
      target: { type: 'team', id, name: team.name },
      before: {
        ...(await teamSnapshot(tx, id, team.name)),
        rules: rules.map((rule) => rule.number),
      },
      after: null,
    });
    await tx.delete(teams).where(eq(teams.id, id));
  });
}

/** The built-in team of that kind, for filtering people by team. */
export async function builtInKindOf(
  db: Db,
  accountId: string,
  teamId: string,
): Promise<'users' | 'admins' | null> {
  const [team] = await db
    .select({ builtIn: teams.builtIn })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.accountId, accountId)));
  if (!team) throw invalidField('teamId', 'There is no such team in this account.');
  return team.builtIn;
}
