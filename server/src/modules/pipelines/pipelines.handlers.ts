import { etagOf } from '../../../contract/versions';
import { createRouter } from '../../lib/router';
import {
  createPipelineRoute,
  deletePipelineRoute,
  getPipelineRoute,
  getPipelineVersionRoute,
  listPipelinesRoute,
  listPipelineVersionsRoute,
  restorePipelineVersionRoute,
  updatePipelineRoute,
} from './pipelines.routes';
import {
  createPipeline,
  deletePipeline,
  getPipeline,
  listPipelines,
  restorePipelineVersion,
  updatePipeline,
} from './pipelines.service';
import { getPipelineVersion, listPipelineVersions } from './definition-versions';

/** Pipelines (P-2.1, P-2.6, P-2.9): filtered by read, every action checked, every change versioned. */
export const pipelinesRouter = createRouter()
  .openapi(listPipelinesRoute, async (c) =>
    c.json(await listPipelines(c.var.deps, c.var.principal, c.req.valid('query')), 200),
  )
  .openapi(createPipelineRoute, async (c) => {
    const pipeline = await createPipeline(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Location', `/api/pipelines/${pipeline.id}`);
    c.header('ETag', etagOf(pipeline.version));
    return c.json(pipeline, 201);
  })
  .openapi(getPipelineRoute, async (c) => {
    const pipeline = await getPipeline(c.var.deps, c.var.principal, c.req.valid('param').id);
    c.header('ETag', etagOf(pipeline.version));
    return c.json(pipeline, 200);
  })
  .openapi(updatePipelineRoute, async (c) => {
    const pipeline = await updatePipeline(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('json'),
      c.req.valid('header')['if-match'],
      c.req.valid('query'),
    );
    c.header('ETag', etagOf(pipeline.version));
    return c.json(pipeline, 200);
  })
  .openapi(deletePipelineRoute, async (c) => {
    await deletePipeline(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      c.req.valid('header')['if-match'],
    );
    return c.body(null, 204);
  })
  .openapi(listPipelineVersionsRoute, async (c) =>
    c.json(
      await listPipelineVersions(
        c.var.deps,
        c.var.principal,
        c.req.valid('param').id,
        c.req.valid('query'),
      ),
      200,
    ),
  )
  .openapi(getPipelineVersionRoute, async (c) => {
    const { id, n } = c.req.valid('param');
    return c.json(await getPipelineVersion(c.var.deps, c.var.principal, id, n), 200);
  })
  .openapi(restorePipelineVersionRoute, async (c) => {
    const { id, n } = c.req.valid('param');
    const pipeline = await restorePipelineVersion(
      c.var.deps,
      c.var.principal,
      id,
      n,
      c.req.valid('header')['if-match'],
    );
    c.header('ETag', etagOf(pipeline.version));
    return c.json(pipeline, 200);
  });
