import { serve } from '@hono/node-server';
import { createApp } from './app';
import { openDatabase } from './db/client';
import { seedDemo } from './db/seed/demo';
import { loadEnv } from './env';
import { HOUR, systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { createSmtpMailer } from './lib/mailer';
import { createSecretBox, ephemeralSecretBox, loadSecretKey } from './lib/secret-box';
import { deleteExpiredSessions } from './modules/auth/auth.service';
import { sealPlaintextSsoSecrets } from './modules/sso-providers/sso-providers.service';

const env = loadEnv();
const logger = createLogger(env);
const demo = process.argv.includes('--demo');

// The demo runs on a fresh in-memory database each start: deterministic, and it never
// touches the data folder or a configured PostgreSQL.
const database = await openDatabase(
  demo
    ? { kind: 'pglite' }
    : env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
);
// The demo's database lives in memory, so its key does too.
const secrets = demo
  ? ephemeralSecretBox()
  : createSecretBox(loadSecretKey({ secretsKey: env.SECRETS_KEY, dataDir: env.DATA_DIR }));
if (demo) await seedDemo(database.db, secrets);
// SSO secrets stored before they were sealed: sealed now, before anyone can read them.
const sealed = await sealPlaintextSsoSecrets(database.db, secrets);
if (sealed > 0) logger.info({ sealed }, 'SSO provider secrets sealed');

const mailer =
  env.SMTP_URL && env.SMTP_FROM
    ? createSmtpMailer({ url: env.SMTP_URL, from: env.SMTP_FROM })
    : null;
const deps = { db: database.db, database, env, clock: systemClock, logger, mailer, secrets };
const app = createApp(deps);

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info(
    { port: info.port, database: demo ? 'demo (in memory)' : database.driver },
    `Perimeter is listening on http://localhost:${info.port}`,
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
  server.close(() => {
    database.close().finally(() => process.exit(0));
  });
  // Long-lived connections must not hold the process hostage.
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
