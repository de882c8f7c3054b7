import { createRoute, z } from '@hono/zod-openapi';
import {
  ldapLoginRequestSchema,
  publicSsoProviderListSchema,
  ssoStartQuerySchema,
} from '../../../contract/sso';
import { jsonBody, jsonContent, problemResponses } from '../../lib/openapi-helpers';

const tags = ['Authentication'];
const providerParam = z.object({ providerId: z.string().max(100) });

export const listPublicSsoProvidersRoute = createRoute({
  method: 'get',
  path: '/auth/sso-providers',
  operationId: 'listPublicSsoProviders',
  security: [],
  tags,
  summary: 'The SSO providers the sign-in page offers (anyone: id, name and type only)',
  responses: { 200: jsonContent(publicSsoProviderListSchema, 'The providers, by name') },
});

export const startSsoRoute = createRoute({
  method: 'get',
  path: '/auth/sso/{providerId}/start',
  operationId: 'startSsoSignIn',
  security: [],
  tags,
  summary: 'Start signing in through an OIDC or SAML provider: redirects to it',
  description:
    'Redirects (302) to the identity provider, with a short-lived cookie that binds the answer to this browser. `returnTo` is a path of this console to come back to after the sign-in; anything else is ignored. An LDAP provider signs in through `POST /api/auth/ldap/{providerId}/login` instead (404 here).',
  request: { params: providerParam, query: ssoStartQuerySchema },
  responses: { 302: { description: 'To the identity provider' }, ...problemResponses(404) },
});

export const oidcCallbackRoute = createRoute({
  method: 'get',
  path: '/auth/sso/{providerId}/callback',
  operationId: 'completeOidcSignIn',
  security: [],
  tags,
  summary: 'Where an OIDC provider sends the browser back (the redirect URI)',
  description:
    'Verifies the answer (authorization code with PKCE, state, nonce, the ID token’s signature, issuer, audience and expiry), signs the person in and redirects to the page they came from; on a refusal, to the sign-in page with `?sso=<code>&provider=<id>`.',
  request: { params: providerParam },
  responses: { 302: { description: 'To the console or the sign-in page' } },
});

export const samlCallbackRoute = createRoute({
  method: 'post',
  path: '/auth/sso/{providerId}/callback',
  operationId: 'completeSamlSignIn',
  security: [],
  tags,
  summary: 'Where a SAML provider posts its response (the assertion consumer service)',
  description:
    'HTTP-POST binding. The response must be signed by the provider’s certificate, for this service provider (audience, recipient), in its time window, and in response to a request this browser started (InResponseTo); each is used once. Redirects like the OIDC callback.',
  request: {
    params: providerParam,
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: z.object({
            SAMLResponse: z.string().max(200_000),
            RelayState: z.string().max(2000).optional(),
          }),
        },
      },
    },
  },
  responses: { 302: { description: 'To the console or the sign-in page' } },
});

export const samlMetadataRoute = createRoute({
  method: 'get',
  path: '/auth/sso/{providerId}/metadata',
  operationId: 'getSamlMetadata',
  security: [],
  tags,
  summary: 'Perimeter’s SAML service-provider metadata, for the identity provider',
  request: { params: providerParam },
  responses: {
    200: {
      content: { 'application/samlmetadata+xml': { schema: z.string() } },
      description: 'The SP metadata (entity ID, assertion consumer service)',
    },
    ...problemResponses(404),
  },
});

export const ldapLoginRoute = createRoute({
  method: 'post',
  path: '/auth/ldap/{providerId}/login',
  operationId: 'signInWithLdap',
  security: [],
  tags,
  summary: 'Sign in with a directory user name and password (LDAP)',
  description:
    'Finds the person with the bind account, binds as them, reads their email and groups, and signs them in like a password sign-in. Refusals are 401 (the directory did not accept them) or 403 (`code: "sso-refused"`) with a sentence; repeated failures 429.',
  request: { params: providerParam, body: jsonBody(ldapLoginRequestSchema) },
  responses: {
    204: { description: 'Signed in' },
    ...problemResponses(400, 401, 403, 404, 415, 422, 429, 502),
  },
});
