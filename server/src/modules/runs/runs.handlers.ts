import { createRunRequestSchema } from '../../../contract/runs';
import { createRouter } from '../../lib/router';
import {
  approveRunRoute,
  createRunRoute,
  denyRunRoute,
  getRunRoute,
  listRunsRoute,
  runApproversRoute,
} from './runs.routes';
import { createRun, decideRun, getRun, listRuns, runApprovers } from './runs.service';

/** Runs: what the pipelines' pages show, running now, and approvals. Claiming is in queue.ts. */
export const runsRouter = createRouter()
  .openapi(listRunsRoute, async (c) =>
    c.json(
      await listRuns(c.var.deps, c.var.principal, c.req.valid('param').id, c.req.valid('query')),
      200,
    ),
  )
  .openapi(createRunRoute, async (c) => {
    // The body is optional: without one, a run that is not in debug mode.
    const input = createRunRequestSchema.parse(c.req.valid('json') ?? {});
    const run = await createRun(c.var.deps, c.var.principal, c.req.valid('param').id, input);
    c.header('Location', `/api/runs/${run.id}`);
    return c.json(run, 201);
  })
  .openapi(getRunRoute, async (c) =>
    c.json(await getRun(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  )
  .openapi(runApproversRoute, async (c) =>
    c.json(await runApprovers(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  )
  .openapi(approveRunRoute, async (c) =>
    c.json(await decideRun(c.var.deps, c.var.principal, c.req.valid('param').id, 'approved'), 200),
  )
  .openapi(denyRunRoute, async (c) =>
    c.json(await decideRun(c.var.deps, c.var.principal, c.req.valid('param').id, 'denied'), 200),
  );
