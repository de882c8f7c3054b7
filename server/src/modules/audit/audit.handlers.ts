import { csvDownloadHeaders, wantsCsv } from '../../lib/csv';
import { createRouter } from '../../lib/router';
import { getAuditEntryRoute, listAuditRoute } from './audit.routes';
import { auditCsv, getAuditEntry, listAudit } from './audit.service';

/** The audit log (P-3.5); administrators only, and read-only: no route changes an entry. */
export const auditRouter = createRouter()
  .openapi(listAuditRoute, async (c) => {
    const { deps, principal } = c.var;
    const query = c.req.valid('query');
    if (wantsCsv(c)) {
      return c.body(
        auditCsv(deps, principal.accountId, query),
        200,
        csvDownloadHeaders('audit', deps.clock.now()),
      );
    }
    return c.json(await listAudit(deps, principal.accountId, query), 200);
  })
  .openapi(getAuditEntryRoute, async (c) =>
    c.json(
      await getAuditEntry(c.var.deps, c.var.principal.accountId, c.req.valid('param').id),
      200,
    ),
  );
