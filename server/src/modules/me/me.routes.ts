import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  apiTokenListSchema,
  changePasswordRequestSchema,
  createApiTokenRequestSchema,
  createdApiTokenSchema,
  meSchema,
  updateMeRequestSchema,
} from '../../../contract/me';
import { jsonBody, jsonContent, problemResponses, signedIn } from '../../lib/openapi-helpers';

const tags = ['Me'];
const security = signedIn;

export const getMeRoute = createRoute({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  tags,
  security,
  summary: 'The signed-in person, their access level, teams, and the account',
  responses: { 200: jsonContent(meSchema, 'The signed-in person'), ...problemResponses(401) },
});

export const updateMeRoute = createRoute({
  method: 'patch',
  path: '/me',
  operationId: 'updateMe',
  tags,
  security,
  summary: "Change one's own name or email notification settings",
  request: { body: jsonBody(updateMeRequestSchema) },
  responses: {
    200: jsonContent(meSchema, 'The updated person'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const listTokensRoute = createRoute({
  method: 'get',
  path: '/me/tokens',
  operationId: 'listMyApiTokens',
  tags,
  security,
  summary: "One's personal API tokens (never their values)",
  responses: { 200: jsonContent(apiTokenListSchema, 'The tokens'), ...problemResponses(401) },
});

export const createTokenRoute = createRoute({
  method: 'post',
  path: '/me/tokens',
  operationId: 'createMyApiToken',
  tags,
  security,
  summary: 'Create a personal API token; its value is in this answer only',
  request: { body: jsonBody(createApiTokenRequestSchema) },
  responses: {
    201: jsonContent(createdApiTokenSchema, 'The new token, with its value'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/me/tokens/{id}',
  operationId: 'revokeMyApiToken',
  tags,
  security,
  summary: 'Revoke a personal API token',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 422) },
});

export const changePasswordRoute = createRoute({
  method: 'post',
  path: '/me/password',
  operationId: 'changeMyPassword',
  tags,
  security,
  summary: 'Change one’s own password; every other session of the person ends',
  description:
    'The current password is checked like a sign-in and counts toward the sign-in throttle ' +
    '(429 with Retry-After once locked). A wrong one is a 422 on `currentPassword`.',
  request: { body: jsonBody(changePasswordRequestSchema) },
  responses: {
    204: { description: 'Changed; the other sessions have ended' },
    ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
  },
});
