import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import { runListQuerySchema, runPageSchema, runSchema } from '../../../contract/runs';
import { jsonContent, problemResponses, signedIn } from '../../lib/openapi-helpers';

const tags = ['Runs'];

export const listRunsRoute = createRoute({
  method: 'get',
  path: '/pipelines/{id}/runs',
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
