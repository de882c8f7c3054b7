import { createApp } from '../app';
import { defaultEnv, type Env } from '../env';
import { ManualClock } from '../lib/clock';
import type { Deps } from '../lib/context';
import type { Mailer } from '../lib/mailer';
import { createLogger } from '../lib/logger';
import { scryptHasher, type PasswordHasher } from '../lib/passwords';
import { ephemeralSecretBox } from '../lib/secret-box';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../contract/constants';
import { createAccount, createActivePerson, createSession } from '../modules/auth/auth.service';
import { openTestDatabase } from './test-database';
import { TestAgent } from './test-agent';

export interface TestContext {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  clock: ManualClock;
  /** Every log line written, when created with `captureLogs`. */
  logs: string[];
  /** A browser with no session yet. */
  agent(): TestAgent;
  /**
   * Creates an account with one person and returns a browser signed in as them, through the
   * sign-in endpoint; `audited: false` starts the session directly instead, leaving no
   * "Signed in" entry, for tests that count the entries of the audit log.
   */
  signedIn(options?: {
    level?: 'user' | 'administrator';
    email?: string;
    accountId?: string;
    audited?: boolean;
  }): Promise<TestAgent & { userId: string; accountId: string; email: string }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * The tests' password hasher: scrypt at N=2^4 (16 KiB, well under a millisecond) instead of
 * production's 2^15 (32 MiB, 0.1 to 0.5 s on a busy 2-core machine), for the hundreds of people
 * the server tests create and sign in. Hashes carry their cost, so checking them is as cheap.
 * Only tests reach it: the server builds its deps with productionPasswords, and createApp
 * refuses anything weaker when NODE_ENV is production.
 */
export const TEST_PASSWORDS: PasswordHasher = scryptHasher({ N: 2 ** 4, r: 8, p: 1 });
let sequence = 0;

/** The whole server over a fresh database and a manual clock, driven through `app.request()`. */
export async function createTestApp(
  options: { env?: Partial<Env>; captureLogs?: boolean; mailer?: Mailer } = {},
): Promise<TestContext> {
  const database = await openTestDatabase();
  const clock = new ManualClock();
  const env = defaultEnv({ STATIC_DIR: 'server/src/testing/fixtures/spa', ...options.env });
  const logs: string[] = [];
  const logger = options.captureLogs
    ? createLogger({ LOG_LEVEL: 'trace' }, { write: (line: string) => void logs.push(line) })
    : createLogger({ LOG_LEVEL: 'silent' });
  const deps: Deps = {
    db: database.db,
    database,
    env,
    clock,
    logger,
    mailer: options.mailer ?? null,
    secrets: ephemeralSecretBox(),
    passwords: TEST_PASSWORDS,
  };
  const app = createApp(deps);
  const agent = () => new TestAgent(app, env.BASE_PATH);
  return {
    app,
    deps,
    clock,
    logs,
    agent,
    async signedIn({ level = 'administrator', email, accountId, audited = true } = {}) {
      sequence += 1;
      const account = accountId ?? (await createAccount(deps.db, `Account ${sequence}`));
      const address = email ?? `person${sequence}@example.com`;
      const userId = await createActivePerson(
        deps.db,
        account,
        {
          email: address,
          name: `Person ${sequence}`,
          password: TEST_PASSWORD,
          level,
        },
        deps.passwords,
      );
      const browser = agent();
      if (!audited) {
        const session = await createSession(deps, { id: userId, accountId: account }, 'tests');
        browser.cookies.set(SESSION_COOKIE, session.token);
        browser.cookies.set(CSRF_COOKIE, session.csrfToken);
        return Object.assign(browser, { userId, accountId: account, email: address });
      }
      const { response, error } = await browser.api.POST('/api/auth/login', {
        body: { email: address, password: TEST_PASSWORD },
      });
      if (response.status !== 204) {
        throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(error)}`);
      }
      return Object.assign(browser, { userId, accountId: account, email: address });
    },
    close: () => database.close().catch(() => undefined),
  };
}
