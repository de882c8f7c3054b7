import { createRouter } from '../../lib/router';
import { getAuditEntryRoute, listAuditRoute } from './audit.routes';
import { auditCsv, getAuditEntry, listAudit } from './audit.service';

/** The audit log (P-3.5); administrators only, and read-only: no route changes an entry. */
export const auditRouter = createRouter()
  .openapi(listAuditRoute, async (c) => {
    const { deps, principal } = c.var;
    const query = c.req.valid('query');
    if (/\btext\/csv\b/i.test(c.req.header('accept') ?? '')) {
      const date = deps.clock.now().toISOString().slice(0, 10);
      return c.body(auditCsv(deps, principal.accountId, query), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="perimeter-audit-${date}.csv"`,
      });
    }
    return c.json(await listAudit(deps, principal.accountId, query), 200);
  })
  .openapi(getAuditEntryRoute, async (c) =>
    c.json(
      await getAuditEntry(c.var.deps, c.var.principal.accountId, c.req.valid('param').id),
      200,
    ),
  );
