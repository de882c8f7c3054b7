import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * One server per data folder. The embedded database (PGlite) has no lock of its own: two servers
 * on one folder both start, each sees only its own writes, and the folder ends up damaged.
 *
 * The lock is an operating-system file lock, which the kernel releases when the process ends,
 * however it ends (a crash, `kill -9`, an out-of-memory kill): nothing stale is left to clean up
 * and no pid is trusted. Node has no `flock`, but its built-in SQLite takes POSIX advisory
 * locks (`fcntl`; LockFileEx on Windows) on its database file, so `server.lock` is an empty
 * SQLite database held in an open write transaction (`BEGIN IMMEDIATE`) for the server's
 * lifetime; a second server's `BEGIN IMMEDIATE` fails at once with SQLITE_BUSY. Servers in other
 * containers on the same host and volume are refused too (the lock is on the file, not a pid).
 * docs/decisions.md ("One server per data folder") has the alternatives and the limits.
 */

export const LOCK_FILE = 'server.lock';
/** Who holds the lock, for the sentence a refused server says. Informative only. */
export const HOLDER_FILE = 'server.lock.json';

export interface DataDirHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Gives the folder up (at a clean stop; the kernel does it anyway when the process ends). */
  release(): void;
}

/** Another server holds the folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder | undefined,
  ) {
    const who = holder
      ? `Another Perimeter server (pid ${holder.pid} on ${holder.hostname}, started ${holder.startedAt})`
      : 'Another Perimeter server';
    super(
      `${who} is using the data folder ${dataDir}. Only one server may use a data folder at a ` +
        'time: stop that server first, or give this one a DATA_DIR of its own (servers that ' +
        'share data share a PostgreSQL database through DATABASE_URL instead).',
    );
    this.name = 'DataDirInUseError';
  }
}

/** The folder cannot be created, locked or written. */
export class DataDirUnusableError extends Error {
  constructor(
    readonly dataDir: string,
    readonly reason: string,
  ) {
    super(
      `The data folder ${dataDir} cannot be used (${reason}). Check that it exists or can be ` +
        'created, and that the user running Perimeter owns it and may write to it.',
    );
    this.name = 'DataDirUnusableError';
  }
}

function isBusy(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: unknown; message?: unknown };
  // SQLITE_BUSY (5), or SQLITE_LOCKED (6) within one process.
  return errcode === 5 || errcode === 6 || /database is locked/i.test(String(message));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(dataDir: string): DataDirHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as DataDirHolder;
    if (typeof holder.pid !== 'number' || typeof holder.hostname !== 'string') return undefined;
    return holder;
  } catch {
    return undefined;
  }
}

/**
 * The holder's details, if they are about a live process: the file may still name a server
 * that was killed when its successor has not yet written its own (a moment after taking the lock).
 */
function currentHolder(dataDir: string): DataDirHolder | undefined {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const holder = readHolder(dataDir);
    if (holder && (holder.hostname !== hostname() || pidAlive(holder.pid))) return holder;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return undefined;
}

/**
 * Creates the folder owner-only if it is missing, and takes it for this process: throws
 * DataDirInUseError when another server holds it, DataDirUnusableError when it cannot be used.
 */
export function lockDataDir(dataDir: string, startedAt: Date = new Date()): DataDirLock {
  const dir = resolve(dataDir);
  let lock: DatabaseSync;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    lock = new DatabaseSync(join(dir, LOCK_FILE));
  } catch (error) {
    throw new DataDirUnusableError(dir, (error as Error).message);
  }
  try {
    lock.exec('BEGIN IMMEDIATE');
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw new DataDirInUseError(dir, currentHolder(dir));
    throw new DataDirUnusableError(dir, (error as Error).message);
  }
  const holder: DataDirHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: startedAt.toISOString(),
  };
  // Written whole, then renamed into place: a refused server never reads half of it.
  const temporary = join(dir, `${HOLDER_FILE}.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  renameSync(temporary, join(dir, HOLDER_FILE));
  let released = false;
  return {
    dataDir: dir,
    release() {
      if (released) return;
      released = true;
      // The details go first: while the lock is still held, no successor can have written its own.
      rmSync(join(dir, HOLDER_FILE), { force: true });
      lock.close();
    },
  };
}

/**
 * Makes the folder and everything in it owner-only (folders 0700, files without group or other
 * bits), whatever made them: PGlite copies its initial files as 0666 and rewrites a few caches
 * as 0644, whatever the process's umask. Answers what it could not change (not its owner).
 */
export function restrictDataDir(dataDir: string): string[] {
  const dir = resolve(dataDir);
  const failures: string[] = [];
  const restrict = (path: string) => {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) return;
      const wanted = stat.isDirectory() ? 0o700 : stat.mode & 0o700;
      if ((stat.mode & 0o777) !== wanted) chmodSync(path, wanted);
    } catch (error) {
      // Gone in the meantime (PostgreSQL removes its temporary files) is fine.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
  };
  restrict(dir);
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      restrict(join(entry.parentPath, entry.name));
    }
  } catch (error) {
    failures.push(`${dir}: ${(error as Error).message}`);
  }
  return failures;
}
