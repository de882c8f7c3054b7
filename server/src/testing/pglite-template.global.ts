/**
 * Vitest global setup of the server project: makes one migrated PGlite database, dumps it to a
 * file, and tells every test file where it is (PERIMETER_TEST_PGLITE_TEMPLATE). A test file's
 * database then starts as a copy of it, which skips PGlite's initdb: about 3 s of WebAssembly
 * per file, most of the server suite's start-up (docs/performance.md, "Test suite").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client';
import { testDatabaseUrl } from '../env';
import { PGLITE_TEMPLATE_ENV } from './test-database';

export default async function setup(): Promise<() => void> {
  // On PostgreSQL (npm run test:server:pg) no file opens a PGlite: skip making the template.
  if (testDatabaseUrl()) return () => undefined;
  const folder = mkdtempSync(join(tmpdir(), 'perimeter-pglite-'));
  const file = join(folder, 'migrated.tar');
  const database = await openDatabase({ kind: 'pglite' });
  const dump = await database.dump!();
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env[PGLITE_TEMPLATE_ENV] = file;
  return () => rmSync(folder, { recursive: true, force: true });
}
