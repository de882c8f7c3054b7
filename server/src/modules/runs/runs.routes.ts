import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createRunRequestSchema,
  RUN_APPROVERS_MAX,
  runApproversSchema,
  runListQuerySchema,
  runPageSchema,
  runSchema,
} from '../../../contract/runs';
import { jsonBody, jsonContent, problemResponses, signedIn } from '../../lib/openapi-helpers';

const tags = ['Runs'];

export const listRunsRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/runs',
  operationId: 'listRuns',
  tags,
  security: signedIn,
  summary: 'The runs of a pipeline',
  description: 'Newest first. Needs read on the pipeline: 404 otherwise, as for the pipeline.',
  request: { params: idParamSchema, query: runListQuerySchema },
  responses: {
    200: jsonContent(runPageSchema, 'A page of runs'),
    ...problemResponses(401, 404, 422),
  },
});

export const getRunRoute = createRoute({
  method: 'get',
  path: '/runs/{id}',
  operationId: 'getRun',
  tags,
  security: signedIn,
  summary: 'One run',
  description:
    'Its state, what queued it, its runner and its steps as the runner reported them. 404 when it does not exist or the caller may not read its pipeline.',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runSchema, 'The run'),
    ...problemResponses(401, 404, 422),
  },
});

export const createRunRoute = createRoute({
  method: 'post',
  path: '/pipelines/{id}/runs',
  operationId: 'createRun',
  tags,
  security: signedIn,
  summary: 'Run a pipeline now',
  description: [
    'Queues a run for any runner of the account, with the caller as its trigger. In order: 404 when the caller may not read the pipeline; 403 (`code: missing-privilege`, `privilege: run`) without run; 403 (`privilege: debug`) for `debug: true` without debug; 409 with the reason the pipeline may not run now (`code`: `source-disabled`, `provider-missing`, `restricted`, checked as the run is queued); 409 `definition-invalid` when an inline definition is not YAML or has no steps.',
    'An inline definition gives the run its steps (the top-level `steps` map in order, each with its `type`, `freestyle` by default; a `parallel` step is one step). A git or url definition is behind the firewall, out of the server’s reach: the run starts with no steps, and the runner reports the steps it loads.',
  ].join('\n\n'),
  request: {
    params: idParamSchema,
    body: { ...jsonBody(createRunRequestSchema), required: false },
  },
  responses: {
    201: jsonContent(runSchema, 'The run, queued'),
    ...problemResponses(400, 401, 403, 404, 409, 415, 422),
  },
});

const decisionDescription = (verb: 'approve' | 'deny') =>
  [
    'Needs approve on the run’s pipeline: 404 when the caller may not read it, 403 (`privilege: approve`) otherwise. 409 `not-waiting` unless the run waits at a pending-approval step (two people deciding at once: one wins, the other gets 409). The decision is kept on the run and in the audit log.',
    verb === 'approve'
      ? 'The waiting step succeeds and the run is queued again for the runner that claimed it, which carries on from the first pending step.'
      : 'The waiting step fails, the later steps are skipped, and the run ends `denied`.',
  ].join(' ');

export const approveRunRoute = createRoute({
  method: 'post',
  path: '/runs/{id}/approve',
  operationId: 'approveRun',
  tags,
  security: signedIn,
  summary: 'Approve a run waiting for approval',
  description: decisionDescription('approve'),
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runSchema, 'The run, queued again'),
    ...problemResponses(401, 403, 404, 409, 422),
  },
});

export const denyRunRoute = createRoute({
  method: 'post',
  path: '/runs/{id}/deny',
  operationId: 'denyRun',
  tags,
  security: signedIn,
  summary: 'Deny a run waiting for approval',
  description: decisionDescription('deny'),
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runSchema, 'The run, denied'),
    ...problemResponses(401, 403, 404, 409, 422),
  },
});

export const runApproversRoute = createRoute({
  method: 'get',
  path: '/runs/{id}/approvers',
  operationId: 'listRunApprovers',
  tags,
  security: signedIn,
  summary: 'Who may approve a run',
  description: `The account’s active people who hold approve on the run’s pipeline, administrators included, by name (at most ${RUN_APPROVERS_MAX}). Needs read on the pipeline: 404 otherwise.`,
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runApproversSchema, 'The people who may approve'),
    ...problemResponses(401, 404, 422),
  },
});
