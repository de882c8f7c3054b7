import { createRoute } from '@hono/zod-openapi';
import {
  acceptInvitationRequestSchema,
  invitationSchema,
  invitationTokenParamSchema,
  loginRequestSchema,
  passwordResetRequestedSchema,
  requestPasswordResetSchema,
  resetPasswordRequestSchema,
  setupRequestSchema,
  setupStatusSchema,
} from '../../../contract/auth';
import { meSchema } from '../../../contract/me';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';

const tags = ['Authentication'];

export const getSetupStatusRoute = createRoute({
  method: 'get',
  path: '/auth/setup',
  operationId: 'getSetupStatus',
  security: [],
  tags,
  summary: 'Whether the first administrator still has to be created',
  responses: { 200: jsonContent(setupStatusSchema, 'Setup status') },
});

export const setupRoute = createRoute({
  method: 'post',
  path: '/auth/setup',
  operationId: 'setUpFirstAdministrator',
  security: [],
  tags,
  summary: 'Create the account and its first administrator, and sign them in',
  description:
    "Only while the account has no people; 409 afterwards. When `GET /api/auth/setup` answers `setupTokenRequired: true`, the body must carry the server's `setupToken` (PERIMETER_SETUP_TOKEN, or the one the server printed in its log); without it, or with another, 403, whether or not the setup is still to be done.",
  request: { body: jsonBody(setupRequestSchema) },
  responses: {
    201: jsonContent(meSchema, 'The new administrator, signed in'),
    ...problemResponses(400, 403, 409, 415, 422),
  },
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  operationId: 'signIn',
  security: [],
  tags,
  summary: 'Sign in with email and password',
  description:
    'Sets the httpOnly session cookie and the readable `perimeter_csrf` cookie. Unknown email and wrong password get the same 401; repeated failures get 429 with `Retry-After`.',
  request: { body: jsonBody(loginRequestSchema) },
  responses: { 204: { description: 'Signed in' }, ...problemResponses(400, 401, 415, 422, 429) },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  operationId: 'signOut',
  tags,
  summary: 'Sign out: ends the session on the server',
  security: [{ session: [] }],
  responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 403) },
});

export const activityRoute = createRoute({
  method: 'post',
  path: '/auth/activity',
  operationId: 'recordActivity',
  tags,
  summary: 'Report that the person is active, restarting the idle countdown',
  security: [{ session: [] }],
  responses: { 204: { description: 'Recorded' }, ...problemResponses(401, 403) },
});

export const getInvitationRoute = createRoute({
  method: 'get',
  path: '/auth/invitations/{token}',
  operationId: 'getInvitation',
  security: [],
  tags,
  summary: 'Who an invitation is for, before they choose a password',
  description:
    '404 for a link that never existed or was replaced; 410 for one already used (`code: "invitation-used"`) or expired (`"invitation-expired"`).',
  request: { params: invitationTokenParamSchema },
  responses: {
    200: jsonContent(invitationSchema, 'The invitation'),
    ...problemResponses(404, 410, 422),
  },
});

export const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/{token}/accept',
  operationId: 'acceptInvitation',
  security: [],
  tags,
  summary: 'Accept an invitation by choosing a password; the link is then used up',
  description: 'The person then signs in with their email and this password.',
  request: { params: invitationTokenParamSchema, body: jsonBody(acceptInvitationRequestSchema) },
  responses: {
    204: { description: 'Accepted: the person can sign in' },
    ...problemResponses(400, 404, 410, 415, 422),
  },
});

export const resetPasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset/{token}',
  operationId: 'resetPassword',
  security: [],
  tags,
  summary: 'Choose a new password with a password-reset link; the link is then used up',
  description:
    'Every session of the person ends; they then sign in with their email and this password.',
  request: { params: invitationTokenParamSchema, body: jsonBody(resetPasswordRequestSchema) },
  responses: {
    204: { description: 'The password is set' },
    ...problemResponses(400, 404, 410, 415, 422),
  },
});

export const requestPasswordResetRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  operationId: 'requestPasswordReset',
  security: [],
  tags,
  summary: '"Forgot your password?": mail a reset link to an address, if it has an account',
  description:
    'Always 202 with the same body, whether or not the address has an account, so that the ' +
    'answer reveals nothing. A link is mailed only when the server has SMTP settings (see ' +
    '`passwordResetByMail` in `GET /api/auth/setup`) and the address is an active person with a ' +
    'password way in; requests are throttled per address and per client, silently.',
  request: { body: jsonBody(requestPasswordResetSchema) },
  responses: {
    202: jsonContent(passwordResetRequestedSchema, 'Taken; a link is mailed if it can be'),
    ...problemResponses(400, 415, 422),
  },
});
