import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import { endedSessionsSchema, sessionListSchema } from '../../../contract/sessions';
import { jsonContent, problemResponses, signedIn } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Sessions'];

export const listMySessionsRoute = createRoute({
  method: 'get',
  path: '/me/sessions',
  operationId: 'listMySessions',
  tags,
  security: signedIn,
  summary: "One's signed-in browsers: device, address, started, last active, this one marked",
  responses: { 200: jsonContent(sessionListSchema, 'The sessions'), ...problemResponses(401) },
});

export const endMySessionRoute = createRoute({
  method: 'delete',
  path: '/me/sessions/{id}',
  operationId: 'endMySession',
  tags,
  security: signedIn,
  summary: 'Sign out one of my sessions; it is refused at its next request',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Ended' }, ...problemResponses(401, 403, 404, 422) },
});

export const endMyOtherSessionsRoute = createRoute({
  method: 'post',
  path: '/me/sessions/end-others',
  operationId: 'endMyOtherSessions',
  tags,
  security: signedIn,
  summary: 'Sign out every session of mine but this one',
  responses: {
    200: jsonContent(endedSessionsSchema, 'How many sessions ended'),
    ...problemResponses(401, 403),
  },
});

export const endPersonSessionsRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/sessions',
  operationId: 'endPersonSessions',
  tags,
  ...administratorsOnly,
  summary: 'End every session of a person of the account (their API tokens keep working)',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(endedSessionsSchema, 'How many sessions ended'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const endEveryoneElsesSessionsRoute = createRoute({
  method: 'post',
  path: '/settings/security/end-sessions',
  operationId: 'endEveryoneElsesSessions',
  tags,
  ...administratorsOnly,
  summary: "Sign everyone in the account out, except the caller's own session",
  responses: {
    200: jsonContent(endedSessionsSchema, 'How many sessions ended'),
    ...problemResponses(401, 403),
  },
});
