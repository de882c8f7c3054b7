import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createTeamRequestSchema,
  teamListQuerySchema,
  teamPageSchema,
  teamSchema,
  updateTeamRequestSchema,
} from '../../../contract/teams';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Teams'];

export const listTeamsRoute = createRoute({
  method: 'get',
  path: '/teams',
  operationId: 'listTeams',
  tags,
  ...administratorsOnly,
  summary: 'The teams of the account with their member counts, searched by name',
  description:
    'Members of a team are listed by `GET /api/users?teamId=…`, which pages, searches and sorts them.',
  request: { query: teamListQuerySchema },
  responses: {
    200: jsonContent(teamPageSchema, 'A page of teams'),
    ...problemResponses(401, 403, 422),
  },
});

export const createTeamRoute = createRoute({
  method: 'post',
  path: '/teams',
  operationId: 'createTeam',
  tags,
  ...administratorsOnly,
  summary: 'Create a team (Enterprise plan)',
  description:
    'Other plans have the built-in teams only: 403 with `code: "plan-required"`. Names are lowercase letters, digits and hyphens, unique in the account (422).',
  request: { body: jsonBody(createTeamRequestSchema) },
  responses: {
    201: jsonContent(teamSchema, 'The new team'),
    ...problemResponses(400, 401, 403, 409, 415, 422),
  },
});

export const getTeamRoute = createRoute({
  method: 'get',
  path: '/teams/{id}',
  operationId: 'getTeam',
  tags,
  ...administratorsOnly,
  summary: 'One team',
  request: { params: idParamSchema },
  responses: { 200: jsonContent(teamSchema, 'The team'), ...problemResponses(401, 403, 404, 422) },
});

export const updateTeamRoute = createRoute({
  method: 'patch',
  path: '/teams/{id}',
  operationId: 'updateTeam',
  tags,
  ...administratorsOnly,
  summary: 'Rename a team, or change its members',
  description:
    '`memberIds` replaces the members; `addMemberIds` and `removeMemberIds` change them. The built-in teams users and admins cannot be renamed or given members (409).',
  request: { params: idParamSchema, body: jsonBody(updateTeamRequestSchema) },
  responses: {
    200: jsonContent(teamSchema, 'The changed team'),
    ...problemResponses(400, 401, 403, 404, 409, 415, 422),
  },
});

export const deleteTeamRoute = createRoute({
  method: 'delete',
  path: '/teams/{id}',
  operationId: 'deleteTeam',
  tags,
  ...administratorsOnly,
  summary: 'Delete a team',
  description: 'The built-in teams cannot be deleted (409).',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409, 422) },
});
