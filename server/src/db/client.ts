import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { watchIdentityWrites } from './identity-writes';
import { listenOn, type Listener, type ListenerEvents } from './listener';
import * as schema from './schema';

/** One type for both drivers: everything above the client is written once. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Round-trips to the database, for the health check. */
  ping(): Promise<void>;
  /**
   * Whether the database records this build's last migration (the readiness check): false when
   * it answers with an older schema, a rejection when it does not answer.
   */
  migrated(): Promise<boolean>;
  /**
   * PostgreSQL only: calls `onPayload` with each notification on `channel`, through one
   * connection of its own that reconnects when dropped (db/listener.ts). On PGlite this process
   * is the only one, so it has nothing to hear from others.
   */
  listen?(channel: string, onPayload: (payload: string) => void, events?: ListenerEvents): Listener;
  close(): Promise<void>;
  /** PostgreSQL only: the connection pool's counts, for the metrics (metrics/metrics.ts). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** PGlite only: the whole database as a tar, to start others from (the test suite's template). */
  dump?(): Promise<Blob>;
  /**
   * PGlite only: a number that changes before and after every statement that may change a
   * session, a person or an account (db/identity-writes.ts). This process is the database's only
   * writer (the data folder is locked), so what it read stays true while the number holds; on
   * PostgreSQL other servers write too, and it is absent.
   */
  identityVersion?(): number;
}

/** The checked-in migrations; the backup tool reads their journal too (db/backups.ts). */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** When this build's newest migration was made: a database that records it is migrated. */
const latestMigration = Math.max(
  ...(
    JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
      entries: { when: number }[];
    }
  ).entries.map((entry) => entry.when),
);

/**
 * The advisory lock the servers of one PostgreSQL database take to migrate it, one after the
 * other: drizzle's migrator is not safe to run twice at once (both create its table and apply
 * the same migrations). Any constant would do; this one spells "perimetr" in ASCII.
 */
export const MIGRATION_LOCK_KEY = 0x7065_7269_6d65_7472n;

export type DatabaseTarget =
  | {
      kind: 'pglite';
      dataDir?: string;
      /** An in-memory database starts as a copy of this dump (`PGlite#dumpDataDir`). */
      template?: Blob;
    }
  | { kind: 'postgres'; url: string; poolSize?: number };

/**
 * The embedded database in the data folder does not open: PGlite stops while reading it
 * (`RuntimeError: Aborted()` from inside WebAssembly, or "PGlite failed to initialize"). The
 * message says what to do; the original error stays as the cause, out of the sentence.
 */
export class DataDirUnreadableError extends Error {
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    const reason = firstLine(cause);
    super(
      `The data folder ${dataDir} cannot be opened as a database (${reason}). Its files are ` +
        'damaged (two servers wrote to it at once, the disk filled up, a copy was taken while a ' +
        'server was running) or were written by an incompatible version. Stop every server that ' +
        'uses it, move the folder aside, and put your last backup in its place: see "Back up ' +
        'and restore" in docs/operations.md. To begin anew instead, start with an empty DATA_DIR.',
      { cause },
    );
    this.name = 'DataDirUnreadableError';
  }
}

/** The gist of PGlite's error, without Emscripten's advice or a WebAssembly stack. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (message.split('\n')[0] ?? '').replace(/\.?\s*Build with -sASSERTIONS.*$/, '').trim();
}

/** WebAssembly stopped inside PGlite: the files it was reading are not what PostgreSQL wrote. */
function isWasmAbort(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    // WebAssembly.RuntimeError, e.g. "Aborted()".
    if (e instanceof Error && (e.name === 'RuntimeError' || /^Aborted\(/.test(e.message))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A PGlite with the extensions the migrations create (pg_trgm, for the searches' indexes:
 * migration 0010). Every PGlite that migrates is made here: PostgreSQL ships its extensions, a
 * PGlite has only those it was given.
 */
export function newPGlite(options: PGliteOptions = {}): PGlite {
  return new PGlite({ ...options, extensions: { pg_trgm, ...options.extensions } });
}

/** Opens the database and applies the checked-in migrations, so a fresh folder just works. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    await migrateOnce(target.url);
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // A database that does not answer fails a request (and the readiness check) in seconds
      // instead of holding it until the client gives up.
      connectionTimeoutMillis: 5_000,
    });
    // An idle connection the server ends (a restart, a failover, a dropped test database) is an
    // 'error' event on the pool; unheard, Node would end the process. The pool discards that
    // connection and opens a new one for the next query, where any lasting failure surfaces.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema });
    return {
      db,
      driver: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      migrated: async () => isMigrated((text, values) => pool.query(text, values)),
      listen: (channel, onPayload, events) =>
        listenOn({ connectionString: target.url }, channel, onPayload, events),
      close: () => pool.end(),
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max,
      }),
    };
  }
  const dataDir = target.dataDir && resolve(target.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // No data folder means in memory: the test suite gives each file a fresh one.
  const client = dataDir
    ? newPGlite({ dataDir })
    : newPGlite(target.template ? { loadDataDir: target.template } : {});
  if (dataDir) {
    try {
      await client.waitReady;
    } catch (error) {
      throw new DataDirUnreadableError(dataDir, error);
    }
  }
  const identityVersion = watchIdentityWrites(client);
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (error) {
    // Opened, then stopped on a damaged page; a migration that is merely wrong stays as it is.
    if (dataDir && isWasmAbort(error)) throw new DataDirUnreadableError(dataDir, error);
    throw error;
  }
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    migrated: async () => isMigrated((text, values) => client.query(text, values)),
    close: () => client.close(),
    dump: () => client.dumpDataDir('none'),
    identityVersion,
  };
}

/**
 * Applies the migrations holding the database's migration lock, on a connection of its own (a
 * session lock belongs to a connection; the migrations run on that same connection, so that
 * should it drop, the lock and the migrations' transaction end together). Three servers started
 * at once on an empty database take turns: the first applies the migrations, the others then
 * find them applied and apply nothing. Should this process die while migrating, PostgreSQL ends
 * its session, which rolls the migrations back and releases the lock.
 */
async function migrateOnce(url: string): Promise<void> {
  const session = new pg.Client({ connectionString: url });
  // A dropped connection is also an 'error' event: unheard, it would end the process.
  session.on('error', () => undefined);
  await session.connect();
  try {
    await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await migratePg(drizzlePg({ client: session }), { migrationsFolder });
    await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
  } finally {
    await session.end().catch(() => undefined);
  }
}

type Query = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** Whether drizzle's table of applied migrations has this build's last one (or a later one). */
async function isMigrated(query: Query): Promise<boolean> {
  const { rows } = await query(
    'select 1 from drizzle.__drizzle_migrations where created_at >= $1 limit 1',
    [latestMigration],
  );
  return rows.length > 0;
}
