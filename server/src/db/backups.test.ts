import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { isNotNull, sql } from 'drizzle-orm';
import { packTar, unpackTar } from 'modern-tar/fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../env';
import { lockDataDir } from '../lib/data-dir';
import { createSecretBox, loadSecretKey } from '../lib/secret-box';
import { seedRunnersAndRuns } from '../testing/operations-scene';
import { runBackupCommand, startServerProcess } from '../testing/server-process';
import { BackupRefusedError, createBackup, restoreBackup, type BackupManifest } from './backups';
import { openDatabase, type Database, type DatabaseTarget } from './client';
import { gitProviders } from './schema';
import { seedDemo } from './seed/demo';

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-backup-test-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table (Perimeter's and the migrations' journal), as PostgreSQL prints it. */
async function everyRow(database: Database): Promise<Record<string, string[]>> {
  const query = async <T>(text: string) =>
    ((await database.db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows;
  const tables = await query<{ schema: string; name: string }>(
    "select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2",
  );
  const rows: Record<string, string[]> = {};
  for (const { schema, name } of tables) {
    const result = await query<{ row: string }>(
      `select t::text as row from "${schema}"."${name}" t order by 1`,
    );
    rows[`${schema}.${name}`] = result.map((row) => row.row);
  }
  return rows;
}

/** An account with people, teams, rules, pipelines, integrations with sealed secrets, runners and runs. */
async function seed(target: DatabaseTarget, key: Buffer) {
  const database = await openDatabase(target);
  try {
    await seedDemo(database.db, createSecretBox(key));
    await seedRunnersAndRuns(database.db, new Date(), { queued: 2, running: 1, succeeded: 3 });
    const rows = await everyRow(database);
    const [provider] = await database.db
      .select({ sealed: gitProviders.credentialsSealed })
      .from(gitProviders)
      .where(isNotNull(gitProviders.credentialsSealed))
      .limit(1);
    return { rows, sealed: provider!.sealed!, plain: createSecretBox(key).open(provider!.sealed!) };
  } finally {
    await database.close();
  }
}

async function rowsOf(target: DatabaseTarget) {
  const database = await openDatabase(target);
  try {
    return await everyRow(database);
  } finally {
    await database.close();
  }
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('backup and restore of the embedded database', () => {
  let source: string;
  let seeded: Awaited<ReturnType<typeof seed>>;
  let backupFile: string;
  beforeAll(async () => {
    source = join(folder(), 'data');
    seeded = await seed({ kind: 'pglite', dataDir: source }, loadSecretKey({ dataDir: source }));
  }, 120_000);

  it('restores into a fresh folder every row of every table, and the key that opens the secrets', async () => {
    const { file, manifest } = await createBackup({ env: { DATA_DIR: source }, output: folder() });
    backupFile = file;
    expect(mode(file)).toBe(0o600);
    expect(manifest).toMatchObject({
      driver: 'pglite',
      contents: { database: 'database', secretsKey: 'included' },
    });
    expect(manifest.tables.users).toBe(seeded.rows['public.users']!.length);
    expect(manifest.tables.runs).toBe(6);

    const restored = join(folder(), 'restored');
    await restoreBackup({ env: { DATA_DIR: restored }, input: file, force: false });
    expect(await rowsOf({ kind: 'pglite', dataDir: restored })).toEqual(seeded.rows);
    expect(mode(join(restored, 'secrets.key'))).toBe(0o600);
    expect(mode(restored)).toBe(0o700);
    expect(existsSync(join(restored, 'server.lock.json'))).toBe(false);
    const box = createSecretBox(loadSecretKey({ dataDir: restored }));
    expect(box.open(seeded.sealed)).toBe(seeded.plain);
  }, 120_000);

  it('refuses to restore over a folder that is not empty, unless forced', async () => {
    const target = folder();
    writeFileSync(join(target, 'something.txt'), 'kept\n');
    await expect(
      restoreBackup({ env: { DATA_DIR: target }, input: backupFile, force: false }),
    ).rejects.toThrow(/is not empty.*--force/);
    expect(readdirSync(target)).toEqual(['something.txt']);

    await restoreBackup({ env: { DATA_DIR: target }, input: backupFile, force: true });
    expect(existsSync(join(target, 'something.txt'))).toBe(false);
    expect(await rowsOf({ kind: 'pglite', dataDir: target })).toEqual(seeded.rows);
  }, 120_000);

  it('refuses while a server uses the folder, to back up or to restore', async () => {
    const lock = lockDataDir(source);
    try {
      await expect(createBackup({ env: { DATA_DIR: source }, output: folder() })).rejects.toThrow(
        /server is using the data folder.*stop it/,
      );
      await expect(
        restoreBackup({ env: { DATA_DIR: source }, input: backupFile, force: true }),
      ).rejects.toThrow(/server is using the data folder/);
    } finally {
      lock.release();
    }
  }, 60_000);

  it('refuses what it must not do: overwrite a file, restore a stranger or into PostgreSQL', async () => {
    await expect(createBackup({ env: { DATA_DIR: source }, output: backupFile })).rejects.toThrow(
      /exists already/,
    );
    const stranger = join(folder(), 'not-a-backup.tar.gz');
    writeFileSync(stranger, 'hello');
    await expect(
      restoreBackup({ env: { DATA_DIR: folder() }, input: stranger, force: false }),
    ).rejects.toBeInstanceOf(BackupRefusedError);
    await expect(
      restoreBackup({
        env: { DATA_DIR: folder(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        input: backupFile,
        force: false,
      }),
    ).rejects.toThrow(/of the embedded database.*configured for PostgreSQL/);
    await expect(
      createBackup({ env: { DATA_DIR: join(folder(), 'empty') }, output: folder() }),
    ).rejects.toThrow(/holds no database/);
  }, 60_000);

  it('refuses a backup taken by a newer version, whose migrations this one does not know', async () => {
    const unpacked = folder();
    await pipeline(createReadStream(backupFile), createGunzip(), unpackTar(unpacked));
    const manifestFile = join(unpacked, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
    manifest.migration.newest += 1;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const newer = join(folder(), 'newer.tar.gz');
    await pipeline(packTar(unpacked), createGzip(), createWriteStream(newer));

    const target = join(folder(), 'target');
    await expect(
      restoreBackup({ env: { DATA_DIR: target }, input: newer, force: false }),
    ).rejects.toThrow(/taken by a newer version of Perimeter/);
    expect(existsSync(target)).toBe(false);
  }, 60_000);
});

describe('npm run backup and npm run restore, around a real server', () => {
  const run = runBackupCommand;

  it('backs up a stopped server’s folder, and a server starts on the restored copy', async () => {
    const dataDir = join(folder(), 'data');
    const out = folder();
    const server = startServerProcess(dataDir);
    const port = await server.listening;
    const admin = { email: 'root@example.com', name: 'Root', password: 'a long enough password' };
    const created = await fetch(`http://127.0.0.1:${port}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(created.status).toBe(201);

    const refused = run(['backup', '--output', out], { DATA_DIR: dataDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/server is using the data folder/);
    await server.stop('SIGTERM');

    const done = run(['backup', '--output', out], { DATA_DIR: dataDir });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/Backup written to .*perimeter-backup-\d{8}T\d{6}Z\.tar\.gz/);
    const [file] = readdirSync(out);

    const restoredDir = join(folder(), 'restored');
    const restored = run(['restore', join(out, file!)], { DATA_DIR: restoredDir });
    expect(restored.status).toBe(0);
    const again = run(['restore', join(out, file!)], { DATA_DIR: restoredDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);

    const onCopy = startServerProcess(restoredDir);
    const copyPort = await onCopy.listening;
    const login = await fetch(`http://127.0.0.1:${copyPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(login.status).toBe(204);
    await onCopy.stop('SIGTERM');
  }, 180_000);
});

describe.runIf(testDatabaseUrl())('backup and restore on PostgreSQL', () => {
  const serverUrl = testDatabaseUrl()!;
  const created: string[] = [];
  const newDatabase = async () => {
    const name = `perimeter_backup_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('restores into a fresh database every row of every table, and the key', async () => {
    const sourceUrl = await newDatabase();
    const keyDir = folder();
    const seeded = await seed(
      { kind: 'postgres', url: sourceUrl, poolSize: 2 },
      loadSecretKey({ dataDir: keyDir }),
    );
    const { file, manifest } = await createBackup({
      env: { DATABASE_URL: sourceUrl, DATA_DIR: keyDir },
      output: folder(),
    });
    expect(mode(file)).toBe(0o600);
    expect(manifest).toMatchObject({
      driver: 'postgres',
      contents: { database: 'database.pgdump', secretsKey: 'included' },
    });

    const targetUrl = await newDatabase();
    const targetKeys = folder();
    await restoreBackup({
      env: { DATABASE_URL: targetUrl, DATA_DIR: targetKeys },
      input: file,
      force: false,
    });
    expect(await rowsOf({ kind: 'postgres', url: targetUrl, poolSize: 1 })).toEqual(seeded.rows);
    expect(mode(join(targetKeys, 'secrets.key'))).toBe(0o600);
    expect(createSecretBox(loadSecretKey({ dataDir: targetKeys })).open(seeded.sealed)).toBe(
      seeded.plain,
    );

    await expect(
      restoreBackup({
        env: { DATABASE_URL: targetUrl, DATA_DIR: targetKeys },
        input: file,
        force: false,
      }),
    ).rejects.toThrow(/database is not empty/);
    await restoreBackup({
      env: { DATABASE_URL: targetUrl, DATA_DIR: targetKeys },
      input: file,
      force: true,
    });
    expect(await rowsOf({ kind: 'postgres', url: targetUrl, poolSize: 1 })).toEqual(seeded.rows);

    // SECRETS_KEY set: the key is the operator's to keep, not the backup's.
    const withEnvKey = await createBackup({
      env: {
        DATABASE_URL: sourceUrl,
        DATA_DIR: keyDir,
        SECRETS_KEY: loadSecretKey({ dataDir: keyDir }).toString('base64'),
      },
      output: folder(),
    });
    expect(withEnvKey.manifest.contents.secretsKey).toBe('not included: SECRETS_KEY is set');
  }, 180_000);
});
