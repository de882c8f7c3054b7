import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { TeamRef } from '../../../contract/me';
import {
  teamCreationRefusal,
  type ParsedTeamListQuery,
  type Team,
  type TeamPage,
} from '../../../contract/teams';
import type { Db } from '../../db/client';
import { teamMembers, teams, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { anyContains, offsetOf, parseSort } from '../../lib/sql';

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

/**
 * Teams with how many people each has: the built-in ones count people, the others
 * memberships. Counts come from joined aggregates rather than correlated subqueries, so every
 * column reference is qualified and each count is computed once per query.
 */
function selectTeams(db: Db, accountId: string) {
  const memberships = db
    .select({ teamId: teamMembers.teamId, members: sql<number>`count(*)::int`.as('members') })
    .from(teamMembers)
    .where(eq(teamMembers.accountId, accountId))
    .groupBy(teamMembers.teamId)
    .as('memberships');
  const people = db
    .select({
      everyone: sql<number>`count(*)::int`.as('everyone'),
      administrators:
        sql<number>`(count(*) filter (where ${users.level} = 'administrator'))::int`.as(
          'administrators',
        ),
    })
    .from(users)
    .where(eq(users.accountId, accountId))
    .as('people');
  const memberCount = sql<number>`(case ${teams.builtIn}
    when 'users' then ${people.everyone}
    when 'admins' then ${people.administrators}
    else coalesce(${memberships.members}, 0) end)::int`;
  const query = db
    .select({
      id: teams.id,
      name: teams.name,
      builtIn: teams.builtIn,
      createdAt: teams.createdAt,
      memberCount,
    })
    .from(teams)
    .leftJoin(memberships, eq(memberships.teamId, teams.id))
    .leftJoin(people, sql`true`);
  return { query, memberCount };
}

function toTeam(row: {
  id: string;
  name: string;
  builtIn: string | null;
  createdAt: Date;
  memberCount: number;
}): Team {
  return {
    id: row.id,
    name: row.name,
    builtIn: row.builtIn !== null,
    memberCount: row.memberCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** `GET /api/teams`: a page of the account's teams, searched by name. */
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
  const { query: selected, memberCount } = selectTeams(db, accountId);
  const order =
    field === 'memberCount' ? [direction(memberCount), asc(teams.name)] : [direction(teams.name)];
  const [rows, [total]] = await Promise.all([
    selected
      .where(where)
      .orderBy(...order, asc(teams.id))
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(teams).where(where),
  ]);
  return {
    items: rows.map(toTeam),
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function findTeam(db: Db, accountId: string, id: string) {
  const [row] = await selectTeams(db, accountId).query.where(
    and(eq(teams.id, id), eq(teams.accountId, accountId)),
  );
  if (!row) throw new HttpProblem(404, 'There is no such team.');
  return row;
}

export async function getTeam({ db }: Deps, accountId: string, id: string): Promise<Team> {
  return toTeam(await findTeam(db, accountId, id));
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
    const [team] = await tx
      .insert(teams)
      .values({ accountId, name: input.name, createdAt: clock.now() })
      .returning({ id: teams.id });
    await addMembers(tx, accountId, team!.id, input.memberIds ?? []);
    return team!.id;
  });
  return toTeam(await findTeam(db, accountId, id));
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
  { db }: Deps,
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
    if (membersChange) refuseBuiltIn(team, 'given members by hand');

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
  });
  return toTeam(await findTeam(db, accountId, id));
}

/** `DELETE /api/teams/:id`; the built-in teams stay. */
export async function deleteTeam({ db }: Deps, principal: Principal, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [team] = await tx
      .select({ name: teams.name, builtIn: teams.builtIn })
      .from(teams)
      .where(and(eq(teams.id, id), eq(teams.accountId, principal.accountId)))
      .for('update');
    if (!team) throw new HttpProblem(404, 'There is no such team.');
    refuseBuiltIn(team, 'deleted');
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
