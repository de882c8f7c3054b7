import { createRoute } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  createSsoProviderRequestSchema,
  ssoProviderListSchema,
  ssoProviderSchema,
  ssoSyncResultSchema,
  ssoTestRequestSchema,
  ssoTestResultSchema,
  updateSsoProviderRequestSchema,
} from '../../../contract/sso-providers';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['SSO providers'];

export const listSsoProvidersRoute = createRoute({
  method: 'get',
  path: '/sso-providers',
  operationId: 'listSsoProviders',
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
  operationId: 'createSsoProvider',
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
  operationId: 'getSsoProvider',
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
  operationId: 'updateSsoProvider',
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
  operationId: 'deleteSsoProvider',
  tags,
  ...administratorsOnly,
  summary: 'Delete an SSO provider; the people assigned to it are assigned to none',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 422) },
});

export const testSsoProviderRoute = createRoute({
  method: 'post',
  path: '/sso-providers/{id}/test',
  operationId: 'testSsoProvider',
  tags,
  ...administratorsOnly,
  summary: 'Check a saved SSO provider: OIDC discovery, or an LDAP bind and search',
  description:
    'OIDC: fetches the issuer’s discovery document. LDAP: binds with the bind account and, when `username` is given, finds that person (without their password) and says their DN, email, name and groups. SAML has nothing to call before a sign-in: the answer says whether the signing certificate can be read and until when it is valid. A failure is `ok: false` with a sentence, not an error. 5 seconds per step at most; loopback, private and link-local addresses are refused unless the deployment allows them (ALLOW_PRIVATE_NETWORK_TESTS).',
  request: { params: idParamSchema, body: jsonBody(ssoTestRequestSchema) },
  responses: {
    200: jsonContent(ssoTestResultSchema, 'What the test found'),
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
});

export const syncSsoProviderRoute = createRoute({
  method: 'post',
  path: '/sso-providers/{id}/sync',
  operationId: 'syncSsoProvider',
  tags,
  ...administratorsOnly,
  summary: 'Sync the mapped teams of every person of an LDAP provider with their directory groups',
  description:
    'Looks up each person assigned to the provider in the directory by email, and makes their membership of the mapped teams follow their groups (added and removed, one audit entry per change). People the directory no longer knows are listed and left as they are. 409 for a provider that is not LDAP or has no group search base; 502 when the directory cannot be asked.',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(ssoSyncResultSchema, 'What changed'),
    ...problemResponses(401, 403, 404, 409, 422, 502),
  },
});
