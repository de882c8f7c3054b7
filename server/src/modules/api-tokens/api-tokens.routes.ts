import { createRoute } from '@hono/zod-openapi';
import {
  accountApiTokenListQuerySchema,
  accountApiTokenPageSchema,
} from '../../../contract/api-tokens';
import { idParamSchema } from '../../../contract/common';
import { jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['API tokens'];

export const listAccountApiTokensRoute = createRoute({
  method: 'get',
  path: '/api-tokens',
  operationId: 'listAccountApiTokens',
  tags,
  ...administratorsOnly,
  summary: 'Every API token of the account: owner, name, scope, last use, expiry (never a value)',
  description:
    '`q` searches token names and prefixes and owners’ names and emails. Newest first; expired ' +
    'tokens are listed until they are revoked.',
  request: { query: accountApiTokenListQuerySchema },
  responses: {
    200: jsonContent(accountApiTokenPageSchema, 'A page of tokens'),
    ...problemResponses(401, 403, 422),
  },
});

export const revokeAccountApiTokenRoute = createRoute({
  method: 'delete',
  path: '/api-tokens/{id}',
  operationId: 'revokeAccountApiToken',
  tags,
  ...administratorsOnly,
  summary: 'Revoke any API token of the account; the audit entry names its owner',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 422) },
});
