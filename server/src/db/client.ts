import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

/** One type for both drivers: everything above the client is written once. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Round-trips to the database, for the health check. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tar, to start others from (the test suite's template). */
  dump?(): Promise<Blob>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type DatabaseTarget =
  | {
      kind: 'pglite';
      dataDir?: string;
      /** An in-memory database starts as a copy of this dump (`PGlite#dumpDataDir`). */
      template?: Blob;
    }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** Opens the database and applies the checked-in migrations, so a fresh folder just works. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection the server ends (a restart, a failover, a dropped test database) is an
    // 'error' event on the pool; unheard, Node would end the process. The pool discards that
    // connection and opens a new one for the next query, where any lasting failure surfaces.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema });
    await migratePg(db, { migrationsFolder });
    return {
      db,
      driver: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // No data folder means in memory: the test suite gives each file a fresh one.
  const client = target.dataDir
    ? new PGlite(target.dataDir)
    : new PGlite(target.template ? { loadDataDir: target.template } : {});
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
    dump: () => client.dumpDataDir('none'),
  };
}
