import { pollRequestSchema } from '../../../contract/runners';
import { createRouter } from '../../lib/router';
import type { RunnerEnv } from './runner.middleware';
import {
  createRunnerRoute,
  getRunnerRoute,
  jobStatusRoute,
  listRunnersRoute,
  pollRoute,
  registerRoute,
  revokeRunnerRoute,
} from './runners.routes';
import {
  createRunner,
  getRunner,
  listRunners,
  poll,
  registerRunner,
  revokeRunner,
} from './runners.service';
import { reportJobStatus } from '../runs/queue';

/** Runners as administrators see them (P-5.4): behind `authenticate`, administrators only. */
export const runnersRouter = createRouter()
  .openapi(listRunnersRoute, async (c) =>
    c.json(await listRunners(c.var.deps, c.var.principal, c.req.valid('query')), 200),
  )
  .openapi(createRunnerRoute, async (c) => {
    const runner = await createRunner(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Location', `/api/runners/${runner.id}`);
    return c.json(runner, 201);
  })
  .openapi(getRunnerRoute, async (c) =>
    c.json(await getRunner(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  )
  .openapi(revokeRunnerRoute, async (c) =>
    c.json(await revokeRunner(c.var.deps, c.var.principal, c.req.valid('param').id), 200),
  );

/**
 * The runner protocol (`/api/runner/v1/…`): mounted before `authenticate`, since a runner has
 * no session; poll and status authenticate the runner credential in their route middleware.
 */
export const runnerProtocolRouter = createRouter<RunnerEnv>()
  .openapi(registerRoute, async (c) =>
    c.json(await registerRunner(c.var.deps, c.req.valid('json')), 201),
  )
  .openapi(pollRoute, async (c) => {
    // The body is optional: without one, the defaults (wait 25 s) apply.
    const input = pollRequestSchema.parse(c.req.valid('json'));
    const job = await poll(c.var.deps, c.var.runner, input, c.req.raw.signal);
    return job ? c.json({ job }, 200) : c.body(null, 204);
  })
  .openapi(jobStatusRoute, async (c) => {
    await reportJobStatus(c.var.deps, c.var.runner, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });
