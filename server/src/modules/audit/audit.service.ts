/**
 * The audit log (P-3.5): `recordAudit` writes one entry per administrative change, inside the
 * change's own transaction (so a change that fails or rolls back leaves no entry, and a change
 * is never saved without its entry); the rest reads the log for `GET /api/audit`.
 *
 * Secrets never enter an entry. Each service builds its `before`/`after` from an explicit list
 * of fields (its `…Snapshot` function), where a secret appears only as a marker: `[redacted]`
 * when one is set, `[redacted: changed]` in `after` when the change replaced it. As a second
 * line of defence, `recordAudit` replaces the value of any key that names a secret (see
 * `SECRET_KEY`) wherever it appears.
 */
import { and, asc, count, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  AUDIT_CSV_COLUMNS,
  REDACTED,
  REDACTED_CHANGED,
  type AuditAction,
  type AuditEntry,
  type AuditPage,
  type AuditTargetType,
  type ParsedAuditListQuery,
} from '../../../contract/audit';
import type { Db } from '../../db/client';
import { apiTokens, auditEntries, users } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem } from '../../lib/problem';
import { csvStream } from '../../lib/csv';
import { offsetOf } from '../../lib/sql';

export type Snapshot = Record<string, unknown>;

export interface AuditChange {
  action: AuditAction;
  target: { type: AuditTargetType; id: string; name: string };
  /** The target's audited fields before the change; null for a creation. */
  before: Snapshot | null;
  /** … and after it; null for a deletion. */
  after: Snapshot | null;
  /** When the change was made: the service's `clock.now()`. */
  at: Date;
}

/**
 * Key names whose values are secrets, wherever they appear in a snapshot: passwords and their
 * hashes, SSO client secrets and bind passwords, tokens and their hashes, CSRF values, links
 * that carry a token. Matched case-insensitively against the whole key.
 */
const SECRET_KEY =
  /^(password|passwordHash|secret|clientSecret|bindPassword|token|tokenHash|csrfToken|invitationUrl|credentials|apiKey|privateKey)$/i;

const MARKERS = new Set<unknown>([REDACTED, REDACTED_CHANGED]);

/** A copy of `value` with every secret-named key's value replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) && inner !== null && !MARKERS.has(inner) ? REDACTED : redact(inner),
    ]),
  );
}

/** The marker that stands for a secret in a snapshot: set or not, and whether it was replaced. */
export function secretMarker(isSet: boolean, replaced = false): string | null {
  return replaced ? REDACTED_CHANGED : isSet ? REDACTED : null;
}

/** JSON with sorted keys, so that two snapshots compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

/**
 * Writes the audit entry of one administrative change, in the transaction `tx` that makes the
 * change. Who: the principal's person (name and email as they are now) and, when the request
 * came with an API token, that token. An update (`….updated`) that changed none of the audited
 * fields writes nothing; other actions (a renewed invitation) always write their entry.
 *
 * @example
 * await recordAudit(tx, principal, {
 *   at: now,
 *   action: 'cluster.updated',
 *   target: { type: 'cluster', id: row.id, name: row.name },
 *   before: { name: 'prod', tags: ['eu'] },
 *   after: { name: 'prod', tags: ['eu', 'production'] },
 * });
 */
export async function recordAudit(tx: Db, principal: Principal, change: AuditChange) {
  const before = change.before && (redact(change.before) as Snapshot);
  const after = change.after && (redact(change.after) as Snapshot);
  const unchanged = before && after && canonical(before) === canonical(after);
  if (unchanged && change.action.endsWith('.updated')) return;
  const [actor] = await tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.accountId, principal.accountId)));
  if (!actor) throw new Error('The audit log cannot name the actor: the person is gone.');
  let tokenName: string | null = null;
  if (principal.via === 'token' && principal.tokenId) {
    const [token] = await tx
      .select({ name: apiTokens.name })
      .from(apiTokens)
      .where(eq(apiTokens.id, principal.tokenId));
    tokenName = token?.name ?? null;
  }
  await tx.insert(auditEntries).values({
    accountId: principal.accountId,
    at: change.at,
    actorUserId: principal.userId,
    actorTokenId: principal.via === 'token' ? (principal.tokenId ?? null) : null,
    actorName: actor.name,
    actorEmail: actor.email,
    actorTokenName: tokenName,
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    targetName: change.target.name,
    before,
    after,
  });
}

type AuditRow = typeof auditEntries.$inferSelect;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: {
      kind: row.actorTokenId ? 'token' : 'person',
      id: row.actorUserId,
      name: row.actorName,
      email: row.actorEmail,
      ...(row.actorTokenId
        ? { tokenId: row.actorTokenId, tokenName: row.actorTokenName ?? '(deleted token)' }
        : {}),
    },
    action: row.action,
    target: { type: row.targetType, id: row.targetId, name: row.targetName },
    before: row.before,
    after: row.after,
  };
}

/** The filters of `GET /api/audit` as one condition, always within the caller's account. */
function auditFilter(accountId: string, query: ParsedAuditListQuery): SQL {
  return and(
    eq(auditEntries.accountId, accountId),
    query.actorId ? eq(auditEntries.actorUserId, query.actorId) : undefined,
    query.action ? eq(auditEntries.action, query.action) : undefined,
    query.targetType ? eq(auditEntries.targetType, query.targetType) : undefined,
    query.targetId ? eq(auditEntries.targetId, query.targetId) : undefined,
    query.from ? gte(auditEntries.at, new Date(query.from)) : undefined,
    query.to ? lt(auditEntries.at, new Date(query.to)) : undefined,
  )!;
}

/** Newest first; entries of the same instant in a fixed order. */
const NEWEST_FIRST = [desc(auditEntries.at), asc(auditEntries.id)];

/**
 * A page's offset as a scalar subquery, `offset (select 1980)`, which the planner cannot read
 * ahead of running the query. Without statistics (PGlite never gathers any) it takes an account
 * for a few hundred entries; told that page 100 skips 1,980 of them, it expects to skip them all,
 * and sorts every entry of the account (50,000, on disk) rather than walk the index in order.
 * Not knowing the offset, it assumes a tenth of the rows and walks the index, which reads only
 * the entries up to the page. (Drizzle's `offset` is typed for numbers and placeholders; it puts
 * any SQL it is given into the query.)
 */
function offsetUnseen(query: { page: number; pageSize: number }): number {
  return sql`(select ${offsetOf(query)}::int)` as unknown as number;
}

/**
 * `GET /api/audit`: a page of the account's entries, newest first, read along the index of its
 * filter (schema/audit.ts). A page that is not full says how many entries there are, so the
 * count runs only when the page is full or past the end.
 */
export async function listAudit(
  { db }: Deps,
  accountId: string,
  query: ParsedAuditListQuery,
): Promise<AuditPage> {
  const where = auditFilter(accountId, query);
  const rows = await db
    .select()
    .from(auditEntries)
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(query.pageSize)
    .offset(offsetUnseen(query));
  const known = rows.length < query.pageSize && (rows.length > 0 || query.page === 1);
  const total = known
    ? offsetOf(query) + rows.length
    : ((await db.select({ value: count() }).from(auditEntries).where(where))[0]?.value ?? 0);
  return {
    items: rows.map(toEntry),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** `GET /api/audit/:id`; 404 for an entry of another account. */
export async function getAuditEntry(
  { db }: Deps,
  accountId: string,
  id: string,
): Promise<AuditEntry> {
  const [row] = await db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.id, id), eq(auditEntries.accountId, accountId)));
  if (!row) throw new HttpProblem(404, 'There is no such audit entry.');
  return toEntry(row);
}

function csvCellsOf(entry: AuditEntry): Record<(typeof AUDIT_CSV_COLUMNS)[number], string | null> {
  return {
    id: entry.id,
    at: entry.at,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    actorEmail: entry.actor.email,
    tokenName: entry.actor.tokenName ?? null,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    targetName: entry.target.name,
    before: entry.before && JSON.stringify(entry.before),
    after: entry.after && JSON.stringify(entry.after),
  };
}

const CSV_BATCH = 500;

/**
 * `GET /api/audit` with `Accept: text/csv`: every matching entry, newest first, as CSV text
 * produced batch by batch (keyset paging, so a long log is never held in memory at once).
 */
export function auditCsv(
  { db }: Deps,
  accountId: string,
  query: ParsedAuditListQuery,
): ReadableStream<Uint8Array> {
  const where = auditFilter(accountId, query);
  let last: { at: Date; id: string } | null = null;
  return csvStream(
    AUDIT_CSV_COLUMNS,
    CSV_BATCH,
    async () => {
      const after: SQL | undefined = last
        ? or(
            lt(auditEntries.at, last.at),
            and(eq(auditEntries.at, last.at), gt(auditEntries.id, last.id)),
          )
        : undefined;
      const rows = await db
        .select()
        .from(auditEntries)
        .where(and(where, after))
        .orderBy(...NEWEST_FIRST)
        .limit(CSV_BATCH);
      const tail = rows.at(-1);
      if (tail) last = { at: tail.at, id: tail.id };
      return rows;
    },
    (row) => {
      const cells = csvCellsOf(toEntry(row));
      return AUDIT_CSV_COLUMNS.map((column) => cells[column]);
    },
  );
}
