import { clientAddress } from '../../lib/client-address';
import { clearSessionCookies } from '../../lib/cookies';
import { HttpProblem } from '../../lib/problem';
import { createRouter } from '../../lib/router';
import { loadMe } from '../me/me.service';
import { acceptInvitation, findInvitation } from '../users/invitations.service';
import {
  PASSWORD_RESET_REQUESTED,
  requestPasswordReset,
  resetPassword,
} from '../users/password-resets.service';
import { publicUrl } from '../../lib/public-url';
import {
  endSession,
  needsSetup,
  recordSessionEvent,
  setUpFirstAdministrator,
  ssoAssignmentOf,
  touchSession,
  verifyCredentials,
} from './auth.service';
import { recordFailedSignIn, startSession } from './sign-in';
import { passwordRefusedSentence } from '../../../contract/sso';
import { releaseAttempt, reserveAttempt } from './login-throttle';
import { isSetupToken } from './setup-token';
import {
  acceptInvitationRoute,
  activityRoute,
  getInvitationRoute,
  getSetupStatusRoute,
  loginRoute,
  logoutRoute,
  requestPasswordResetRoute,
  resetPasswordRoute,
  setupRoute,
} from './auth.routes';

/** Sign-up of the first administrator, sign-in, and accepting an invitation: no session needed. */
export const authRouter = createRouter()
  .openapi(getSetupStatusRoute, async (c) =>
    c.json(
      {
        needsSetup: await needsSetup(c.var.deps.db),
        setupTokenRequired: c.var.deps.setupToken !== undefined,
        passwordResetByMail: c.var.deps.mailer !== null,
      },
      200,
    ),
  )
  .openapi(setupRoute, async (c) => {
    const { setupToken, ...input } = c.req.valid('json');
    // Checked before anything is read, and answered the same whether or not the setup is still to
    // be done: a wrong token learns nothing that GET /api/auth/setup does not already say.
    const expected = c.var.deps.setupToken;
    if (expected !== undefined && !isSetupToken(expected, setupToken)) {
      throw new HttpProblem(
        403,
        setupToken
          ? 'The setup token is not right. Use PERIMETER_SETUP_TOKEN, or the one the server printed in its log when it started.'
          : 'Creating the first administrator takes the setup token: PERIMETER_SETUP_TOKEN, or the one the server printed in its log when it started.',
        { code: 'setup-token' },
      );
    }
    const person = await setUpFirstAdministrator(c.var.deps, input);
    await startSession(c, person, { method: 'password' });
    return c.json(await loadMe(c.var.deps, person), 201);
  })
  .openapi(loginRoute, async (c) => {
    const deps = c.var.deps;
    const { email, password } = c.req.valid('json');
    // Counted before the password is checked, so that concurrent attempts cannot outrun the limit.
    const address = clientAddress(c);
    const reservation = await reserveAttempt(deps, { email, address });
    const person = await verifyCredentials(deps, email, password);
    // Someone assigned to an SSO provider signs in through it; administrators keep their
    // password as the way in when the provider is down (break-glass, docs/operations.md).
    const assigned = await ssoAssignmentOf(deps, email);
    if (assigned && assigned.level !== 'administrator') {
      await recordFailedSignIn(deps, {
        email,
        address,
        way: { method: 'password' },
        reason: 'assigned to an SSO provider',
      });
      throw new HttpProblem(403, passwordRefusedSentence(assigned.provider.name), {
        code: 'signs-in-through-sso',
      });
    }
    if (!person) {
      await recordFailedSignIn(deps, {
        email,
        address,
        way: { method: 'password' },
        reason: 'wrong email or password',
      });
      throw new HttpProblem(401, 'The email or password is not right.', {
        code: 'invalid-credentials',
      });
    }
    await releaseAttempt(deps, reservation);
    await startSession(c, person, { method: 'password' });
    return c.body(null, 204);
  })
  .openapi(getInvitationRoute, async (c) =>
    c.json(await findInvitation(c.var.deps, c.req.valid('param').token), 200),
  )
  .openapi(acceptInvitationRoute, async (c) => {
    await acceptInvitation(c.var.deps, c.req.valid('param').token, c.req.valid('json'));
    return c.body(null, 204);
  })
  .openapi(requestPasswordResetRoute, async (c) => {
    await requestPasswordReset(c.var.deps, {
      email: c.req.valid('json').email,
      address: clientAddress(c),
      consoleUrl: publicUrl(c),
    });
    return c.json({ detail: PASSWORD_RESET_REQUESTED }, 202);
  })
  .openapi(resetPasswordRoute, async (c) => {
    await resetPassword(c.var.deps, c.req.valid('param').token, c.req.valid('json'));
    return c.body(null, 204);
  });

/** The auth endpoints that need a signed-in session (mounted behind `authenticate`). */
export const sessionRouter = createRouter()
  .openapi(logoutRoute, async (c) => {
    const { sessionId } = c.var.principal;
    const publicId = sessionId ? await endSession(c.var.deps, sessionId) : undefined;
    if (publicId) {
      await recordSessionEvent(
        c.var.deps.db,
        c.var.principal,
        'session.signed-out',
        publicId,
        {},
        c.var.deps.clock.now(),
      );
    }
    clearSessionCookies(c);
    return c.body(null, 204);
  })
  .openapi(activityRoute, async (c) => {
    const { sessionId } = c.var.principal;
    if (!sessionId)
      throw new HttpProblem(400, 'Activity is reported by browser sessions, not API tokens.');
    await touchSession(c.var.deps, sessionId);
    return c.body(null, 204);
  });
