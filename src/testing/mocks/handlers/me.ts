import {
  changePasswordRequestSchema,
  createApiTokenRequestSchema,
  updateMeRequestSchema,
} from '@contract/me';
import { db } from '../db';
import { buildCreatedApiToken, buildProblem } from '../factories';
import { http, refuse, refuseUnlessAdministrator } from '../http';
import { invalid, problemInit } from '../problems';

const DAY_MS = 24 * 60 * 60 * 1000;

export const meHandlers = [
  http.get('/api/me', ({ request, response }) => {
    const refused = refuse(request);
    return refused ? response.untyped(refused) : response(200).json(db.person);
  }),

  http.patch('/api/me', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const { name, notifications } = updateMeRequestSchema.parse(await request.json());
    db.person = {
      ...db.person,
      name: name ?? db.person.name,
      notifications: { ...db.person.notifications, ...notifications },
    };
    return response(200).json(db.person);
  }),

  http.get('/api/me/tokens', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    return response(200).json({ items: db.tokens, total: db.tokens.length });
  }),

  http.post('/api/me/tokens', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = createApiTokenRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { name, scope, administrator, expiresInDays } = parsed.data;
    // As the server: administrative rights are an administrator's to give.
    if (administrator) {
      const refusedRights = refuseUnlessAdministrator(
        'Only administrators can give a token administrative rights.',
      );
      if (refusedRights) return response.untyped(refusedRights);
    }
    const expiresAt =
      parsed.data.expiresAt ?? new Date(Date.now() + expiresInDays! * DAY_MS).toISOString();
    const { token, ...listed } = buildCreatedApiToken({ name, scope, administrator, expiresAt });
    db.tokens = [...db.tokens, listed];
    return response(201).json({ ...listed, token });
  }),

  http.delete('/api/me/tokens/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.tokens.some((token) => token.id === params.id)) {
      const detail = 'There is no such token.';
      return response(404).json(buildProblem(404, 'Not Found', { detail }), problemInit);
    }
    db.tokens = db.tokens.filter((token) => token.id !== params.id);
    return response(204).empty();
  }),

  http.post('/api/me/password', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const { currentPassword, newPassword } = changePasswordRequestSchema.parse(
      await request.json(),
    );
    if (currentPassword !== db.password) {
      const message = 'That is not your current password.';
      return response(422).json(
        buildProblem(422, 'Unprocessable Content', {
          detail: message,
          errors: [{ path: 'currentPassword', message }],
        }),
        problemInit,
      );
    }
    db.password = newPassword;
    return response(204).empty();
  }),
];
