import { serve } from '@hono/node-server';
import { createApp } from './app';
import { DataDirUnreadableError, openDatabase, type Database } from './db/client';
import { seedDemo } from './db/seed/demo';
import { loadEnv } from './env';
import { HOUR, systemClock } from './lib/clock';
import {
  DataDirInUseError,
  DataDirUnusableError,
  lockDataDir,
  restrictDataDir,
  type DataDirLock,
} from './lib/data-dir';
import { createLogger } from './lib/logger';
import { createSmtpMailer } from './lib/mailer';
import { createMetrics, serveMetrics } from './metrics/metrics';
import { productionPasswords } from './lib/passwords';
import { createSecretBox, ephemeralSecretBox, loadSecretKey } from './lib/secret-box';
import { deleteExpiredSessions, needsSetup } from './modules/auth/auth.service';
import { setupTokenPolicy } from './modules/auth/setup-token';
import { listenForQueuedRuns, queueNotifier } from './modules/runs/queue';
import { sealPlaintextSsoSecrets } from './modules/sso-providers/sso-providers.service';

// Whatever this process creates (the data folder, its files, secrets.key) is its owner's alone.
process.umask(0o077);

const env = loadEnv();
const logger = createLogger(env);
const demo = process.argv.includes('--demo');

/** Ends the start (or the server) with a sentence for the operator, in the log. */
function fail(message: string, fields: Record<string, unknown> = {}): never {
  logger.fatal(fields, message);
  process.exit(1);
}
// Node's own report of a crash prints an error whole, a failed statement's values included; the
// logger's serializer leaves them out (lib/logger.ts).
process.on('uncaughtException', (err) =>
  fail('the server stopped on an unexpected error', { err }),
);
process.on('unhandledRejection', (err) =>
  fail('the server stopped on an unexpected error', { err }),
);

// The embedded database is one server's: the data folder is locked for this process's lifetime
// (lib/data-dir.ts). The demo lives in memory and takes no folder; on PostgreSQL, many servers
// may share one database, which orders their writes itself.
const embedded = !demo && !env.DATABASE_URL;
let lock: DataDirLock | undefined;
if (embedded) {
  try {
    lock = lockDataDir(env.DATA_DIR);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      fail(error.message, { dataDir: error.dataDir, holder: error.holder });
    }
    if (error instanceof DataDirUnusableError) fail(error.message, { dataDir: error.dataDir });
    throw error;
  }
}

// The demo runs on a fresh in-memory database each start: deterministic, and it never
// touches the data folder or a configured PostgreSQL.
let database: Database;
try {
  database = await openDatabase(
    demo
      ? { kind: 'pglite' }
      : env.DATABASE_URL
        ? { kind: 'postgres', url: env.DATABASE_URL }
        : { kind: 'pglite', dataDir: env.DATA_DIR },
  );
} catch (error) {
  if (error instanceof DataDirUnreadableError) fail(error.message, { dataDir: error.dataDir });
  fail('the database could not be opened or migrated', { err: error });
}
if (lock) warnIfOpen(restrictDataDir(lock.dataDir));
// The demo's database lives in memory, so its key does too.
const secretKey = demo
  ? undefined
  : loadSecretKey({ secretsKey: env.SECRETS_KEY, dataDir: env.DATA_DIR });
const secrets = secretKey ? createSecretBox(secretKey) : ephemeralSecretBox();
if (demo) await seedDemo(database.db, secrets);
// SSO secrets stored before they were sealed: sealed now, before anyone can read them.
const sealed = await sealPlaintextSsoSecrets(database.db, secrets);
if (sealed > 0) logger.info({ sealed }, 'SSO provider secrets sealed');
if (env.SSO_ALLOW_HTTP_ISSUERS) {
  logger.warn(
    'SSO_ALLOW_HTTP_ISSUERS=true: OIDC issuers and SAML sign-on URLs on a loopback address may use http://, for tests and trying SSO locally only',
  );
}

const mailer =
  env.SMTP_URL && env.SMTP_FROM
    ? createSmtpMailer({ url: env.SMTP_URL, from: env.SMTP_FROM })
    : null;
const setup = setupTokenPolicy({
  envToken: env.PERIMETER_SETUP_TOKEN,
  host: env.HOST,
  demo,
  secretKey,
});
if (setup.generated && (await needsSetup(database.db))) {
  // The one secret the server logs, on purpose: whoever runs it reads the log, and this is how
  // they learn the token that makes them the first administrator. Only while the setup is still
  // to be done, and worth nothing afterwards (modules/auth/setup-token.ts).
  logger.info(
    `Setup token: ${setup.token} (creating the first administrator asks for it; or set PERIMETER_SETUP_TOKEN)`,
  );
}
const deps = {
  db: database.db,
  database,
  env,
  clock: systemClock,
  logger,
  mailer,
  secrets,
  passwords: productionPasswords,
  setupToken: setup.token,
  metrics:
    env.METRICS_PORT === undefined
      ? undefined
      : createMetrics({ database, clock: systemClock, basePath: env.BASE_PATH }),
};
const app = createApp(deps);
// On PostgreSQL, runs queued by the other servers wake this one's waiting runners.
const queueListener = listenForQueuedRuns(deps);

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info(
    { port: info.port, database: demo ? 'demo (in memory)' : database.driver },
    `Perimeter is listening on http://localhost:${info.port}${env.BASE_PATH}/`,
  );
});

// Clients keep connections open between requests (browsers, Playwright's request context, load
// balancers that hold idle connections for 60 s). Node's default keep-alive of 5 s lets the server
// close a connection at the very moment a client sends on it, which the client sees as a reset
// ("socket hang up"). Holding idle connections longer than the clients do avoids that race.
if ('keepAliveTimeout' in server) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

const metricsServer =
  deps.metrics &&
  serveMetrics(deps.metrics, {
    port: env.METRICS_PORT!,
    host: env.METRICS_HOST ?? env.HOST,
    logger,
  });

const sweeper = setInterval(() => {
  deleteExpiredSessions(deps).catch((error: unknown) =>
    logger.error({ err: error }, 'session sweep failed'),
  );
}, HOUR);
sweeper.unref();

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  clearInterval(sweeper);
  mailer?.close();
  metricsServer?.close();
  // Runners' waiting long-polls answer "no job" now rather than hold the stop for up to 25 s.
  queueNotifier(deps).close();
  server.close(() => {
    Promise.resolve(queueListener?.close())
      .then(() => database.close())
      .then(() => {
        // PGlite rewrites a few cache files as 0644 while it runs.
        if (lock) warnIfOpen(restrictDataDir(lock.dataDir));
        lock?.release();
      })
      .finally(() => process.exit(0));
  });
  // close() ends the connections idle at this moment; one that a client keeps alive after its
  // last request (a long-poll answered just now) would hold the stop for its keep-alive timeout.
  if ('closeIdleConnections' in server) {
    setInterval(() => server.closeIdleConnections(), 100).unref();
  }
  // Long-lived connections must not hold the process hostage.
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

function warnIfOpen(failures: string[]) {
  if (failures.length === 0) return;
  logger.warn(
    { dataDir: lock?.dataDir, failures: failures.slice(0, 10) },
    'some files in the data folder could not be made owner-only: run the server as their owner',
  );
}
