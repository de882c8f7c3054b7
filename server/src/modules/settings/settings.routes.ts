import { createRoute } from '@hono/zod-openapi';
import {
  accountSettingsSchema,
  updateAccountSettingsRequestSchema,
} from '../../../contract/settings';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Settings'];

export const getAccountSettingsRoute = createRoute({
  method: 'get',
  path: '/settings/account',
  tags,
  ...administratorsOnly,
  summary: "The account's name, plan, invitation domains and mail delivery",
  responses: {
    200: jsonContent(accountSettingsSchema, 'The settings'),
    ...problemResponses(401, 403),
  },
});

export const updateAccountSettingsRoute = createRoute({
  method: 'put',
  path: '/settings/account',
  tags,
  ...administratorsOnly,
  summary: 'Limit invitations to email domains (an empty list allows any)',
  description: 'The plan and mail delivery are deployment settings, not changed here.',
  request: { body: jsonBody(updateAccountSettingsRequestSchema) },
  responses: {
    200: jsonContent(accountSettingsSchema, 'The settings'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});
