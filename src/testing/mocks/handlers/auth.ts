import { loginRequestSchema, setupRequestSchema } from '@contract/auth';
import { MOCK_PASSWORD, db } from '../db';
import { buildMe, buildProblem } from '../factories';
import { http, problemInit, refuse } from '../http';

export const authHandlers = [
  http.get('/api/auth/setup', ({ response }) => response(200).json({ needsSetup: db.needsSetup })),

  http.post('/api/auth/setup', async ({ request, response }) => {
    if (!db.needsSetup) {
      const detail = 'The account already has an administrator. Sign in instead.';
      return response(409).json(buildProblem(409, 'Conflict', { detail }), problemInit);
    }
    const body = setupRequestSchema.parse(await request.json());
    db.person = buildMe({ email: body.email, name: body.name, level: 'administrator' });
    db.needsSetup = false;
    db.signedIn = true;
    return response(201).json(db.person);
  }),

  http.post('/api/auth/login', async ({ request, response }) => {
    const { email, password } = loginRequestSchema.parse(await request.json());
    if (email !== db.person.email || password !== MOCK_PASSWORD) {
      const detail = 'The email or password is not right.';
      return response(401).json(buildProblem(401, 'Unauthorized', { detail }), problemInit);
    }
    db.signedIn = true;
    return response(204).empty();
  }),

  http.post('/api/auth/activity', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    db.activitySignals += 1;
    return response(204).empty();
  }),

  http.post('/api/auth/logout', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    db.signedIn = false;
    return response(204).empty();
  }),
];
