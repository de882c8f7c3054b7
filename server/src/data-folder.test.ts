import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, HOLDER_FILE, lockDataDir } from './lib/data-dir';
import { Browser, poll, registerRunner, settled } from './testing/process-client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

const folders: string[] = [];
const servers: ServerProcess[] = [];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-data-'));
  folders.push(dir);
  return join(dir, 'data');
}

function start(dataDir: string): ServerProcess {
  const server = startServerProcess(dataDir);
  servers.push(server);
  return server;
}

/** Owner-only: no permission bit for the group or others, on the folder and everything in it. */
function openToOthers(dataDir: string): string[] {
  const entries = [dataDir, ...readdirSync(dataDir, { recursive: true, encoding: 'utf8' })];
  return entries
    .map((entry) => (entry === dataDir ? dataDir : join(dataDir, entry)))
    .filter((path) => (statSync(path).mode & 0o077) !== 0)
    .map((path) => `${path} ${(statSync(path).mode & 0o777).toString(8)}`);
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop('SIGKILL');
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('one server per data folder', () => {
  it('refuses a second server, naming the folder and the first; a killed server does not block a restart, and its data is there', async () => {
    const dataDir = folder();
    const first = start(dataDir);
    const port = await first.listening;
    const setup = await fetch(`http://127.0.0.1:${port}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada', password: 'a long password' }),
    });
    expect(setup.status).toBe(201);

    const second = start(dataDir);
    const outcome = await Promise.race([
      second.exited,
      second.listening.then((listeningOn) => ({ listeningOn })),
    ]);
    expect(outcome).toEqual({ code: 1, signal: null });
    const sentence = (JSON.parse(second.output()) as { msg: string }).msg;
    expect(sentence).toContain(`Another Perimeter server (pid ${first.process.pid} on `);
    expect(sentence).toContain(`is using the data folder ${dataDir}.`);
    // The first one carries on, untouched.
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    // Killed without a chance to clean up: the kernel releases the lock with the process.
    expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');
    const restarted = start(dataDir);
    const again = await restarted.listening;
    const status = await (await fetch(`http://127.0.0.1:${again}/api/auth/setup`)).json();
    expect(status).toEqual({
      needsSetup: false,
      setupTokenRequired: false,
      passwordResetByMail: false,
    });

    expect(await restarted.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('keeps the folder and every file in it owner-only, also those an older version left open', async () => {
    const dataDir = folder();
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'left-by-an-older-version'), 'x', { mode: 0o644 });
    chmodSync(join(dataDir, 'left-by-an-older-version'), 0o644);
    expect(openToOthers(dataDir)).toHaveLength(2);

    const server = start(dataDir);
    await server.listening;
    expect(openToOthers(dataDir)).toEqual([]);
    expect(statSync(join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, HOLDER_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'base')).mode & 0o777).toBe(0o700);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(openToOthers(dataDir)).toEqual([]);
  }, 120_000);

  it('ends the start on a damaged folder with what to do, not a WebAssembly stack', async () => {
    const dataDir = folder();
    // A database folder as PGlite writes it, then damaged: its control file zeroed, its log gone.
    const pglite = new PGlite(dataDir);
    await pglite.query('create table kept (id int)');
    await pglite.close();
    writeFileSync(join(dataDir, 'global', 'pg_control'), Buffer.alloc(100));
    for (const file of readdirSync(join(dataDir, 'pg_wal'))) {
      rmSync(join(dataDir, 'pg_wal', file), { recursive: true, force: true });
    }

    const server = start(dataDir);
    expect((await server.exited).code).toBe(1);
    // One log line, and nothing else on either output.
    const output = server.output();
    expect(output.trim().split('\n')).toHaveLength(1);
    const line = JSON.parse(output) as { level: number; msg: string };
    expect(line.level).toBe(60);
    expect(line.msg).toContain(`The data folder ${dataDir} cannot be opened as a database`);
    expect(line.msg).toContain('put your last backup in its place');
    expect(line.msg).toContain('"Back up and restore" in docs/operations.md');
    expect(output).not.toMatch(/wasm:\/\/|\n\s+at |-sASSERTIONS/);
  }, 120_000);
});

describe('stopping', () => {
  it('on SIGTERM, answers a runner’s waiting long-poll with no job at once and stops without waiting for it', async () => {
    const server = start(folder());
    const at = { url: `http://127.0.0.1:${await server.listening}` };
    const setup = await fetch(`${at.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada', password: 'a long password' }),
    });
    expect(setup.status).toBe(201);
    const admin = new Browser();
    await admin.signIn(at, 'ada@example.com', 'a long password');
    const credential = await registerRunner(admin, at, 'at-shutdown');

    const waiting = poll(at, credential, 25);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await settled(waiting)).toBe(false);
    const signalledAt = performance.now();
    const exited = server.stop('SIGTERM');
    const answer = await waiting;
    expect(answer.job).toBeNull();
    expect(answer.at - signalledAt).toBeLessThan(1000);
    expect(await exited).toEqual({ code: 0, signal: null });
    // Not the 10 s after which a stop that hangs is cut short.
    expect(performance.now() - signalledAt).toBeLessThan(5000);
  }, 120_000);
});

describe('the data folder lock', () => {
  it('is held by one holder at a time, and given up on release', () => {
    const dataDir = folder();
    const held = lockDataDir(dataDir, new Date('2026-01-05T09:00:00Z'));
    let refusal: unknown;
    try {
      lockDataDir(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as DataDirInUseError).holder).toMatchObject({
      pid: process.pid,
      startedAt: '2026-01-05T09:00:00.000Z',
    });
    // The refused attempt closed its own handle on the file; the holder still holds it.
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    held.release();
    lockDataDir(dataDir).release();
  });
});
