import { createRoute, z } from '@hono/zod-openapi';
import {
  effectivePageSchema,
  effectiveQuerySchema,
  explainQuerySchema,
  explanationSchema,
  holdersQuerySchema,
  holdersSchema,
  previewRequestSchema,
  previewSchema,
  RULE_CSV_COLUMNS,
  ruleInputSchema,
  ruleListQuerySchema,
  rulePageSchema,
  ruleWithWarningsSchema,
} from '../../../contract/access';
import { idParamSchema } from '../../../contract/common';
import { tagListQuerySchema, tagListSchema } from '../../../contract/tags';
import { jsonBody, jsonContent, problemResponses, signedIn } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Access rules'];

export const listRulesRoute = createRoute({
  method: 'get',
  path: '/rules',
  operationId: 'listRules',
  tags,
  ...administratorsOnly,
  summary: 'The access rules, each as a sentence with its warnings',
  description:
    'Filtered by kind, team, tag (`untagged` and `*` included) and privilege (named or implied); ordered by rule number unless `sort` names team, kind or updatedAt (`-` in front: descending; ties by number). Warnings point at rules that match no resource, rules another rule already covers, create rules with no read rule beside them, and teams without members. With `Accept: text/csv`, every rule the filters keep as a CSV download, in the same order (page and pageSize ignored).',
  request: { query: ruleListQuerySchema },
  responses: {
    200: {
      description: 'A page of rules (JSON), or every matching rule (CSV)',
      content: {
        'application/json': { schema: rulePageSchema },
        'text/csv': {
          schema: z.string().openapi({
            description: `A header row (${RULE_CSV_COLUMNS.join(', ')}), then one row per rule; privileges and tags separated by spaces, lastChanged as an ISO 8601 time. Cells that begin with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe.`,
          }),
        },
      },
    },
    ...problemResponses(401, 403, 422),
  },
});

export const createRuleRoute = createRoute({
  method: 'post',
  path: '/rules',
  operationId: 'createRule',
  tags,
  ...administratorsOnly,
  summary: 'Write a rule',
  description:
    'Who (a team; not `admins`: administrators hold everything), what (privileges of the kind; create stands alone; cluster create and delete cannot be granted) and where (tags, or `untagged` or `*` alone, matched any-of or all-of).',
  request: { body: jsonBody(ruleInputSchema) },
  responses: {
    201: jsonContent(ruleWithWarningsSchema, 'The new rule'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const getRuleRoute = createRoute({
  method: 'get',
  path: '/rules/{id}',
  operationId: 'getRule',
  tags,
  ...administratorsOnly,
  summary: 'One rule',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(ruleWithWarningsSchema, 'The rule'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const replaceRuleRoute = createRoute({
  method: 'put',
  path: '/rules/{id}',
  operationId: 'replaceRule',
  tags,
  ...administratorsOnly,
  summary: 'Change a rule',
  description: 'The rule keeps its number.',
  request: { params: idParamSchema, body: jsonBody(ruleInputSchema) },
  responses: {
    200: jsonContent(ruleWithWarningsSchema, 'The changed rule'),
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});

export const deleteRuleRoute = createRoute({
  method: 'delete',
  path: '/rules/{id}',
  operationId: 'deleteRule',
  tags,
  ...administratorsOnly,
  summary: 'Delete a rule',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 422) },
});

export const explainRoute = createRoute({
  method: 'get',
  path: '/access/explain',
  operationId: 'explainAccess',
  tags,
  ...administratorsOnly,
  summary: 'Can this person take this privilege on this resource, and why?',
  description:
    'Yes with every rule (team, tag) that grants it, or the administrator bypass; no with the rules that would grant it if the person were in their team or the tags matched.',
  request: { query: explainQuerySchema },
  responses: {
    200: jsonContent(explanationSchema, 'The decision and its reasons'),
    ...problemResponses(401, 403, 422),
  },
});

export const holdersRoute = createRoute({
  method: 'get',
  path: '/access/holders',
  operationId: 'listAccessHolders',
  tags,
  ...administratorsOnly,
  summary: 'Who can do what on one resource, and through which rules',
  request: { query: holdersQuerySchema },
  responses: {
    200: jsonContent(holdersSchema, 'The rules that apply and how many people hold each privilege'),
    ...problemResponses(401, 403, 422),
  },
});

export const effectiveRoute = createRoute({
  method: 'get',
  path: '/access/effective',
  operationId: 'getEffectiveAccess',
  tags,
  ...administratorsOnly,
  summary: 'Everything a person, or one team’s rules, can do on the clusters or the pipelines',
  description:
    'A page of resources (searched with `q` in names and tags, ordered by name), each with every privilege of its kind but create: held or not, the first rule by number that grants it and how many do. `userId` for a person (administrators hold everything, no rule needed), or `teamId` for what that team’s own rules grant. `show=held` (the default) keeps the resources where at least one privilege is held; `show=all` lists every one.',
  request: { query: effectiveQuerySchema },
  responses: {
    200: jsonContent(effectivePageSchema, 'The matrix, a page of resources'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const previewRoute = createRoute({
  method: 'post',
  path: '/access/preview',
  operationId: 'previewAccessChange',
  tags,
  ...administratorsOnly,
  summary: 'Who would gain or lose what if a rule were saved or deleted, or tags changed',
  description:
    'Nothing is saved. `needsConfirmation` is true when anyone would lose a privilege; the console asks before saving then.',
  request: { body: jsonBody(previewRequestSchema) },
  responses: {
    200: jsonContent(previewSchema, 'The gains and losses, grouped'),
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const listTagsRoute = createRoute({
  method: 'get',
  path: '/tags',
  operationId: 'listTags',
  tags,
  security: signedIn,
  summary: 'The tags in use, for autocompletion',
  description:
    'Administrators see every tag used on resources or in rules; other people the tags of the resources they may read and of their own teams’ rules.',
  request: { query: tagListQuerySchema },
  responses: {
    200: jsonContent(tagListSchema, 'Tags, most used first'),
    ...problemResponses(401, 422),
  },
});
