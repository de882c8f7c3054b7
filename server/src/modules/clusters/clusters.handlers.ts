import { etagOf } from '../../../contract/versions';
import { createRouter } from '../../lib/router';
import {
  createClusterRoute,
  deleteClusterRoute,
  getClusterRoute,
  listClustersRoute,
  updateClusterRoute,
} from './clusters.routes';
import {
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  updateCluster,
} from './clusters.service';

/** Clusters (P-2.1, P-2.7, P-2.9): every answer filtered and every action checked by the rules. */
export const clustersRouter = createRouter()
  .openapi(listClustersRoute, async (c) =>
    c.json(await listClusters(c.var.deps, c.var.principal, c.req.valid('query')), 200),
  )
  .openapi(createClusterRoute, async (c) => {
    const cluster = await createCluster(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Location', `/api/clusters/${cluster.id}`);
    c.header('ETag', etagOf(cluster.version));
    return c.json(cluster, 201);
  })
  .openapi(getClusterRoute, async (c) => {
    const cluster = await getCluster(c.var.deps, c.var.principal, c.req.valid('param').id);
    c.header('ETag', etagOf(cluster.version));
    return c.json(cluster, 200);
  })
  .openapi(updateClusterRoute, async (c) => {
    const cluster = await updateCluster(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('json'),
      c.req.valid('header')['if-match'],
    );
    c.header('ETag', etagOf(cluster.version));
    return c.json(cluster, 200);
  })
  .openapi(deleteClusterRoute, async (c) => {
    await deleteCluster(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('header')['if-match'],
    );
    return c.body(null, 204);
  });
