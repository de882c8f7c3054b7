import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { packTar, unpackTar, type TarSource } from 'modern-tar/fs';
import pg from 'pg';
import type { Env } from '../env';
import {
  DataDirInUseError,
  HOLDER_FILE,
  LOCK_FILE,
  lockDataDir,
  restrictDataDir,
  type DataDirLock,
} from '../lib/data-dir';
import { migrationsFolder, newPGlite, openDatabase } from './client';

/**
 * Backups of the whole deployment's data: one `.tar.gz` file, owner-only, holding
 *
 * - `manifest.json`: what the file is, when and from which database it was taken, the last
 *   migration applied and the rows of each table (docs/operations.md, "Back up and restore");
 * - the database: the embedded database's folder (`database/`, PostgreSQL's own files, taken with
 *   the server stopped, as PGlite has no other reader than its one process), or a `pg_dump`
 *   archive in custom format (`database.pgdump`, a consistent snapshot taken while the servers
 *   run);
 * - `secrets.key`, when the key that seals stored credentials is kept in the data folder. When it
 *   comes from SECRETS_KEY, it is not in the backup (the manifest says so): keep that key apart.
 *
 * A restore goes into an empty folder or database only, unless forced, and then applies the
 * migrations of the running version, so a backup taken by an older version restores into a newer
 * one. A backup taken by a newer version than the one restoring is refused.
 */
export const BACKUP_FORMAT = 'perimeter-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const DATABASE_FOLDER = 'database';
const PG_DUMP_FILE = 'database.pgdump';
const SECRETS_KEY_FILE = 'secrets.key';
/** Files of the data folder that are not the database: the server's lock and its key. */
const NOT_DATABASE = new Set([LOCK_FILE, HOLDER_FILE, SECRETS_KEY_FILE, 'postmaster.pid']);
/** A restore's unpacked files, inside the data folder while it runs (or left by a crash). */
const RESTORE_PREFIX = '.restore-';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  driver: 'pglite' | 'postgres';
  /** The newest migration applied to the database (its `created_at`, milliseconds). */
  migration: { applied: number; newest: number };
  /** Rows of every table at the time of the backup. */
  tables: Record<string, number>;
  contents: {
    database: typeof DATABASE_FOLDER | typeof PG_DUMP_FILE;
    secretsKey: 'included' | 'not included: SECRETS_KEY is set' | 'not included: none found';
  };
}

/** The operator's mistake or a state the command will not touch: said in one sentence. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

type BackupEnv = Pick<Env, 'DATA_DIR' | 'DATABASE_URL' | 'SECRETS_KEY'>;

/** `perimeter-backup-20261207T071500Z.tar.gz`. */
export function defaultBackupName(now: Date): string {
  return `perimeter-backup-${now.toISOString().replace(/[-:]|\.\d+/g, '')}.tar.gz`;
}

// ---------------------------------------------------------------------------------------------
// Backing up

export async function createBackup(options: {
  env: BackupEnv;
  /** A file to create, or an existing folder to create it in under its default name. */
  output: string;
  now?: Date;
}): Promise<{ file: string; manifest: BackupManifest }> {
  const now = options.now ?? new Date();
  let file = resolve(options.output);
  if (existsSync(file) && (await stat(file)).isDirectory())
    file = join(file, defaultBackupName(now));
  if (existsSync(file)) {
    throw new BackupRefusedError(`${file} exists already: a backup never overwrites a file.`);
  }
  const work = await mkdtemp(join(tmpdir(), 'perimeter-backup-'));
  try {
    const { env } = options;
    const keyFile = join(resolve(env.DATA_DIR), SECRETS_KEY_FILE);
    const secretsKey: BackupManifest['contents']['secretsKey'] = env.SECRETS_KEY
      ? 'not included: SECRETS_KEY is set'
      : existsSync(keyFile)
        ? 'included'
        : 'not included: none found';
    const sources: TarSource[] = [];
    let manifest: BackupManifest;
    if (env.DATABASE_URL) {
      const dump = join(work, PG_DUMP_FILE);
      const facts = await withPgClient(env.DATABASE_URL, readFacts);
      await runPgTool('pg_dump', env.DATABASE_URL, [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${dump}`,
      ]);
      manifest = manifestOf('postgres', now, facts, PG_DUMP_FILE, secretsKey);
      sources.push({ type: 'file', source: dump, target: PG_DUMP_FILE, mode: 0o600 });
    } else {
      const dataDir = resolve(env.DATA_DIR);
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        throw new BackupRefusedError(`${dataDir} holds no database: check DATA_DIR.`);
      }
      const lock = lockOrRefuse(dataDir, 'backing it up');
      try {
        const facts = await withPGlite(dataDir, async (client) => {
          // Everything written so far goes into the data files, so the copy needs no WAL replay.
          await client.exec('checkpoint');
          return readFacts({ query: (text) => client.query(text) });
        });
        manifest = manifestOf('pglite', now, facts, DATABASE_FOLDER, secretsKey);
        await writeArchive(file, manifest, [
          ...(await folderSources(dataDir, DATABASE_FOLDER)),
          ...keySource(secretsKey, keyFile),
        ]);
        return { file, manifest };
      } finally {
        lock.release();
      }
    }
    await writeArchive(file, manifest, [...sources, ...keySource(secretsKey, keyFile)]);
    return { file, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function keySource(secretsKey: BackupManifest['contents']['secretsKey'], keyFile: string) {
  return secretsKey === 'included'
    ? [{ type: 'file' as const, source: keyFile, target: SECRETS_KEY_FILE, mode: 0o600 }]
    : [];
}

/** The data folder's files, one by one, without the server's lock and key. */
async function folderSources(dataDir: string, target: string): Promise<TarSource[]> {
  const sources: TarSource[] = [];
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const relative = path.slice(dataDir.length + 1);
    if (NOT_DATABASE.has(relative) || relative.startsWith(RESTORE_PREFIX)) continue;
    const name = `${target}/${relative}`;
    if (entry.isDirectory()) {
      sources.push({ type: 'content', content: null, target: `${name}/`, mode: 0o700 });
    } else if (entry.isFile())
      sources.push({ type: 'file', source: path, target: name, mode: 0o600 });
  }
  return sources;
}

function manifestOf(
  driver: BackupManifest['driver'],
  now: Date,
  facts: Facts,
  database: BackupManifest['contents']['database'],
  secretsKey: BackupManifest['contents']['secretsKey'],
): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    driver,
    migration: facts.migration,
    tables: facts.tables,
    contents: { database, secretsKey },
  };
}

/** Written beside its name and renamed into place: a backup that is there is whole. */
async function writeArchive(file: string, manifest: BackupManifest, sources: TarSource[]) {
  const partial = `${file}.partial`;
  const content = `${JSON.stringify(manifest, null, 2)}\n`;
  try {
    await pipeline(
      packTar([{ type: 'content', content, target: MANIFEST, mode: 0o600 }, ...sources]),
      createGzip(),
      createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
    );
    await chmod(partial, 0o600);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Restoring

export async function restoreBackup(options: {
  env: BackupEnv;
  input: string;
  force: boolean;
}): Promise<BackupManifest> {
  const { env, force } = options;
  const input = resolve(options.input);
  if (!existsSync(input)) throw new BackupRefusedError(`${input} does not exist.`);
  const dataDir = resolve(env.DATA_DIR);
  // An embedded database is unpacked inside its data folder, so that its files move into place
  // by renaming (one filesystem) and nothing is written outside the folder: in the image the
  // folder is a volume at /data, and its parent is not the server's to write.
  const unpackIn = env.DATABASE_URL ? tmpdir() : dataDir;
  // A refused restore leaves no data folder it made itself behind.
  const madeDataDir = !env.DATABASE_URL && !existsSync(dataDir);
  await mkdir(unpackIn, { recursive: true, mode: 0o700 });
  const work = await mkdtemp(join(unpackIn, RESTORE_PREFIX));
  let restored = false;
  try {
    await unpack(input, work);
    const manifest = await readManifest(work);
    const target = env.DATABASE_URL ? 'postgres' : 'pglite';
    if (manifest.driver !== target) {
      throw new BackupRefusedError(
        `This backup is of ${describeDriver(manifest.driver)}, and this server is configured for ${describeDriver(target)} (DATABASE_URL ${env.DATABASE_URL ? 'is' : 'is not'} set): restore it where it was taken from.`,
      );
    }
    const newest = await newestKnownMigration();
    if (manifest.migration.newest > newest) {
      throw new BackupRefusedError(
        'This backup was taken by a newer version of Perimeter than this one (its database has migrations this version does not know): restore it with that version or a later one.',
      );
    }
    const key = existsSync(join(work, SECRETS_KEY_FILE))
      ? (await readFile(join(work, SECRETS_KEY_FILE), 'utf8')).trim()
      : undefined;
    if (env.DATABASE_URL) {
      await restorePostgres(env.DATABASE_URL, join(work, PG_DUMP_FILE), force);
      if (key) await placeKey(dataDir, key, env, force);
    } else {
      await restorePGlite(dataDir, join(work, DATABASE_FOLDER), key, env, force);
    }
    restored = true;
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
    if (madeDataDir && !restored) await rm(dataDir, { recursive: true, force: true });
  }
}

function describeDriver(driver: BackupManifest['driver']): string {
  return driver === 'pglite' ? 'the embedded database (a data folder)' : 'PostgreSQL';
}

async function unpack(input: string, into: string) {
  try {
    await pipeline(
      createReadStream(input),
      createGunzip(),
      unpackTar(into, { fmode: 0o600, dmode: 0o700 }),
    );
  } catch (error) {
    throw new BackupRefusedError(
      `${input} is not a Perimeter backup, or it is damaged (${(error as Error).message}).`,
    );
  }
}

async function readManifest(work: string): Promise<BackupManifest> {
  let manifest: Partial<BackupManifest> | undefined;
  try {
    manifest = JSON.parse(await readFile(join(work, MANIFEST), 'utf8')) as Partial<BackupManifest>;
  } catch {
    manifest = undefined;
  }
  if (manifest?.format !== BACKUP_FORMAT) {
    throw new BackupRefusedError('This file is not a Perimeter backup: it has no manifest.');
  }
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupRefusedError(
      `This backup has format version ${manifest.formatVersion}, and this version of Perimeter reads version ${BACKUP_FORMAT_VERSION}: restore it with the version that took it or a later one.`,
    );
  }
  return manifest as BackupManifest;
}

async function newestKnownMigration(): Promise<number> {
  const journal = JSON.parse(
    await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

async function restorePGlite(
  dataDir: string,
  database: string,
  key: string | undefined,
  env: BackupEnv,
  force: boolean,
) {
  if (!existsSync(join(database, 'PG_VERSION'))) {
    throw new BackupRefusedError('This backup holds no embedded database: it is damaged.');
  }
  const existing = existsSync(dataDir)
    ? (await readdir(dataDir)).filter(
        (name) => name !== LOCK_FILE && name !== HOLDER_FILE && !name.startsWith(RESTORE_PREFIX),
      )
    : [];
  if (existing.length > 0 && !force) {
    throw new BackupRefusedError(
      `The data folder ${dataDir} is not empty: restoring would replace what it holds. Restore into an empty or new DATA_DIR, or add --force to replace it.`,
    );
  }
  const lock = lockOrRefuse(dataDir, 'restoring into it');
  try {
    for (const name of existing) await rm(join(dataDir, name), { recursive: true, force: true });
    for (const name of await readdir(database)) {
      await rename(join(database, name), join(dataDir, name));
    }
    if (key) await placeKey(dataDir, key, env, true);
    // Opened once: PostgreSQL checks its files, and this version's migrations apply.
    const opened = await openDatabase({ kind: 'pglite', dataDir });
    await opened.close();
    restrictDataDir(dataDir);
  } finally {
    lock.release();
  }
}

async function restorePostgres(url: string, dump: string, force: boolean) {
  if (!existsSync(dump)) {
    throw new BackupRefusedError('This backup holds no PostgreSQL archive: it is damaged.');
  }
  await withPgClient(url, async (client) => {
    const others = await client.query<{ count: string }>(
      'select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const connected = Number(others.rows[0]?.count ?? 0);
    if (connected > 0 && !force) {
      throw new BackupRefusedError(
        `${connected} other connection(s) use this database: stop every Perimeter server first (or add --force).`,
      );
    }
    const tables = await client.query<{ count: string }>(
      "select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    if (Number(tables.rows[0]?.count ?? 0) > 0) {
      if (!force) {
        throw new BackupRefusedError(
          'The database is not empty: restoring would replace what it holds. Restore into a new, empty database, or add --force to replace it.',
        );
      }
      // What the backup will recreate: Perimeter's tables, functions and extensions (public) and
      // the migrations' journal (drizzle).
      await client.query(
        'drop schema if exists drizzle cascade; drop schema public cascade; create schema public',
      );
    }
  });
  await runPgTool('pg_restore', url, [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    dump,
  ]);
  const opened = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  await opened.close();
}

/** Puts the backup's key where the server reads it (DATA_DIR/secrets.key), owner-only. */
async function placeKey(dataDir: string, key: string, env: BackupEnv, force: boolean) {
  if (env.SECRETS_KEY) {
    if (env.SECRETS_KEY.trim() !== key) {
      process.emitWarning(
        'SECRETS_KEY differs from the key in the backup: the restored credentials open only with the backup’s key. It was written to DATA_DIR/secrets.key; use it as SECRETS_KEY.',
      );
    } else {
      return;
    }
  }
  const file = join(dataDir, SECRETS_KEY_FILE);
  if (existsSync(file) && !force) {
    const current = (await readFile(file, 'utf8')).trim();
    if (current !== key) {
      throw new BackupRefusedError(
        `${file} holds another key than the backup's: add --force to replace it (keep a copy: what it sealed opens with it only).`,
      );
    }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

// ---------------------------------------------------------------------------------------------
// Shared

interface Facts {
  migration: BackupManifest['migration'];
  tables: Record<string, number>;
}

interface Queryable {
  query<T>(text: string): Promise<{ rows: T[] }>;
}

/** What the manifest says of the database: its newest migration and the rows of each table. */
async function readFacts(client: Queryable): Promise<Facts> {
  const migrations = await client.query<{ applied: number | string; newest: number | string }>(
    'select count(*) as applied, coalesce(max(created_at), 0) as newest from drizzle.__drizzle_migrations',
  );
  const names = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const tables: Record<string, number> = {};
  for (const { name } of names.rows) {
    const rows = await client.query<{ count: number | string }>(
      `select count(*) as count from public."${name.replaceAll('"', '""')}"`,
    );
    tables[name] = Number(rows.rows[0]?.count ?? 0);
  }
  const row = migrations.rows[0];
  return {
    migration: { applied: Number(row?.applied ?? 0), newest: Number(row?.newest ?? 0) },
    tables,
  };
}

function lockOrRefuse(dataDir: string, doing: string): DataDirLock {
  try {
    return lockDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new BackupRefusedError(
        `A Perimeter server is using the data folder ${dataDir}: stop it before ${doing} (the embedded database has one process at a time; the server can start again right after).`,
      );
    }
    throw error;
  }
}

async function withPGlite<T>(dataDir: string, use: (client: PGlite) => Promise<T>): Promise<T> {
  const client = newPGlite({ dataDir });
  try {
    await client.waitReady;
    return await use(client);
  } finally {
    await client.close();
  }
}

async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs pg_dump or pg_restore (PostgreSQL's client tools, on PATH) against `url`. The connection
 * goes through libpq's environment variables, not the command line, where any user of the
 * machine could read the password.
 */
async function runPgTool(tool: 'pg_dump' | 'pg_restore', url: string, args: string[]) {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = {
    // The tools run with the environment the command was given (PATH, locale, and any libpq
    // settings of the operator's own), with the connection added from DATABASE_URL.
    // eslint-disable-next-line no-restricted-properties -- handed on to a child, not read
    ...process.env,
    PGHOST: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || 'localhost',
    PGPORT: parsed.port || '5432',
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
    ...(parsed.username && { PGUSER: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { PGPASSWORD: decodeURIComponent(parsed.password) }),
  };
  for (const [name, variable] of [
    ['sslmode', 'PGSSLMODE'],
    ['sslrootcert', 'PGSSLROOTCERT'],
    ['sslcert', 'PGSSLCERT'],
    ['sslkey', 'PGSSLKEY'],
    ['host', 'PGHOST'],
  ] as const) {
    const value = parsed.searchParams.get(name);
    if (value) env[variable] = value;
  }
  const dbArgs = tool === 'pg_restore' ? ['--dbname', env.PGDATABASE!] : [];
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(tool, [...dbArgs, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupRefusedError(
              `${tool} was not found: install PostgreSQL's client tools (Debian: postgresql-client), of the server's major version or newer.`,
            )
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new BackupRefusedError(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
