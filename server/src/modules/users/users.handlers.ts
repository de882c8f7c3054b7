import { csvDownloadHeaders, wantsCsv } from '../../lib/csv';
import { createRouter } from '../../lib/router';
import { publicUrl } from '../../lib/public-url';
import { inviteUser, resendInvitation, revokeInvitation } from './invitations.service';
import { issuePasswordReset } from './password-resets.service';
import {
  getUserRoute,
  inviteUserRoute,
  issuePasswordResetRoute,
  listUsersRoute,
  removeUserRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  updateUserRoute,
} from './users.routes';
import { getUser, listUsers, peopleCsv, removeUser, updateUser } from './users.service';

/** People of the account and their invitations (P-1.1 – P-1.3, P-1.8); administrators only. */
export const usersRouter = createRouter()
  .openapi(listUsersRoute, async (c) => {
    const { deps, principal } = c.var;
    const query = c.req.valid('query');
    if (wantsCsv(c)) {
      return c.body(
        await peopleCsv(deps, principal.accountId, query),
        200,
        csvDownloadHeaders('people', deps.clock.now()),
      );
    }
    return c.json(await listUsers(deps, principal.accountId, query), 200);
  })
  .openapi(inviteUserRoute, async (c) => {
    const invited = await inviteUser(
      c.var.deps,
      c.var.principal,
      c.req.valid('json'),
      publicUrl(c),
    );
    c.header('Location', `/api/users/${invited.id}`);
    return c.json(invited, 201);
  })
  .openapi(getUserRoute, async (c) =>
    c.json(await getUser(c.var.deps, c.var.principal.accountId, c.req.valid('param').id), 200),
  )
  .openapi(updateUserRoute, async (c) =>
    c.json(
      await updateUser(c.var.deps, c.var.principal, c.req.valid('param').id, c.req.valid('json')),
      200,
    ),
  )
  .openapi(removeUserRoute, async (c) => {
    await removeUser(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(resendInvitationRoute, async (c) =>
    c.json(
      await resendInvitation(c.var.deps, c.var.principal, c.req.valid('param').id, publicUrl(c)),
      200,
    ),
  )
  .openapi(revokeInvitationRoute, async (c) => {
    await revokeInvitation(c.var.deps, c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(issuePasswordResetRoute, async (c) => {
    const link = await issuePasswordReset(
      c.var.deps,
      c.var.principal,
      c.req.valid('param').id,
      publicUrl(c),
    );
    c.header('Cache-Control', 'no-store');
    return c.json(link, 200);
  });
