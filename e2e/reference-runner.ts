import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts the reference runner (scripts/runner.ts) as a child process, as an operator would: it
 * registers with `token` and polls `baseURL`. `options` are its own flags (`--once`,
 * `--step-ms 5000`); `output()` is what it printed so far, for a failing test's message.
 */
export function startRunner(
  baseURL: string,
  token: string,
  options: readonly string[],
): { process: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(
    'node_modules/.bin/tsx',
    ['scripts/runner.ts', '--url', baseURL, '--token', token, ...options],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output };
}
