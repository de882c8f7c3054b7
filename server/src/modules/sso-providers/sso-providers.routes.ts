import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createSsoProviderRequestSchema,
  ssoProviderListSchema,
  ssoProviderSchema,
  updateSsoProviderRequestSchema,
} from '../../../contract/sso-providers';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['SSO providers'];

export const listSsoProvidersRoute = createRoute({
  method: 'get',
  path: '/sso-providers',
  tags,
  ...administratorsOnly,
  summary: "The account's SSO providers, with how many people each one has",
  responses: {
    200: jsonContent(ssoProviderListSchema, 'The providers'),
    ...problemResponses(401, 403),
  },
});

export const createSsoProviderRoute = createRoute({
  method: 'post',
  path: '/sso-providers',
  tags,
  ...administratorsOnly,
  summary: 'Add an SSO provider (OIDC, SAML or LDAP connection details)',
  description:
    'The client secret (OIDC) or bind password (LDAP) is write-only: answers only say whether it is set.',
  request: { body: jsonBody(createSsoProviderRequestSchema) },
  responses: {
    201: jsonContent(ssoProviderSchema, 'The new provider'),
    ...problemResponses(400, 401, 403, 409, 415, 422),
  },
});

export const getSsoProviderRoute = createRoute({
  method: 'get',
  path: '/sso-providers/{id}',
  tags,
  ...administratorsOnly,
  summary: 'One SSO provider',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(ssoProviderSchema, 'The provider'),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const updateSsoProviderRoute = createRoute({
  method: 'put',
  path: '/sso-providers/{id}',
  tags,
  ...administratorsOnly,
  summary: 'Change an SSO provider',
  description:
    'Send every field; leave the secret out to keep the one already set (it is needed when the type changes).',
  request: { params: idParamSchema, body: jsonBody(updateSsoProviderRequestSchema) },
  responses: {
    200: jsonContent(ssoProviderSchema, 'The changed provider'),
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});

export const deleteSsoProviderRoute = createRoute({
  method: 'delete',
  path: '/sso-providers/{id}',
  tags,
  ...administratorsOnly,
  summary: 'Delete an SSO provider; the people assigned to it are assigned to none',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 422) },
});
