import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createPipelineRequestSchema,
  pipelineListQuerySchema,
  pipelinePageSchema,
  pipelineSchema,
  pipelineVersionListQuerySchema,
  pipelineVersionPageSchema,
  pipelineVersionParamsSchema,
  pipelineVersionSchema,
  updatePipelineQuerySchema,
  updatePipelineRequestSchema,
} from '../../../contract/pipelines';
import {
  etagHeader,
  ifMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
  signedIn,
} from '../../lib/openapi-helpers';

const tags = ['Pipelines'];
const security = signedIn;

const INLINE_FORMAT_NOTE =
  'An inline definition (`source.yaml`) must be YAML in the pipeline definition format: otherwise 422 with `code: "definition-invalid"` and one error per problem on path `source.yaml`, each with `line`, `column`, `endLine` and `endColumn` (1-based), and nothing is saved.';

export const listPipelinesRoute = createRoute({
  method: 'get',
  path: '/pipelines',
  operationId: 'listPipelines',
  tags,
  security,
  summary: 'The pipelines the caller may read',
  description:
    'Filtered by the access rules (P-2.9), searched by name, project or tag, filtered by project or one tag (`untagged` for those without). Each carries the caller’s privileges on it.',
  request: { query: pipelineListQuerySchema },
  responses: {
    200: jsonContent(pipelinePageSchema, 'A page of pipelines'),
    ...problemResponses(401, 422),
  },
});

export const createPipelineRoute = createRoute({
  method: 'post',
  path: '/pipelines',
  operationId: 'createPipeline',
  tags,
  security,
  summary: 'Create a pipeline',
  description:
    'Needs create through a rule whose tags allow the new pipeline’s tags (P-2.6): 403 names what is missing. ' +
    INLINE_FORMAT_NOTE,
  request: { body: jsonBody(createPipelineRequestSchema) },
  responses: {
    201: { ...jsonContent(pipelineSchema, 'The new pipeline'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const getPipelineRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}',
  operationId: 'getPipeline',
  tags,
  security,
  summary: 'One pipeline',
  description: '404 when it does not exist or the caller may not read it.',
  request: { params: idParamSchema },
  responses: {
    200: { ...jsonContent(pipelineSchema, 'The pipeline'), headers: etagHeader },
    ...problemResponses(401, 404, 422),
  },
});

export const updatePipelineRoute = createRoute({
  method: 'patch',
  path: '/pipelines/{id}',
  operationId: 'updatePipeline',
  tags,
  security,
  summary: 'Rename a pipeline, move it to another project, or change its tags',
  description:
    'Needs update (tags included, P-2.7) and `If-Match` with the version it is based on: 428 without, 412 when another change came first. ' +
    'A person who is not an administrator may change tags only when it gives them no privilege they do not hold now, and may add tags only within one create rule of their teams (tags they could create the pipeline with): otherwise 403 with `code: "tag-escalation"` and a sentence naming what they would gain or which create rules stand in the way. ' +
    '`?dryRun=true` makes every check and saves nothing: the answer is the pipeline as the change would leave it (its version unchanged), or the problem the change would get. ' +
    INLINE_FORMAT_NOTE,
  request: {
    params: idParamSchema,
    query: updatePipelineQuerySchema,
    headers: ifMatchHeaders(true),
    body: jsonBody(updatePipelineRequestSchema),
  },
  responses: {
    200: { ...jsonContent(pipelineSchema, 'The changed pipeline'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 412, 415, 422, 428),
  },
});

export const deletePipelineRoute = createRoute({
  method: 'delete',
  path: '/pipelines/{id}',
  operationId: 'deletePipeline',
  tags,
  security,
  summary: 'Delete a pipeline',
  description: 'Needs delete and `If-Match`: 428 without, 412 when another change came first.',
  request: { params: idParamSchema, headers: ifMatchHeaders(true) },
  responses: {
    204: { description: 'Deleted' },
    ...problemResponses(401, 403, 404, 412, 422, 428),
  },
});

export const listPipelineVersionsRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/versions',
  operationId: 'listPipelineVersions',
  tags,
  security,
  summary: 'The saved versions of a pipeline’s inline definition',
  description:
    'Newest first: who saved each (null when not known), when, its lines and SHA-256 digest. A save writes a version only when it changes the inline text. Needs read: 404 when the pipeline does not exist or the caller may not read it.',
  request: { params: idParamSchema, query: pipelineVersionListQuerySchema },
  responses: {
    200: jsonContent(pipelineVersionPageSchema, 'A page of versions'),
    ...problemResponses(401, 404, 422),
  },
});

export const getPipelineVersionRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/versions/{n}',
  operationId: 'getPipelineVersion',
  tags,
  security,
  summary: 'One saved version of a pipeline’s inline definition, with its text',
  description:
    'Needs read: 404 when the pipeline does not exist, the caller may not read it, or it has no version `n`.',
  request: { params: pipelineVersionParamsSchema },
  responses: {
    200: jsonContent(pipelineVersionSchema, 'The version'),
    ...problemResponses(401, 404, 422),
  },
});

export const restorePipelineVersionRoute = createRoute({
  method: 'post',
  path: '/pipelines/{id}/versions/{n}/restore',
  operationId: 'restorePipelineVersion',
  tags,
  security,
  summary: 'Save an earlier version’s text as the pipeline’s definition',
  description:
    'The same save as `PATCH /api/pipelines/{id}` with that text as `source.yaml`: it needs update and `If-Match` (428 without, 412 when another change came first), the inline source must be allowed, and every cluster the text names must be one the caller may read. It writes a new version (none when the text is the current one) and is audited as `pipeline.updated` with `restoredFrom`.',
  request: { params: pipelineVersionParamsSchema, headers: ifMatchHeaders(true) },
  responses: {
    200: {
      ...jsonContent(pipelineSchema, 'The pipeline with the restored definition'),
      headers: etagHeader,
    },
    ...problemResponses(401, 403, 404, 412, 422, 428),
  },
});
