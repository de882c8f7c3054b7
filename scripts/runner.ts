/**
 * The reference runner (P-5.4): `npm run runner -- --url http://host:port --token <registration
 * token> [--name x] [--app-proxy] [--state-file path] [--once] [--step-ms N] [--debug-pause-ms N]`.
 *
 * It registers with the one-time token (or reuses the credential saved in the state file, mode
 * 0600), then polls for jobs and reports simulated step results. The address, the token and the
 * state file may come from the environment instead (PERIMETER_URL, PERIMETER_REGISTRATION_TOKEN,
 * PERIMETER_RUNNER_STATE_FILE), so that a container is configured without arguments; an argument
 * wins over its variable. Outbound HTTP only. Ctrl-C (SIGINT) or
 * SIGTERM stops it cleanly: a job in progress is reported failed first. With --once it exits once
 * a job has finished: a job it let go of at a pending-approval step keeps it polling until the
 * approved job comes back and is done. --debug-pause-ms is the pause before each step of a run
 * started in debug mode.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RunnerRefused, runRunner, type SavedRunner } from './runner-agent';

const USAGE =
  'Usage: npm run runner -- --url http://host:port --token <registration token> [--name x] [--app-proxy] [--state-file path] [--once] [--step-ms N] [--debug-pause-ms N]';

function log(line: string) {
  process.stdout.write(`${new Date().toISOString()} runner${name ? ` ${name}` : ''}: ${line}\n`);
}

let name = '';

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      name: { type: 'string' },
      'app-proxy': { type: 'boolean', default: false },
      'state-file': { type: 'string' },
      once: { type: 'boolean', default: false },
      'step-ms': { type: 'string', default: '500' },
      'debug-pause-ms': { type: 'string', default: '2000' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  name = values.name ?? '';
  const url = (values.url ?? process.env.PERIMETER_URL)?.replace(/\/+$/, '');
  if (!url || !/^https?:\/\//.test(url)) {
    process.stderr.write(
      `Give the console's address with --url (or PERIMETER_URL): http:// or https://.\n${USAGE}\n`,
    );
    return 2;
  }
  const stepMs = Number(values['step-ms']);
  if (!Number.isInteger(stepMs) || stepMs < 0) {
    process.stderr.write('--step-ms takes a whole number of milliseconds.\n');
    return 2;
  }
  const debugPauseMs = Number(values['debug-pause-ms']);
  if (!Number.isInteger(debugPauseMs) || debugPauseMs < 0) {
    process.stderr.write('--debug-pause-ms takes a whole number of milliseconds.\n');
    return 2;
  }

  const stateFile = values['state-file'] ?? (process.env.PERIMETER_RUNNER_STATE_FILE || undefined);
  let saved: SavedRunner | null = null;
  if (stateFile && existsSync(stateFile)) {
    try {
      saved = JSON.parse(readFileSync(stateFile, 'utf8')) as SavedRunner;
    } catch {
      process.stderr.write(
        `The state file ${stateFile} cannot be read; remove it to register again.\n`,
      );
      return 2;
    }
  }
  // The environment keeps the token out of the process list and npm's echo of the command.
  const token = values.token ?? process.env.PERIMETER_REGISTRATION_TOKEN;
  if (!saved && !token) {
    process.stderr.write(
      `Give the registration token with --token (or PERIMETER_REGISTRATION_TOKEN).\n${USAGE}\n`,
    );
    return 2;
  }

  const controller = new AbortController();
  const stop = (signal: string) => {
    if (controller.signal.aborted) return;
    log(`${signal}: stopping.`);
    controller.abort();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  log(`Connecting to ${url}.`);
  const result = await runRunner({
    url,
    fetch: (input, init) => fetch(input, init),
    registrationToken: token,
    saved,
    save: stateFile
      ? (state) => {
          writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
          chmodSync(stateFile, 0o600);
          log(`Saved the credential in ${stateFile}.`);
        }
      : undefined,
    appProxy: values['app-proxy'],
    once: values.once,
    stepMs,
    debugPauseMs,
    log,
    signal: controller.signal,
  });
  log(`Ran ${result.jobs} job(s).`);
  return result.reason === 'refused' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof RunnerRefused) log(error.message);
    else log(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
