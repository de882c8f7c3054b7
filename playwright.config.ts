import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { adminStatePath } from './e2e/accounts';
import { CHROMIUM_LAUNCH_OPTIONS } from './e2e/chromium';

/**
 * End-to-end tests: the built SPA (`npm run build` first) served by the real server on a
 * fresh embedded database, driven in Debian's Chromium. See e2e/fixtures.ts for the checks
 * every test runs (no request leaves the origin, no serious accessibility violation).
 */

const PORT = Number(process.env.E2E_PORT ?? 8090);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** A second server, on the next port, serving under a sub-path as behind a reverse proxy. */
const SUB_PATH = '/perimeter';
const SUB_PATH_URL = `http://127.0.0.1:${PORT + 1}${SUB_PATH}`;

/**
 * A fresh folder per run, holding the server's database, a snapshot of the built SPA (so a
 * `npm run build` during the run cannot pull the files from under the browser) and the signed-in
 * administrator's browser state. Playwright
 * loads this file in the runner and again in every worker, but only the runner starts the
 * server: it creates the folder, hands it to the workers through the environment (so they do
 * not each make one), and removes it when it exits.
 */
function createRunDir(): string {
  // E2E_DIST: another build folder (`vite build --outDir …`), so that two runs can work side by side.
  const built = path.join(
    process.env.E2E_DIST ?? path.join(import.meta.dirname, 'dist'),
    'index.html',
  );
  if (!fs.existsSync(built)) throw new Error('The SPA is not built: run `npm run build` first.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perimeter-e2e-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.mkdirSync(path.join(dir, 'data-sub-path'));
  fs.cpSync(path.dirname(built), path.join(dir, 'dist'), { recursive: true });
  return dir;
}
const RUN_DIR = (process.env.PERIMETER_E2E_RUN_DIR ??= createRunDir());

// A developer's DATABASE_URL must not reach the server: the suite creates the first
// administrator, which needs an empty database, and must never write to a real one.
delete process.env.DATABASE_URL;

export default defineConfig({
  testDir: 'e2e',
  // A 2-core machine also running the server: two spec files at a time, each file's tests in
  // order. More workers only queue for the CPU.
  workers: 2,
  fullyParallel: false,
  retries: 0, // a flaky test is a bug to fix, not to hide
  forbidOnly: !!process.env.CI,
  timeout: 60_000, // generous: a loaded 2-core machine runs the server, two browsers and axe
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    headless: true,
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    // No fades: a toast or dialog caught half-faded is neither what a person reads nor what axe
    // should judge (its colours are mid-way). The console honours the setting (theme.ts).
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: 'auth.setup.ts' },
    // The idle journey reads the account's idle timeout, which security.spec.ts changes for a
    // while: it runs alone, before the rest (about 15 s), so that the two never overlap.
    {
      name: 'idle-timeout',
      testMatch: 'idle-timeout.spec.ts',
      dependencies: ['setup'],
      use: { storageState: adminStatePath(RUN_DIR) },
    },
    // Turning inline definitions off would refuse the inline pipelines other journeys create:
    // the source-switch journey runs beside the idle journey (which creates none), before the rest.
    {
      name: 'pipeline-sources',
      testMatch: 'pipeline-sources.spec.ts',
      dependencies: ['setup'],
      use: { storageState: adminStatePath(RUN_DIR) },
    },
    // The console under a sub-path, on its own server and database: it makes its own first
    // administrator, so it waits for nothing. A trailing slash, so that the journey's relative
    // addresses (`admin/people`) stay under the sub-path.
    {
      name: 'sub-path',
      testMatch: 'sub-path.spec.ts',
      use: { baseURL: `${SUB_PATH_URL}/` },
    },
    // Applying a whole policy document replaces what any other journey changes between its
    // download and its plan (settings, teams, rules, tags): the policy journey runs alone, after
    // the two above and before the rest (about 10 s).
    {
      name: 'policy',
      testMatch: 'policy.spec.ts',
      dependencies: ['setup', 'idle-timeout', 'pipeline-sources'],
      use: { storageState: adminStatePath(RUN_DIR) },
    },
    {
      name: 'chromium',
      testMatch: '*.spec.ts',
      testIgnore: [
        'idle-timeout.spec.ts',
        'pipeline-sources.spec.ts',
        'sub-path.spec.ts',
        'policy.spec.ts',
      ],
      dependencies: ['setup', 'idle-timeout', 'pipeline-sources', 'policy'],
      use: { storageState: adminStatePath(RUN_DIR) },
    },
  ],
  webServer: [
    {
      // Not `npx tsx`: no npm start-up cost or npm warnings in the server's output.
      command: 'node_modules/.bin/tsx server/src/index.ts',
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe', // warnings and errors only (LOG_LEVEL=warn): a 500 shows up in the run's output
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(RUN_DIR, 'data'),
        STATIC_DIR: path.join(RUN_DIR, 'dist'),
        LOG_LEVEL: 'warn',
        PERIMETER_PLAN: 'enterprise',
        // The journeys' own clock (e2e/idle-timeout.spec.ts); never set in a deployment.
        PERIMETER_TEST_HOOKS: '1',
        // The test identity providers (e2e/sso-*.spec.ts) listen on http://127.0.0.1; never set
        // in a deployment.
        SSO_ALLOW_HTTP_ISSUERS: 'true',
      },
    },
    {
      // The same build served under BASE_PATH, for e2e/sub-path.spec.ts.
      command: 'node_modules/.bin/tsx server/src/index.ts',
      url: `${SUB_PATH_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        PORT: String(PORT + 1),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(RUN_DIR, 'data-sub-path'),
        STATIC_DIR: path.join(RUN_DIR, 'dist'),
        BASE_PATH: SUB_PATH,
        LOG_LEVEL: 'warn',
        PERIMETER_PLAN: 'enterprise',
      },
    },
  ],
});
