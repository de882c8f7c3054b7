import {
  acceptInvitationRequestSchema,
  loginRequestSchema,
  requestPasswordResetSchema,
  resetPasswordRequestSchema,
  setupRequestSchema,
} from '@contract/auth';
import { ldapLoginRequestSchema, ssoFailureSentence } from '@contract/sso';
import { db, MOCK_DIRECTORY_USER, type MockInvitation } from '../db';
import { buildMe, buildProblem } from '../factories';
import { http, refuse } from '../http';
import { invalid, notFound, problemInit, problemResponse } from '../problems';

export const authHandlers = [
  http.get('/api/auth/setup', ({ response }) =>
    response(200).json({
      needsSetup: db.needsSetup,
      setupTokenRequired: db.setupToken !== null,
      passwordResetByMail: db.accountSettings.mailDelivery === 'smtp',
    }),
  ),

  http.post('/api/auth/setup', async ({ request, response }) => {
    const body = setupRequestSchema.parse(await request.json());
    if (db.setupToken !== null && body.setupToken !== db.setupToken) {
      const detail = 'The setup token is not right.';
      return response(403).json(
        buildProblem(403, 'Forbidden', { detail, code: 'setup-token' }),
        problemInit,
      );
    }
    if (!db.needsSetup) {
      const detail = 'The account already has an administrator. Sign in instead.';
      return response(409).json(buildProblem(409, 'Conflict', { detail }), problemInit);
    }
    db.person = buildMe({ email: body.email, name: body.name, level: 'administrator' });
    db.needsSetup = false;
    db.signedIn = true;
    return response(201).json(db.person);
  }),

  http.post('/api/auth/login', async ({ request, response }) => {
    const { email, password } = loginRequestSchema.parse(await request.json());
    if (email !== db.person.email || password !== db.password) {
      const detail = 'The email or password is not right.';
      return response(401).json(buildProblem(401, 'Unauthorized', { detail }), problemInit);
    }
    db.signedIn = true;
    return response(204).empty();
  }),

  http.get('/api/auth/sso-providers', ({ response }) =>
    response(200).json({
      items: [...db.ssoProviders]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ id, name, type }) => ({ id, name, type })),
    }),
  ),

  // The directory of every LDAP provider knows one person: MOCK_DIRECTORY_USER, whose email is
  // the signed-in person's (db.person).
  http.post('/api/auth/ldap/{providerId}/login', async ({ params, request, response }) => {
    const provider = db.ssoProviders.find((p) => p.id === params.providerId && p.type === 'ldap');
    if (!provider) return response.untyped(notFound('LDAP provider'));
    const parsed = ldapLoginRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { username, password } = parsed.data;
    if (username !== MOCK_DIRECTORY_USER.username || password !== MOCK_DIRECTORY_USER.password) {
      return response.untyped(
        problemResponse(401, 'Unauthorized', {
          detail: ssoFailureSentence('invalid-credentials', provider.name),
          code: 'invalid-credentials',
        }),
      );
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

  http.get('/api/auth/invitations/{token}', ({ params, response }) => {
    const invitation = db.invitations[params.token];
    const refusal = invitationRefusal(invitation);
    if (refusal || !invitation) return response.untyped(refusal!);
    const { email, name, accountName, expiresAt } = invitation;
    return response(200).json({ email, name, accountName, expiresAt });
  }),

  http.post('/api/auth/invitations/{token}/accept', async ({ params, request, response }) => {
    const invitation = db.invitations[params.token];
    const refusal = invitationRefusal(invitation);
    if (refusal || !invitation) return response.untyped(refusal!);
    const parsed = acceptInvitationRequestSchema.safeParse(await request.json());
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return response.untyped(problemResponse(422, 'Invalid input', { errors }));
    }
    invitation.state = 'used';
    invitation.accepted = parsed.data;
    db.people = db.people.map((person) =>
      person.id === invitation.userId
        ? { ...person, status: 'active', invitation: null, name: parsed.data.name ?? person.name }
        : person,
    );
    return response(204).empty();
  }),

  http.post('/api/auth/password-reset', async ({ request, response }) => {
    const parsed = requestPasswordResetSchema.safeParse(await request.json());
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return response.untyped(problemResponse(422, 'Invalid input', { errors }));
    }
    db.passwordResetRequests = [...db.passwordResetRequests, parsed.data.email];
    return response(202).json({
      detail:
        'If this address belongs to an account here, a link to choose a new password is on its way. It works once, for 24 hours.',
    });
  }),

  http.post('/api/auth/password-reset/{token}', async ({ params, request, response }) => {
    const link = db.passwordResets[params.token];
    if (!link) {
      return response.untyped(
        problemResponse(404, 'Not Found', {
          detail:
            'This password-reset link is not valid: it may have been replaced by a newer one. Ask an administrator of your account for a new link.',
          code: 'reset-unknown',
        }),
      );
    }
    if (link.state !== 'valid') {
      const detail =
        link.state === 'used'
          ? 'This password-reset link has already been used. Sign in with the password you chose, or ask for a new link.'
          : 'This password-reset link expired on 1 December 2026. Ask an administrator of your account for a new one.';
      return response.untyped(
        problemResponse(410, 'Gone', { detail, code: `reset-${link.state}` as const }),
      );
    }
    const parsed = resetPasswordRequestSchema.safeParse(await request.json());
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return response.untyped(problemResponse(422, 'Invalid input', { errors }));
    }
    link.state = 'used';
    link.password = parsed.data.password;
    if (link.userId === db.person.id) db.password = parsed.data.password;
    return response(204).empty();
  }),

  http.post('/api/auth/logout', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    db.signedIn = false;
    return response(204).empty();
  }),
];

/** The server's answer to a link that cannot be accepted, or undefined when it can. */
function invitationRefusal(invitation: MockInvitation | undefined) {
  if (!invitation) {
    return problemResponse(404, 'Not found', {
      detail:
        'This invitation link is not valid: it may have been replaced by a newer one or withdrawn.',
      code: 'invitation-unknown',
    });
  }
  if (invitation.state === 'used') {
    return problemResponse(410, 'Gone', {
      detail: 'This invitation has already been used. Sign in with the password you chose.',
      code: 'invitation-used',
    });
  }
  if (invitation.state === 'expired') {
    return problemResponse(410, 'Gone', {
      detail:
        'This invitation expired on 1 December 2026. Ask an administrator of your account to send a new one.',
      code: 'invitation-expired',
    });
  }
  return undefined;
}
