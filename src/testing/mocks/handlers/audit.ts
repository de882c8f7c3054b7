import {
  AUDIT_CSV_COLUMNS,
  auditListQuerySchema,
  type AuditEntry,
  type ParsedAuditListQuery,
} from '@contract/audit';
import { db } from '../db';
import { csvHeaders, csvText, http, refuse, wantsCsv } from '../http';
import { invalid, problemResponse } from '../problems';

// The audit log, read-only as the real one: filtered like the server (person, action, target
// kind, one target, `from` ≤ at < `to`), newest first, a page as JSON or everything as CSV.

function matching(query: ParsedAuditListQuery): AuditEntry[] {
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  return db.auditEntries
    .filter(
      (entry) =>
        (!query.actorId || entry.actor.id === query.actorId) &&
        (!query.action || entry.action === query.action) &&
        (!query.targetType || entry.target.type === query.targetType) &&
        (!query.targetId || entry.target.id === query.targetId) &&
        Date.parse(entry.at) >= from &&
        Date.parse(entry.at) < to,
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id.localeCompare(a.id));
}

const CSV_CELLS: Record<(typeof AUDIT_CSV_COLUMNS)[number], (entry: AuditEntry) => string> = {
  id: (entry) => entry.id,
  at: (entry) => entry.at,
  actorKind: (entry) => entry.actor.kind,
  actorId: (entry) => entry.actor.id,
  actorName: (entry) => entry.actor.name,
  actorEmail: (entry) => entry.actor.email,
  tokenName: (entry) => entry.actor.tokenName ?? '',
  action: (entry) => entry.action,
  targetType: (entry) => entry.target.type,
  targetId: (entry) => entry.target.id,
  targetName: (entry) => entry.target.name,
  before: (entry) => (entry.before ? JSON.stringify(entry.before) : ''),
  after: (entry) => (entry.after ? JSON.stringify(entry.after) : ''),
};

const csvOf = (entries: AuditEntry[]) =>
  csvText(
    AUDIT_CSV_COLUMNS,
    entries.map((entry) => AUDIT_CSV_COLUMNS.map((column) => CSV_CELLS[column](entry))),
  );

export const auditHandlers = [
  http.get('/api/audit', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const parsed = auditListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      return response.untyped(invalid(parsed.error));
    }
    const entries = matching(parsed.data);
    if (wantsCsv(request)) {
      return response(200).text(csvOf(entries), {
        headers: csvHeaders('perimeter-audit-2026-03-02.csv'),
      });
    }
    const { page, pageSize } = parsed.data;
    return response(200).json({
      items: entries.slice((page - 1) * pageSize, page * pageSize),
      total: entries.length,
      page,
      pageSize,
    });
  }),

  http.get('/api/audit/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const entry = db.auditEntries.find((candidate) => candidate.id === params.id);
    return entry
      ? response(200).json(entry)
      : response.untyped(
          problemResponse(404, 'Not found', { detail: 'There is no such audit entry.' }),
        );
  }),
];
