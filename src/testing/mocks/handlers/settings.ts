import { updateAccountSettingsRequestSchema } from '@contract/settings';
import { db } from '../db';
import { http, refuse } from '../http';
import { invalid } from '../problems';

export const settingsHandlers = [
  http.get('/api/settings/account', ({ request, response }) => {
    const refused = refuse(request);
    return refused ? response.untyped(refused) : response(200).json(db.accountSettings);
  }),

  http.put('/api/settings/account', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = updateAccountSettingsRequestSchema.safeParse(await request.json());
    if (!parsed.success) {
      return response.untyped(invalid(parsed.error));
    }
    db.accountSettings = {
      ...db.accountSettings,
      invitationDomains: [...parsed.data.invitationDomains].sort(),
    };
    return response(200).json(db.accountSettings);
  }),
];
