import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  restrictionImpactSchema,
  restrictionsSchema,
  restrictionTestRequestSchema,
  restrictionTestResultSchema,
  updateRestrictionsRequestSchema,
} from '../../../contract/restrictions';
import {
  etagHeader,
  ifMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
} from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Git providers'];

export const getRestrictionsRoute = createRoute({
  method: 'get',
  path: '/git-providers/{id}/restrictions',
  operationId: 'getRestrictions',
  tags,
  ...administratorsOnly,
  summary: 'Which pipeline definitions may be loaded from a git provider',
  description:
    'Its repositories (`{ pattern }` or `{ names }`), branches (a regular expression) and paths (a glob), each null when not set; how many of the account’s pipelines take their definition from it and how many the restrictions refuse now. The `ETag` is the restrictions’ own version.',
  request: { params: idParamSchema },
  responses: {
    200: { ...jsonContent(restrictionsSchema, 'The restrictions'), headers: etagHeader },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const updateRestrictionsRoute = createRoute({
  method: 'put',
  path: '/git-providers/{id}/restrictions',
  operationId: 'updateRestrictions',
  tags,
  ...administratorsOnly,
  summary: 'Restrict the pipeline definitions loaded from a git provider',
  description:
    'All three at once; null allows everything. Patterns are RE2, written plainly or as `/…/flags` (i, m, s; g, y and u are accepted and change nothing); paths are globs. An invalid one is refused with 422 naming the field and the reason. With `If-Match`, 412 when another change came first. Pipelines the new restrictions refuse are kept and cannot run.',
  request: {
    params: idParamSchema,
    headers: ifMatchHeaders(false),
    body: jsonBody(updateRestrictionsRequestSchema),
  },
  responses: {
    200: { ...jsonContent(restrictionsSchema, 'The restrictions'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 412, 415, 422),
  },
});

export const testRestrictionsRoute = createRoute({
  method: 'post',
  path: '/restrictions/test',
  operationId: 'testRestrictions',
  tags,
  ...administratorsOnly,
  summary: 'Try a git provider’s restrictions on one definition',
  description:
    'What each restriction says of the repository, branch and path given, and the verdict. `restrictions`, when given, is tried instead of the saved ones (to try a pattern before saving it). Matching takes time linear in the input, whatever the pattern.',
  request: { body: jsonBody(restrictionTestRequestSchema) },
  responses: {
    200: jsonContent(restrictionTestResultSchema, 'What each restriction says'),
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});

export const restrictionsImpactRoute = createRoute({
  method: 'post',
  path: '/git-providers/{id}/restrictions/impact',
  operationId: 'previewRestrictionsImpact',
  tags,
  ...administratorsOnly,
  summary: 'What saving restrictions would do to the pipelines defined in a git provider',
  description:
    'Takes the body of `PUT …/restrictions` and saves nothing. Judged over every pipeline whose definition is a file on the provider: how many there are, how many these restrictions refuse, how many of those the saved restrictions allow (saving stops them from running), and how many the saved ones refuse and these allow. Names the first 10 refused — those it stops first, then those already refused, each by project and name — with what refuses each.',
  request: { params: idParamSchema, body: jsonBody(updateRestrictionsRequestSchema) },
  responses: {
    200: jsonContent(restrictionImpactSchema, 'What saving them would do'),
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});
