import { createRoute } from '@hono/zod-openapi';
import {
  clusterListQuerySchema,
  clusterPageSchema,
  clusterSchema,
  createClusterRequestSchema,
  updateClusterRequestSchema,
} from '../../../contract/clusters';
import { idParamSchema } from '../../../contract/common';
import {
  etagHeader,
  ifMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
  signedIn,
} from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Clusters'];

export const listClustersRoute = createRoute({
  method: 'get',
  path: '/clusters',
  operationId: 'listClusters',
  tags,
  security: signedIn,
  summary: 'The clusters the caller may read',
  description:
    'Filtered by the access rules (P-2.9), searched by name or tag, filtered by one tag (`untagged` for those without). Each carries the caller’s privileges on it.',
  request: { query: clusterListQuerySchema },
  responses: {
    200: jsonContent(clusterPageSchema, 'A page of clusters'),
    ...problemResponses(401, 422),
  },
});

export const createClusterRoute = createRoute({
  method: 'post',
  path: '/clusters',
  operationId: 'createCluster',
  tags,
  ...administratorsOnly,
  summary: 'Add a cluster',
  description: 'Cluster create stays with administrators whatever the rules say (P-2.7).',
  request: { body: jsonBody(createClusterRequestSchema) },
  responses: {
    201: { ...jsonContent(clusterSchema, 'The new cluster'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 415, 422),
  },
});

export const getClusterRoute = createRoute({
  method: 'get',
  path: '/clusters/{id}',
  operationId: 'getCluster',
  tags,
  security: signedIn,
  summary: 'One cluster',
  description: '404 when it does not exist or the caller may not read it.',
  request: { params: idParamSchema },
  responses: {
    200: { ...jsonContent(clusterSchema, 'The cluster'), headers: etagHeader },
    ...problemResponses(401, 404, 422),
  },
});

export const updateClusterRoute = createRoute({
  method: 'patch',
  path: '/clusters/{id}',
  operationId: 'updateCluster',
  tags,
  security: signedIn,
  summary: 'Rename a cluster or change its tags',
  description:
    'Needs update; changing tags or the connection needs an administrator (P-2.7, P-5.3). 403 names what is missing; 404 when the caller may not read the cluster. With `If-Match`, 412 when another change came first.',
  request: {
    params: idParamSchema,
    headers: ifMatchHeaders(false),
    body: jsonBody(updateClusterRequestSchema),
  },
  responses: {
    200: { ...jsonContent(clusterSchema, 'The changed cluster'), headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 412, 415, 422),
  },
});

export const deleteClusterRoute = createRoute({
  method: 'delete',
  path: '/clusters/{id}',
  operationId: 'deleteCluster',
  tags,
  ...administratorsOnly,
  summary: 'Remove a cluster',
  description:
    'Cluster delete stays with administrators whatever the rules say (P-2.7). With `If-Match`, 412 when another change came first.',
  request: { params: idParamSchema, headers: ifMatchHeaders(false) },
  responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404, 412, 422) },
});
