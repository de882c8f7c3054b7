import type { Logger } from 'pino';
import type { AccessLevel } from '../../contract/me';
import type { Database, Db } from '../db/client';
import type { Env } from '../env';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from './clock';
import type { Mailer } from './mailer';
import type { PasswordHasher } from './passwords';
import type { SecretBox } from './secret-box';

/** What every handler can reach; built once in index.ts (or per test) and passed to createApp. */
export interface Deps {
  db: Db;
  database: Database;
  env: Env;
  clock: Clock;
  logger: Logger;
  /** Null when the deployment has no SMTP settings: invitations are then only shown. */
  mailer: Mailer | null;
  /** Seals and opens the credentials the server must use again (lib/secret-box.ts). */
  secrets: SecretBox;
  /** Hashes passwords: productionPasswords in the server; cheaper in the tests (lib/passwords.ts). */
  passwords: PasswordHasher;
  /**
   * When set, creating the first administrator requires this token (modules/auth/setup-token.ts);
   * index.ts decides it from PERIMETER_SETUP_TOKEN, HOST and the demo.
   */
  setupToken?: string;
  /** Request counts and latencies for Prometheus, when METRICS_PORT is set (metrics/metrics.ts). */
  metrics?: Metrics;
}

/** Who is calling, once the auth middleware has accepted their session or token. */
export interface Principal {
  accountId: string;
  userId: string;
  level: AccessLevel;
  via: 'session' | 'token';
  /** The session's row id, when signed in through the browser. */
  sessionId?: string;
  /** The personal API token's id, when calling with `Authorization: Bearer`. */
  tokenId?: string;
  /** The token's scope: a `read` token is refused every method but GET and HEAD. */
  tokenScope?: 'read' | 'read-write';
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    log: Logger;
    principal: Principal;
  };
}
