import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServerProcess {
  process: ChildProcess;
  /** Everything it wrote so far, standard output and error. */
  output(): string;
  /** The port, once it says it is listening; rejects if it ends first. */
  listening: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Where a server process keeps its data, and what else its environment says. */
export interface ServerProcessOptions {
  /** The embedded database's folder (and secrets.key's, without `secretsKey`). */
  dataDir?: string;
  /** `postgres://…`: run on PostgreSQL, as replicas do. */
  databaseUrl?: string;
  /** SECRETS_KEY: the replicas of one database must share it. */
  secretsKey?: string;
  /** More settings (QUEUE_RECHECK_MS, PERIMETER_TEST_HOOKS, HOST, …), over the defaults. */
  env?: NodeJS.ProcessEnv;
  /** Arguments for the server (`--demo`). */
  args?: string[];
}

/**
 * The real server (server/src/index.ts, run by Node with tsx as `npm run serve` does, in one
 * process) on the embedded database in `dataDir` or on PostgreSQL, on a free port of 127.0.0.1
 * unless `options.env` says otherwise.
 */
export function startServerProcess(target: string | ServerProcessOptions): ServerProcess {
  const options = typeof target === 'string' ? { dataDir: target } : target;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    STATIC_DIR: 'server/src/testing/fixtures/spa',
  };
  // Only what the options say: nothing from the test run's own environment.
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  delete env.SECRETS_KEY;
  delete env.PERIMETER_SETUP_TOKEN;
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.secretsKey) env.SECRETS_KEY = options.secretsKey;
  Object.assign(env, options.env);
  const args = options.args ?? [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve(Number(port));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => reject(new Error(`the server ended before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  return {
    process: child,
    output: () => output,
    listening,
    exited,
    stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * `npm run backup` / `npm run restore` (server/src/backup.ts, run by Node with tsx) with the
 * environment given, and neither DATABASE_URL nor SECRETS_KEY unless given: its exit status and
 * what it printed.
 */
export function runBackupCommand(args: string[], overrides: NodeJS.ProcessEnv) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SECRETS_KEY;
  Object.assign(env, overrides);
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/src/backup.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
}
