import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createdRunnerSchema,
  createRunnerRequestSchema,
  jobStatusRequestSchema,
  pollRequestSchema,
  pollResponseSchema,
  registeredRunnerSchema,
  registerRunnerRequestSchema,
  runnerListQuerySchema,
  runnerPageSchema,
  runnerSchema,
} from '../../../contract/runners';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';
import { authenticateRunner, runnerToken } from './runner.middleware';

const tags = ['Runners'];
const protocolTags = ['Runner protocol'];

export const listRunnersRoute = createRoute({
  method: 'get',
  path: '/runners',
  operationId: 'listRunners',
  tags,
  ...administratorsOnly,
  summary: 'The runners of the account',
  description:
    'Revoked runners included. `state` is online when the runner polled within the last minute.',
  request: { query: runnerListQuerySchema },
  responses: {
    200: jsonContent(runnerPageSchema, 'A page of runners'),
    ...problemResponses(401, 403, 422),
  },
});

export const createRunnerRoute = createRoute({
  method: 'post',
  path: '/runners',
  operationId: 'createRunner',
  tags,
  ...administratorsOnly,
  summary: 'Register a runner',
  description:
    'Answers the one-time registration token, valid for 24 hours; it is never shown again. Give it to the runner, which trades it for its credential (`POST /api/runner/v1/register`).',
  request: { body: jsonBody(createRunnerRequestSchema) },
  responses: {
    201: jsonContent(createdRunnerSchema, 'The new runner and its registration token'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const getRunnerRoute = createRoute({
  method: 'get',
  path: '/runners/{id}',
  operationId: 'getRunner',
  tags,
  ...administratorsOnly,
  summary: 'One runner',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runnerSchema, 'The runner'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const revokeRunnerRoute = createRoute({
  method: 'delete',
  path: '/runners/{id}',
  operationId: 'revokeRunner',
  tags,
  ...administratorsOnly,
  summary: 'Revoke a runner',
  description:
    'Its credential stops working at once (401 at its next poll). The runner stays in the list as revoked; the runs only it could take, and those it had claimed, are cancelled.',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runnerSchema, 'The revoked runner'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const registerRoute = createRoute({
  method: 'post',
  path: '/runner/v1/register',
  operationId: 'registerRunner',
  security: [],
  tags: protocolTags,
  summary: 'A runner trades its registration token for its credential',
  description:
    'No session and no credential: the one-time registration token in the body is the proof. 401 when it is unknown, used, expired or its runner was revoked. The credential is shown only here.',
  request: { body: jsonBody(registerRunnerRequestSchema) },
  responses: {
    201: jsonContent(registeredRunnerSchema, 'The runner’s id and credential'),
    ...problemResponses(400, 401, 415, 422),
  },
});

export const pollRoute = createRoute({
  method: 'post',
  path: '/runner/v1/poll',
  operationId: 'pollForJob',
  tags: protocolTags,
  security: runnerToken,
  middleware: authenticateRunner,
  summary: 'Wait for a job',
  description:
    'Long-poll: waits up to `waitSeconds` (0–25, default 25) for a run this runner may take and claims it atomically (never the same run for two runners); 204 when none came. Also records the poll time, version and app-proxy.',
  request: { body: { ...jsonBody(pollRequestSchema), required: false } },
  responses: {
    200: jsonContent(pollResponseSchema, 'A job, now claimed by this runner'),
    204: { description: 'No job came while waiting' },
    ...problemResponses(400, 401, 415, 422),
  },
});

export const jobStatusRoute = createRoute({
  method: 'post',
  path: '/runner/v1/jobs/{id}/status',
  operationId: 'reportJobStatus',
  tags: protocolTags,
  security: runnerToken,
  middleware: authenticateRunner,
  summary: 'Report on a claimed job',
  description:
    'The run’s state and its steps. 404 when the job is not one this runner claimed; 409 once it has finished.',
  request: { params: idParamSchema, body: jsonBody(jobStatusRequestSchema) },
  responses: {
    204: { description: 'Recorded' },
    ...problemResponses(400, 401, 404, 409, 415, 422),
  },
});
