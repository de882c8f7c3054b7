import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import { RUNNER_CHOICES_MAX, runnerChoiceListSchema } from '../../../contract/runners';
import {
  createTriggerRequestSchema,
  triggerListSchema,
  triggerSchema,
  triggerWithSecretSchema,
  updateTriggerRequestSchema,
} from '../../../contract/triggers';
import {
  etagHeader,
  ifMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
  signedIn,
} from '../../lib/openapi-helpers';

const tags = ['Git triggers'];
const security = signedIn;

export const listTriggersRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/triggers',
  operationId: 'listTriggers',
  tags,
  security,
  summary: 'The git triggers of a pipeline',
  description: 'Needs read on the pipeline (404 otherwise). Secrets are never in this answer.',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(triggerListSchema, 'The pipeline’s triggers'),
    ...problemResponses(401, 404, 422),
  },
});

export const createTriggerRoute = createRoute({
  method: 'post',
  path: '/pipelines/{id}/triggers',
  operationId: 'createTrigger',
  tags,
  security,
  summary: 'Add a git trigger to a pipeline',
  description:
    'Needs update on the pipeline. 422 for events the provider does not send, pull-request events on a runner without the app-proxy (P-5.6), a repository not written `owner/name`, a branch filter that is not RE2, or a revoked runner. The answer carries the webhook secret: the only time it is shown, with rotation.',
  request: { params: idParamSchema, body: jsonBody(createTriggerRequestSchema) },
  responses: {
    201: {
      ...jsonContent(triggerWithSecretSchema, 'The new trigger and its webhook secret'),
      headers: etagHeader,
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});

export const listRunnerChoicesRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/runner-choices',
  operationId: 'listRunnerChoices',
  tags,
  security,
  summary: 'The runners a trigger of the pipeline may use',
  description: `For the trigger form: the account's runners that are not revoked, by name, at most ${RUNNER_CHOICES_MAX}, each with only its name, whether it has the app-proxy (pull-request events need it, P-5.6) and its state. Needs update on the pipeline (404 without read, 403 with read only), the same as adding a trigger; the runners list itself (\`GET /api/runners\`) stays administrators-only.`,
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(runnerChoiceListSchema, 'The runners to choose from'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const getTriggerRoute = createRoute({
  method: 'get',
  path: '/triggers/{id}',
  operationId: 'getTrigger',
  tags,
  security,
  summary: 'One git trigger',
  description: 'Needs read on its pipeline (404 otherwise).',
  request: { params: idParamSchema },
  responses: {
    200: { ...jsonContent(triggerSchema, 'The trigger'), headers: etagHeader },
    ...problemResponses(401, 404, 422),
  },
});

export const updateTriggerRoute = createRoute({
  method: 'patch',
  path: '/triggers/{id}',
  operationId: 'updateTrigger',
  tags,
  security,
  summary: 'Change a git trigger',
  description:
    'Any subset of its settings; `null` clears the branch filter or the glob. Needs update on its pipeline; the same 422s as create. With `If-Match`, 412 when another change came first.',
  request: {
    params: idParamSchema,
    headers: ifMatchHeaders(false),
    body: jsonBody(updateTriggerRequestSchema),
  },
  responses: {
    200: { ...jsonContent(triggerSchema, 'The changed trigger'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 412, 415, 422),
  },
});

export const deleteTriggerRoute = createRoute({
  method: 'delete',
  path: '/triggers/{id}',
  operationId: 'deleteTrigger',
  tags,
  security,
  summary: 'Delete a git trigger',
  description:
    'Needs update on its pipeline. Deliveries to its webhook URL then get 404. With `If-Match`, 412 when another change came first.',
  request: { params: idParamSchema, headers: ifMatchHeaders(false) },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 412, 422) },
});

export const rotateTriggerSecretRoute = createRoute({
  method: 'post',
  path: '/triggers/{id}/rotate-secret',
  operationId: 'rotateTriggerSecret',
  tags,
  security,
  summary: 'Rotate the webhook secret of a git trigger',
  description:
    'Needs update on its pipeline. The old secret stops working at once; the new one is in this answer only. Set it in the provider’s webhook settings. The version goes up.',
  request: { params: idParamSchema },
  responses: {
    200: {
      ...jsonContent(triggerWithSecretSchema, 'The trigger and its new webhook secret'),
      headers: etagHeader,
    },
    ...problemResponses(401, 403, 404, 422),
  },
});
