import { createRouter } from '../../lib/router';
import {
  endEveryoneElsesSessionsRoute,
  endMyOtherSessionsRoute,
  endMySessionRoute,
  endPersonSessionsRoute,
  listMySessionsRoute,
} from './sessions.routes';
import {
  endEveryoneElsesSessions,
  endMyOtherSessions,
  endMySession,
  endPersonSessions,
  listMySessions,
} from './sessions.service';

/** Seeing and ending browser sessions: one's own, a person's (administrators), everyone's. */
export const sessionsRouter = createRouter()
  .openapi(listMySessionsRoute, async (c) => {
    const items = await listMySessions(c.var.deps, c.var.principal);
    return c.json({ items, total: items.length }, 200);
  })
  .openapi(endMySessionRoute, async (c) => {
    await endMySession(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(endMyOtherSessionsRoute, async (c) =>
    c.json({ ended: await endMyOtherSessions(c.var.deps, c.var.principal) }, 200),
  )
  .openapi(endPersonSessionsRoute, async (c) =>
    c.json(
      { ended: await endPersonSessions(c.var.deps, c.var.principal, c.req.valid('param').id) },
      200,
    ),
  )
  .openapi(endEveryoneElsesSessionsRoute, async (c) =>
    c.json({ ended: await endEveryoneElsesSessions(c.var.deps, c.var.principal) }, 200),
  );
