import { updateSecuritySettingsRequestSchema } from '@contract/settings';
import { db } from '../db';
import { buildAuditEntry } from '../factories';
import { http, refuse } from '../http';
import { invalid } from '../problems';

// The security settings (P-3.1): the idle timeout, validated with the contract like the server,
// remembered with who saved it, reflected in `GET /api/me` and written to the audit log.

export const securityHandlers = [
  http.get('/api/settings/security', ({ request, response }) => {
    const refused = refuse(request);
    return refused ? response.untyped(refused) : response(200).json(db.securitySettings);
  }),

  http.put('/api/settings/security', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = updateSecuritySettingsRequestSchema.safeParse(await request.json());
    if (!parsed.success) {
      return response.untyped(invalid(parsed.error));
    }
    const before = db.securitySettings.idleTimeoutMinutes;
    const { idleTimeoutMinutes } = parsed.data;
    const at = new Date().toISOString();
    db.securitySettings = {
      idleTimeoutMinutes,
      updatedAt: at,
      updatedBy: { id: db.person.id, name: db.person.name },
    };
    db.person = { ...db.person, account: { ...db.person.account, idleTimeoutMinutes } };
    db.auditEntries = [
      ...db.auditEntries,
      buildAuditEntry({
        at,
        actor: { kind: 'person', id: db.person.id, name: db.person.name, email: db.person.email },
        action: 'settings.security.updated',
        target: { type: 'account', id: db.person.account.id, name: db.person.account.name },
        before: { idleTimeoutMinutes: before },
        after: { idleTimeoutMinutes },
      }),
    ];
    return response(200).json(db.securitySettings);
  }),
];
