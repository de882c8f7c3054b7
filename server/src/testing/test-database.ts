import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client';
import { testDatabaseUrl } from '../env';

/** Where the server project's global setup left a migrated PGlite dump (pglite-template.global.ts). */
export const PGLITE_TEMPLATE_ENV = 'PERIMETER_TEST_PGLITE_TEMPLATE';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default (a copy of the
 * suite's migrated template when there is one), or a new database on the PostgreSQL server of
 * TEST_DATABASE_URL (dropped again on close).
 */
export async function openTestDatabase(): Promise<Database> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) {
    const template = process.env[PGLITE_TEMPLATE_ENV];
    return openDatabase({
      kind: 'pglite',
      ...(template && { template: new Blob([await readFile(template)]) }),
    });
  }

  const name = `perimeter_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  return {
    ...database,
    close: async () => {
      // A test may have closed the pool on purpose (to see the server fail well).
      await database.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
