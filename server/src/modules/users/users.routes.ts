import { createRoute, z } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  invitedUserSchema,
  inviteUserRequestSchema,
  passwordResetLinkSchema,
  updateUserRequestSchema,
  USER_CSV_COLUMNS,
  userListQuerySchema,
  userPageSchema,
  userSchema,
} from '../../../contract/users';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['People'];

export const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  tags,
  ...administratorsOnly,
  summary: 'The people of the account, paged, searched, filtered and sorted',
  description:
    '`q` searches names and emails. `sort` is a field name, with `-` in front for descending order. With `Accept: text/csv`, every person the filters keep as a CSV download, in the same order (page and pageSize ignored).',
  request: { query: userListQuerySchema },
  responses: {
    200: {
      description: 'A page of people (JSON), or every matching person (CSV)',
      content: {
        'application/json': { schema: userPageSchema },
        'text/csv': {
          schema: z.string().openapi({
            description: `A header row (${USER_CSV_COLUMNS.join(', ')}), then one row per person; teams separated by spaces, signIn password or sso, status active, invited or invitation-expired, times in ISO 8601 (lastSignIn empty when the log has no sign-in). Cells that begin with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe.`,
          }),
        },
      },
    },
    ...problemResponses(401, 403, 422),
  },
});

export const inviteUserRoute = createRoute({
  method: 'post',
  path: '/users',
  operationId: 'inviteUser',
  tags,
  ...administratorsOnly,
  summary: 'Invite a person by email',
  description:
    "The answer carries the one-time `invitationUrl` (shown to the administrator to pass on) and whether it was also mailed. Addresses outside the account's invitation domains are refused (422).",
  request: { body: jsonBody(inviteUserRequestSchema) },
  responses: {
    201: jsonContent(invitedUserSchema, 'The invited person and their link'),
    ...problemResponses(400, 401, 403, 409, 415, 422),
  },
});

export const getUserRoute = createRoute({
  method: 'get',
  path: '/users/{id}',
  operationId: 'getUser',
  tags,
  ...administratorsOnly,
  summary: 'One person of the account',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(userSchema, 'The person'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const updateUserRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  operationId: 'updateUser',
  tags,
  ...administratorsOnly,
  summary: "Change a person's access level, SSO provider or name",
  description: 'The last active administrator cannot be demoted (409).',
  request: { params: idParamSchema, body: jsonBody(updateUserRequestSchema) },
  responses: {
    200: jsonContent(userSchema, 'The changed person'),
    ...problemResponses(400, 401, 403, 404, 409, 415, 422),
  },
});

export const removeUserRoute = createRoute({
  method: 'delete',
  path: '/users/{id}',
  operationId: 'removeUser',
  tags,
  ...administratorsOnly,
  summary: 'Remove a person from the account',
  description:
    'Their sessions, API tokens and team memberships end with them. The last active administrator cannot be removed (409).',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 409, 422) },
});

export const resendInvitationRoute = createRoute({
  method: 'post',
  path: '/users/{id}/invitation',
  operationId: 'resendInvitation',
  tags,
  ...administratorsOnly,
  summary: 'Send an invited person a new link; the previous one stops working',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(invitedUserSchema, 'The invited person and their new link'),
    ...problemResponses(401, 403, 404, 409, 422),
  },
});

export const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/invitation',
  operationId: 'revokeInvitation',
  tags,
  ...administratorsOnly,
  summary: 'Withdraw an invitation: the link stops working and the invited person is removed',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Withdrawn' }, ...problemResponses(401, 403, 404, 409, 422) },
});

export const issuePasswordResetRoute = createRoute({
  method: 'post',
  path: '/users/{id}/password-reset',
  operationId: 'issuePasswordReset',
  tags,
  ...administratorsOnly,
  summary:
    'Issue a one-time password-reset link for an active person; the previous one stops working',
  description:
    'The link is mailed to the person when the server has SMTP settings, and is in this answer ' +
    'to pass on otherwise. People who have not accepted their invitation get a new invitation instead (409).',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(passwordResetLinkSchema, 'The link and until when it works'),
    ...problemResponses(401, 403, 404, 409, 422),
  },
});
