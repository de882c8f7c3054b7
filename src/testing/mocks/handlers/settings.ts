import { updateAccountSettingsRequestSchema } from '@contract/settings';
import { db } from '../db';
import { http, problemResponse, refuse } from '../http';

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
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return response.untyped(
        problemResponse(422, 'Invalid input', { detail: errors[0]!.message, errors }),
      );
    }
    db.accountSettings = {
      ...db.accountSettings,
      invitationDomains: [...parsed.data.invitationDomains].sort(),
    };
    return response(200).json(db.accountSettings);
  }),
];
