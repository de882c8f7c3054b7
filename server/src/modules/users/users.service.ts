import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  inArray,
  isNull,
  max,
  ne,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { AccessLevel } from '../../../contract/me';
import {
  USER_CSV_COLUMNS,
  type ParsedUserListQuery,
  type User,
  type UserPage,
  type UserStatus,
} from '../../../contract/users';
import type { Db } from '../../db/client';
import {
  accounts,
  auditEntries,
  invitations,
  ssoProviders,
  teamMembers,
  users,
} from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { csvStream } from '../../lib/csv';
import { HttpProblem, invalidField } from '../../lib/problem';
import { anyContains, offsetOf, parseSort } from '../../lib/sql';
import { recordAudit, type Snapshot } from '../audit/audit.service';
import { builtInKindOf, teamsOfPeople } from '../teams/teams.service';

/** A person's own columns, as every answer about people shows them. */
const ownColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  level: users.level,
  status: users.status,
  createdAt: users.createdAt,
};

const personColumns = {
  ...ownColumns,
  ssoProviderId: ssoProviders.id,
  ssoProviderName: ssoProviders.name,
  invitationExpiresAt: invitations.expiresAt,
};

type PersonRow = {
  id: string;
  email: string;
  name: string;
  level: AccessLevel;
  status: UserStatus;
  createdAt: Date;
  ssoProviderId: string | null;
  ssoProviderName: string | null;
  invitationExpiresAt: Date | null;
};

/** People with their SSO provider and, while invited, their pending invitation. */
function selectPeople(db: Db) {
  return db
    .select(personColumns)
    .from(users)
    .leftJoin(ssoProviders, eq(ssoProviders.id, users.ssoProviderId))
    .leftJoin(invitations, and(eq(invitations.userId, users.id), isNull(invitations.acceptedAt)));
}

async function toUsers(db: Db, accountId: string, rows: PersonRow[], now: Date): Promise<User[]> {
  const teams = await teamsOfPeople(db, accountId, rows);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    level: row.level,
    status: row.status,
    ssoProvider:
      row.ssoProviderId && row.ssoProviderName
        ? { id: row.ssoProviderId, name: row.ssoProviderName }
        : null,
    teams: teams.get(row.id) ?? [],
    invitation:
      row.status === 'invited' && row.invitationExpiresAt
        ? {
            expiresAt: row.invitationExpiresAt.toISOString(),
            expired: row.invitationExpiresAt.getTime() <= now.getTime(),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

const SORT_COLUMNS = {
  name: sql`lower(${users.name})`,
  email: users.email,
  level: users.level,
  status: users.status,
  createdAt: users.createdAt,
} as const;

/** The filters of `GET /api/users` as one condition, always within the caller's account. */
async function peopleFilter(db: Db, accountId: string, query: ParsedUserListQuery): Promise<SQL> {
  const conditions: (SQL | undefined)[] = [eq(users.accountId, accountId)];
  if (query.q) conditions.push(anyContains([users.name, users.email], query.q));
  if (query.level) conditions.push(eq(users.level, query.level));
  if (query.status) conditions.push(eq(users.status, query.status));
  if (query.ssoProviderId === 'none') conditions.push(isNull(users.ssoProviderId));
  else if (query.ssoProviderId) conditions.push(eq(users.ssoProviderId, query.ssoProviderId));
  if (query.teamId) {
    const builtIn = await builtInKindOf(db, accountId, query.teamId);
    if (builtIn === 'admins') conditions.push(eq(users.level, 'administrator'));
    else if (builtIn === null) {
      conditions.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(teamMembers)
            .where(and(eq(teamMembers.teamId, query.teamId), eq(teamMembers.userId, users.id))),
        ),
      );
    }
  }
  return and(...conditions)!;
}

/**
 * `GET /api/users`: a page of the account's people, searched, filtered and sorted. The page is
 * cut from `users` alone and only its rows are joined to their provider and invitation: joining
 * first would join every match (10,000 people unfiltered) before the sort, and without planner
 * statistics (PGlite never gathers any by itself) that join can become a nested loop per row.
 */
export async function listUsers(
  { db, clock }: Deps,
  accountId: string,
  query: ParsedUserListQuery,
): Promise<UserPage> {
  const where = await peopleFilter(db, accountId, query);
  const { field, descending } = parseSort(query.sort);
  const column = SORT_COLUMNS[field];
  const direction = descending ? desc : asc;
  // A search reads every person of the account (no index serves `ilike '%…%'`), so the page
  // counts the matches in that same scan rather than a second query scanning them again.
  // Otherwise the page is read along an index and the total counted apart, which is cheaper.
  const searching = Boolean(query.q);
  const page = db
    .select({
      ...ownColumns,
      ssoProviderId: users.ssoProviderId,
      sortKey: sql`${column}`.as('sort_key'),
      total: (searching ? sql<number>`(count(*) over ())::int` : sql<null>`null::int`).as('total'),
    })
    .from(users)
    .where(where)
    .orderBy(direction(column), asc(users.id))
    .limit(query.pageSize)
    .offset(offsetOf(query))
    .as('page');
  const countAll = async () => {
    const [row] = await db.select({ value: count() }).from(users).where(where);
    return row?.value ?? 0;
  };
  const [rows, counted] = await Promise.all([
    db
      .select({
        id: page.id,
        email: page.email,
        name: page.name,
        level: page.level,
        status: page.status,
        createdAt: page.createdAt,
        total: page.total,
        ssoProviderId: ssoProviders.id,
        ssoProviderName: ssoProviders.name,
        invitationExpiresAt: invitations.expiresAt,
      })
      .from(page)
      .leftJoin(ssoProviders, eq(ssoProviders.id, page.ssoProviderId))
      .leftJoin(invitations, and(eq(invitations.userId, page.id), isNull(invitations.acceptedAt)))
      .orderBy(direction(page.sortKey), asc(page.id)),
    searching ? null : countAll(),
  ]);
  // A page past the last match is empty and so cannot say how many there are.
  const total = counted ?? rows[0]?.total ?? (query.page > 1 ? await countAll() : 0);
  return {
    items: await toUsers(db, accountId, rows, clock.now()),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const CSV_BATCH = 500;

/** When each of `userIds` last signed in, by the audit log's `session.signed-in` entries. */
async function lastSignIns(db: Db, accountId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, Date>();
  const rows = await db
    .select({ userId: auditEntries.actorUserId, at: max(auditEntries.at) })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.accountId, accountId),
        eq(auditEntries.action, 'session.signed-in'),
        inArray(auditEntries.actorUserId, userIds),
      ),
    )
    .groupBy(auditEntries.actorUserId);
  return new Map(rows.flatMap((row) => (row.at ? [[row.userId, row.at] as const] : [])));
}

/**
 * `GET /api/users` with `Accept: text/csv`: every person the filters keep, in the list's order
 * (paging ignored), with their teams, how they sign in and when they last did.
 */
export async function peopleCsv(
  { db, clock }: Deps,
  accountId: string,
  query: ParsedUserListQuery,
): Promise<ReadableStream<Uint8Array>> {
  const where = await peopleFilter(db, accountId, query);
  const { field, descending } = parseSort(query.sort);
  const direction = descending ? desc : asc;
  const now = clock.now();
  let offset = 0;
  return csvStream(
    USER_CSV_COLUMNS,
    CSV_BATCH,
    async () => {
      const rows = await selectPeople(db)
        .where(where)
        .orderBy(direction(SORT_COLUMNS[field]), asc(users.id))
        .limit(CSV_BATCH)
        .offset(offset);
      offset += rows.length;
      const ids = rows.map((row) => row.id);
      const [people, signIns] = await Promise.all([
        toUsers(db, accountId, rows, now),
        lastSignIns(db, accountId, ids),
      ]);
      return people.map((person) => ({ person, lastSignIn: signIns.get(person.id) }));
    },
    ({ person, lastSignIn }) => {
      const cells: Record<(typeof USER_CSV_COLUMNS)[number], string | null> = {
        name: person.name,
        email: person.email,
        level: person.level,
        teams: person.teams.map((team) => team.name).join(' '),
        signIn: person.ssoProvider ? 'sso' : 'password',
        ssoProvider: person.ssoProvider?.name ?? null,
        status: person.invitation?.expired ? 'invitation-expired' : person.status,
        lastSignIn: lastSignIn?.toISOString() ?? null,
        addedAt: person.createdAt,
      };
      return USER_CSV_COLUMNS.map((column) => cells[column]);
    },
  );
}

/** One person of the caller's account; 404 for anyone else's. */
export async function getUser({ db, clock }: Deps, accountId: string, id: string): Promise<User> {
  const rows = await selectPeople(db).where(and(eq(users.id, id), eq(users.accountId, accountId)));
  if (rows.length === 0) throw new HttpProblem(404, 'There is no such person in this account.');
  const [user] = await toUsers(db, accountId, rows, clock.now());
  return user!;
}

/**
 * Serialises the changes that could leave the account without an active administrator: two
 * administrators demoting each other at the same moment must not both succeed (P-1.3).
 */
export async function lockAccount(tx: Db, accountId: string): Promise<void> {
  await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('update');
}

async function assertAnotherActiveAdministrator(
  tx: Db,
  person: { id: string; accountId: string; name: string },
  what: 'demoted' | 'removed',
): Promise<void> {
  const [others] = await tx
    .select({ value: count() })
    .from(users)
    .where(
      and(
        eq(users.accountId, person.accountId),
        eq(users.level, 'administrator'),
        eq(users.status, 'active'),
        ne(users.id, person.id),
      ),
    );
  if ((others?.value ?? 0) === 0) {
    throw new HttpProblem(
      409,
      `${person.name} is the account's last active administrator and cannot be ${what}. Make someone else an administrator first.`,
      { code: 'last-administrator' },
    );
  }
}

/** The person, locked for the rest of the transaction; 404 when not in the account. */
export async function lockPerson(tx: Db, accountId: string, id: string) {
  const [person] = await tx
    .select({
      id: users.id,
      accountId: users.accountId,
      name: users.name,
      level: users.level,
      status: users.status,
    })
    .from(users)
    .where(and(eq(users.id, id), eq(users.accountId, accountId)))
    .for('update');
  if (!person) throw new HttpProblem(404, 'There is no such person in this account.');
  return person;
}

/**
 * What the audit log records of a person: who they are, their level and provider, and while
 * invited, until when their link works. (The link itself, like a password, is never recorded.)
 */
export async function personSnapshot(tx: Db, accountId: string, id: string): Promise<Snapshot> {
  const [row] = await selectPeople(tx).where(and(eq(users.id, id), eq(users.accountId, accountId)));
  if (!row) throw new HttpProblem(404, 'There is no such person in this account.');
  return {
    email: row.email,
    name: row.name,
    level: row.level,
    status: row.status,
    ssoProvider:
      row.ssoProviderId && row.ssoProviderName
        ? { id: row.ssoProviderId, name: row.ssoProviderName }
        : null,
    ...(row.status === 'invited'
      ? { invitationExpiresAt: row.invitationExpiresAt?.toISOString() ?? null }
      : {}),
  };
}

/** `PATCH /api/users/:id`: access level, SSO provider and name, guarded by P-1.3. */
export async function updateUser(
  deps: Deps,
  principal: Principal,
  id: string,
  change: { level?: AccessLevel; ssoProviderId?: string | null; name?: string },
): Promise<User> {
  const { accountId } = principal;
  await deps.db.transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const person = await lockPerson(tx, accountId, id);
    const demoted =
      change.level === 'user' && person.level === 'administrator' && person.status === 'active';
    if (demoted) await assertAnotherActiveAdministrator(tx, person, 'demoted');
    if (change.ssoProviderId) {
      const [provider] = await tx
        .select({ id: ssoProviders.id })
        .from(ssoProviders)
        .where(
          and(eq(ssoProviders.id, change.ssoProviderId), eq(ssoProviders.accountId, accountId)),
        );
      if (!provider) {
        throw invalidField('ssoProviderId', 'There is no such SSO provider in this account.');
      }
    }
    const before = await personSnapshot(tx, accountId, id);
    const now = deps.clock.now();
    await tx
      .update(users)
      .set({
        ...(change.level !== undefined ? { level: change.level } : {}),
        ...(change.ssoProviderId !== undefined ? { ssoProviderId: change.ssoProviderId } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
        updatedAt: now,
      })
      .where(eq(users.id, id));
    const after = await personSnapshot(tx, accountId, id);
    await recordAudit(tx, principal, {
      at: now,
      action: 'user.updated',
      target: { type: 'user', id, name: after.name as string },
      before,
      after,
    });
  });
  return getUser(deps, accountId, id);
}

/**
 * `DELETE /api/users/:id`: the person, their sessions, tokens and memberships go; the last
 * active administrator stays (P-1.3).
 */
export async function removeUser(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockAccount(tx, principal.accountId);
    const person = await lockPerson(tx, principal.accountId, id);
    if (person.level === 'administrator' && person.status === 'active') {
      await assertAnotherActiveAdministrator(tx, person, 'removed');
    }
    // Recorded first: an administrator who removes themselves is still there to be named.
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'user.removed',
      target: { type: 'user', id, name: person.name },
      before: await personSnapshot(tx, principal.accountId, id),
      after: null,
    });
    await tx.delete(users).where(eq(users.id, id));
  });
}
