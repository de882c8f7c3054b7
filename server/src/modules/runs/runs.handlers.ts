import { createRouter } from '../../lib/router';
import { getRunRoute, listRunsRoute } from './runs.routes';
import { getRun, listRuns } from './runs.service';

/** Runs (read side): what the pipelines' pages show. Queuing and claiming are in queue.ts. */
export const runsRouter = createRouter()
  .openapi(listRunsRoute, async (c) =>
    c.json(
      await listRuns(c.var.deps, c.var.principal, c.req.valid('param').id, c.req.valid('query')),
      200,
    ),
  )
  .openapi(getRunRoute, async (c) =>
    c.json(await getRun(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  );
