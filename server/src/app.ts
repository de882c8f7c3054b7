import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Deps } from './lib/context';
import { handleError } from './lib/errors';
import { redactPath } from './lib/logger';
import { meetsProductionCost } from './lib/passwords';
import { HttpProblem } from './lib/problem';
import { createRouter } from './lib/router';
import { requireUtf8Json } from './lib/text-input';
import { spaRouter } from './lib/static';
import { accessRouter } from './modules/access/access.handlers';
import { auditRouter } from './modules/audit/audit.handlers';
import { authRouter, sessionRouter } from './modules/auth/auth.handlers';
import { clustersRouter } from './modules/clusters/clusters.handlers';
import { authenticate } from './modules/auth/auth.middleware';
import { docsRouter } from './modules/docs/docs.handlers';
import { gitProvidersRouter } from './modules/git-providers/git-providers.handlers';
import type { OpenApiDocument } from './modules/docs/reference-page';
import { healthRouter } from './modules/health/health.handlers';
import { hooksRouter } from './modules/hooks/hooks.handlers';
import { sessionsRouter } from './modules/sessions/sessions.handlers';
import { meRouter } from './modules/me/me.handlers';
import { policyRouter, policySchemaRouter } from './modules/policy/policy.handlers';
import { pipelinesRouter } from './modules/pipelines/pipelines.handlers';
import { runnerProtocolRouter, runnersRouter } from './modules/runners/runners.handlers';
import { runsRouter } from './modules/runs/runs.handlers';
import { registriesRouter } from './modules/registries/registries.handlers';
import { restrictionsRouter } from './modules/restrictions/restrictions.handlers';
import { settingsRouter } from './modules/settings/settings.handlers';
import { ssoRouter } from './modules/sso/sso.handlers';
import { ssoProvidersRouter } from './modules/sso-providers/sso-providers.handlers';
import { teamsRouter } from './modules/teams/teams.handlers';
import { triggersRouter } from './modules/triggers/triggers.handlers';
import { installTestHooks } from './modules/test-hooks/test-hooks';
import { usersRouter } from './modules/users/users.handlers';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Perimeter API',
    version: '1',
    description:
      'The HTTP API of Perimeter. Sign in with a session (browser) or a personal API token (`Authorization: Bearer`). Errors are `application/problem+json`.',
  },
} as const;

/** 1 MiB: far above any legitimate body (pipeline YAML included), far below harm. */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A policy document (issue 20) names every tagged pipeline and every member: 2 to 3 MiB for
 * 20,000 pipelines and 10,000 people, so its import alone takes up to 16 MiB.
 */
const MAX_POLICY_BYTES = 16 * 1024 * 1024;
const POLICY_IMPORT_PATH = '/api/policy/import';
const REQUEST_ID = /^[\w.-]{1,100}$/;

/**
 * The API under /api: the anonymous endpoints first, then everything behind `authenticate`.
 * `basePath`: the server's BASE_PATH, which the served OpenAPI document names as its server
 * (its paths stay `/api/…`, as in server/openapi.json).
 */
export function createApi(basePath = '') {
  const api = createRouter().basePath('/api');
  const info = basePath ? { ...OPENAPI_INFO, servers: [{ url: basePath }] } : OPENAPI_INFO;
  api.route('/', healthRouter);
  api.route('/', authRouter);
  api.route('/', ssoRouter);
  api.route('/', policySchemaRouter);
  // Both are built at request time from every route, including those registered below.
  api.doc31('/openapi.json', info);
  api.route(
    '/',
    docsRouter(() => api.getOpenAPI31Document(info) as unknown as OpenApiDocument),
  );
  // Machines, not people: a git provider's webhook (signed) and the runner protocol (its own
  // credential, checked per route), so they sit before `authenticate`.
  api.route('/', hooksRouter);
  api.route('/', runnerProtocolRouter);
  api.use('*', authenticate);
  api.route('/', sessionRouter);
  api.route('/', meRouter);
  api.route('/', sessionsRouter);
  api.route('/', usersRouter);
  api.route('/', teamsRouter);
  api.route('/', ssoProvidersRouter);
  api.route('/', settingsRouter);
  api.route('/', accessRouter);
  api.route('/', clustersRouter);
  api.route('/', pipelinesRouter);
  api.route('/', gitProvidersRouter);
  api.route('/', restrictionsRouter);
  api.route('/', registriesRouter);
  api.route('/', auditRouter);
  api.route('/', runnersRouter);
  api.route('/', triggersRouter);
  api.route('/', runsRouter);
  api.route('/', policyRouter);

  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'perimeter_session',
    description:
      'Unsafe methods also need the `X-CSRF-Token` header equal to the `perimeter_csrf` cookie.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'runnerToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A runner credential from `POST /api/runner/v1/register`; only the runner protocol takes it.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token from `POST /api/me/tokens`.',
  });
  return api;
}

/** The whole server: used by index.ts with real dependencies and by tests with in-memory ones. */
export function createApp(deps: Deps) {
  // The tests' cheap hasher must never serve real people, whatever builds the app.
  if (deps.env.NODE_ENV === 'production' && !meetsProductionCost(deps.passwords.cost)) {
    throw new Error('A production server hashes passwords at no less than production cost.');
  }
  const app = new Hono<AppEnv>();
  // First, so that it times everything, the other middleware included.
  if (deps.metrics) app.use('*', deps.metrics.middleware);
  if (deps.env.PERIMETER_TEST_HOOKS) installTestHooks(app, deps);

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', deps.logger.child({ requestId }));
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    c.var.log.info(
      {
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MUI (emotion) injects <style> elements at run time; scripts stay strictly 'self'.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
  );

  app.use('*', compress());

  // Everything is served under BASE_PATH (the root when empty): a reverse proxy that forwards
  // only that path reaches all of it, and nothing answers outside it.
  const basePath = deps.env.BASE_PATH;
  const site = new Hono<AppEnv>();
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpProblem(413, 'The request body is larger than 1 MiB.');
    },
  });
  const limitPolicy = bodyLimit({
    maxSize: MAX_POLICY_BYTES,
    onError: () => {
      throw new HttpProblem(413, 'The policy document is larger than 16 MiB.');
    },
  });
  site.use('/api/*', (c, next) =>
    c.req.path.endsWith(POLICY_IMPORT_PATH) ? limitPolicy(c, next) : limitBody(c, next),
  );
  site.use('/api/*', requireUtf8Json);
  site.use('/api/*', async (c, next) => {
    await next();
    // API answers are personal; no shared cache may keep them.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  if (basePath) {
    // Handlers name what they create by its path within the console (`Location: /api/teams/7`);
    // the client needs it under the base.
    site.use('/api/*', async (c, next) => {
      await next();
      const location = c.res.headers.get('Location');
      if (location?.startsWith('/')) c.res.headers.set('Location', `${basePath}${location}`);
    });
  }
  site.route('/', createApi(basePath));
  site.all('/api/*', () => {
    throw new HttpProblem(404, 'There is no such API endpoint.');
  });
  site.route('/', spaRouter(deps.env.STATIC_DIR, basePath));
  app.route(basePath || '/', site);
  if (basePath) {
    app.all('*', () => {
      throw new HttpProblem(404, 'There is nothing at this address.');
    });
  }

  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
