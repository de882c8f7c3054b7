import { createRoute, z } from '@hono/zod-openapi';
import { idParamSchema } from '../../../contract/common';
import {
  connectionTestResultSchema,
  deleteIntegrationQuerySchema,
  integrationListQuerySchema,
  integrationReferenceListSchema,
} from '../../../contract/integrations';
import {
  etagHeader,
  ifMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
  signedIn,
} from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

/**
 * The endpoints of one kind of integration (`/git-providers`, `/registries`): reads open to
 * every signed-in person (the pipeline editor needs the names, kinds and addresses; nothing
 * secret is in them), changes, tests and references for administrators.
 */
export function integrationRoutes<
  Item extends z.ZodType,
  Page extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(kind: {
  path: '/git-providers' | '/registries';
  tag: string;
  noun: string;
  /** The nouns of the operationIds: `listGitProviders`, `getGitProvider`… */
  operationNoun: { one: string; many: string };
  item: Item;
  page: Page;
  create: Create;
  update: Update;
  testDescription: string;
}) {
  const tags = [kind.tag];
  const one = `${kind.path}/{id}` as const;
  return {
    list: createRoute({
      method: 'get',
      path: kind.path,
      operationId: `list${kind.operationNoun.many}`,
      tags,
      security: signedIn,
      summary: `The account's ${kind.noun}s, by name`,
      description: `Any signed-in person. \`q\` searches the name and the address. Credentials are never answered, only whether they are set.`,
      request: { query: integrationListQuerySchema },
      responses: {
        200: jsonContent(kind.page, `A page of ${kind.noun}s`),
        ...problemResponses(401, 422),
      },
    }),
    create: createRoute({
      method: 'post',
      path: kind.path,
      operationId: `create${kind.operationNoun.one}`,
      tags,
      ...administratorsOnly,
      summary: `Add a ${kind.noun}`,
      description: 'The credentials are write-only: answers only say whether they are set.',
      request: { body: jsonBody(kind.create) },
      responses: {
        201: { ...jsonContent(kind.item, `The new ${kind.noun}`), headers: etagHeader },
        ...problemResponses(400, 401, 403, 415, 422),
      },
    }),
    get: createRoute({
      method: 'get',
      path: one,
      operationId: `get${kind.operationNoun.one}`,
      tags,
      security: signedIn,
      summary: `One ${kind.noun}`,
      request: { params: idParamSchema },
      responses: {
        200: { ...jsonContent(kind.item, `The ${kind.noun}`), headers: etagHeader },
        ...problemResponses(401, 404, 422),
      },
    }),
    update: createRoute({
      method: 'patch',
      path: one,
      operationId: `update${kind.operationNoun.one}`,
      tags,
      ...administratorsOnly,
      summary: `Change a ${kind.noun}`,
      description:
        'Any subset of the fields. `credentials` replaces them, `null` removes them, left out keeps them — except when the address changes, when they must be given again (422). With `If-Match`, 412 when another change came first.',
      request: {
        params: idParamSchema,
        headers: ifMatchHeaders(false),
        body: jsonBody(kind.update),
      },
      responses: {
        200: { ...jsonContent(kind.item, `The changed ${kind.noun}`), headers: etagHeader },
        ...problemResponses(400, 401, 403, 404, 412, 415, 422),
      },
    }),
    test: createRoute({
      method: 'post',
      path: `${one}/test`,
      operationId: `test${kind.operationNoun.one}`,
      tags,
      ...administratorsOnly,
      summary: `Test the connection to a ${kind.noun}`,
      description: `${kind.testDescription} 5 seconds at most; loopback, private and link-local addresses are refused unless the deployment allows them (ALLOW_PRIVATE_NETWORK_TESTS). 409 \`behind-firewall\` when the platform cannot reach it. The result is kept as \`lastTest\`.`,
      request: { params: idParamSchema },
      responses: {
        200: jsonContent(connectionTestResultSchema, 'What the test found'),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    references: createRoute({
      method: 'get',
      path: `${one}/references`,
      operationId: `list${kind.operationNoun.one}References`,
      tags,
      ...administratorsOnly,
      summary: `The pipelines that use a ${kind.noun}`,
      request: { params: idParamSchema },
      responses: {
        200: jsonContent(integrationReferenceListSchema, 'The pipelines and how they use it'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    delete: createRoute({
      method: 'delete',
      path: one,
      operationId: `delete${kind.operationNoun.one}`,
      tags,
      ...administratorsOnly,
      summary: `Delete a ${kind.noun}`,
      description:
        '409 `in-use` with `references` when pipelines use it; `?force=true` deletes it anyway, with the triggers that use it.',
      request: { params: idParamSchema, query: deleteIntegrationQuerySchema },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409, 422) },
    }),
  };
}
