import { createRoute } from '@hono/zod-openapi';
import {
  pipelineSourcesSchema,
  updatePipelineSourcesRequestSchema,
} from '../../../contract/pipeline-sources';
import {
  accountSettingsSchema,
  securitySettingsSchema,
  updateAccountSettingsRequestSchema,
  updateSecuritySettingsRequestSchema,
} from '../../../contract/settings';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Settings'];

export const getAccountSettingsRoute = createRoute({
  method: 'get',
  path: '/settings/account',
  operationId: 'getAccountSettings',
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
  operationId: 'updateAccountSettings',
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

export const getSecuritySettingsRoute = createRoute({
  method: 'get',
  path: '/settings/security',
  operationId: 'getSecuritySettings',
  tags,
  ...administratorsOnly,
  summary: 'The idle timeout, and who changed it last',
  responses: {
    200: jsonContent(securitySettingsSchema, 'The security settings'),
    ...problemResponses(401, 403),
  },
});

export const updateSecuritySettingsRoute = createRoute({
  method: 'put',
  path: '/settings/security',
  operationId: 'updateSecuritySettings',
  tags,
  ...administratorsOnly,
  summary: 'Set the idle timeout (15 minutes to 30 days)',
  description:
    'Applies at once to every session of the account, those already open included: one idle for longer than the new timeout is signed out on its next request.',
  request: { body: jsonBody(updateSecuritySettingsRequestSchema) },
  responses: {
    200: jsonContent(securitySettingsSchema, 'The security settings'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const getPipelineSourcesRoute = createRoute({
  method: 'get',
  path: '/settings/pipeline-sources',
  operationId: 'getPipelineSources',
  tags,
  ...administratorsOnly,
  summary: 'Which pipeline-definition sources are allowed, and how many pipelines use each',
  description:
    'The three switches (inline, git, url), the number of the account’s pipelines per source (what turning one off would stop from running), and who changed them last. Everyone signed in reads the switches alone in `GET /api/me` (`account.pipelineSources`).',
  responses: {
    200: jsonContent(pipelineSourcesSchema, 'The pipeline sources'),
    ...problemResponses(401, 403),
  },
});

export const updatePipelineSourcesRoute = createRoute({
  method: 'put',
  path: '/settings/pipeline-sources',
  operationId: 'updatePipelineSources',
  tags,
  ...administratorsOnly,
  summary: 'Allow or forbid each pipeline-definition source',
  description:
    'All three switches at once. A source turned off is refused at creation and when a pipeline is changed to it (422 `source-disabled`), and its pipelines cannot run (their `runnable` says why) until it is turned on again; nothing of them is lost. Saving the switches unchanged changes nothing.',
  request: { body: jsonBody(updatePipelineSourcesRequestSchema) },
  responses: {
    200: jsonContent(pipelineSourcesSchema, 'The pipeline sources'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});
