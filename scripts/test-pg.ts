/**
 * Runs the server suite again on real PostgreSQL when TEST_DATABASE_URL is set (CI sets it);
 * each test file gets a database of its own on that server. Without it, says so and passes.
 */
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.log('TEST_DATABASE_URL is not set: the server suite ran on PGlite only.');
  process.exit(0);
}
console.log(`Running the server suite on PostgreSQL (${new URL(url).host}).`);
const result = spawnSync('vitest', ['run', '--project', 'server'], {
  stdio: 'inherit',
  env: { ...process.env, PERIMETER_TEST_ON_POSTGRES: '1' },
});
process.exit(result.status ?? 1);
