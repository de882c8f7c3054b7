import { createRouter } from '../../lib/router';
import {
  createTeamRoute,
  deleteTeamRoute,
  getTeamRoute,
  listTeamsRoute,
  updateTeamRoute,
} from './teams.routes';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service';

/** Teams (P-1.5 – P-1.7); administrators only. */
export const teamsRouter = createRouter()
  .openapi(listTeamsRoute, async (c) =>
    c.json(await listTeams(c.var.deps, c.var.principal.accountId, c.req.valid('query')), 200),
  )
  .openapi(createTeamRoute, async (c) => {
    const team = await createTeam(c.var.deps, c.var.principal, c.req.valid('json'));
    c.header('Location', `/api/teams/${team.id}`);
    return c.json(team, 201);
  })
  .openapi(getTeamRoute, async (c) =>
    c.json(await getTeam(c.var.deps, c.var.principal.accountId, c.req.valid('param').id), 200),
  )
  .openapi(updateTeamRoute, async (c) =>
    c.json(
      await updateTeam(c.var.deps, c.var.principal, c.req.valid('param').id, c.req.valid('json')),
      200,
    ),
  )
  .openapi(deleteTeamRoute, async (c) => {
    await deleteTeam(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  });
