/**
 * `npm run test:image`: builds the container images from the Containerfile and proves them the
 * way an operator meets them. Run by `.ci/run` as root (podman needs it here), not by `npm test`.
 *
 * No container registry is reachable from where this runs, so the base image is made here, from
 * Debian's archive (mmdebstrap --variant=minbase, then podman import; kept by tag, so a second
 * run skips it), and Node comes from the npm registry as the Containerfile says. Then:
 *
 * - the console on a fresh volume (PGlite): health, the first administrator through the setup
 *   token, sign-in through the API; a registration token, a pipeline, the runner image
 *   configured by environment alone, a run queued through the API that the runner's container
 *   completes; a stop with an idle keep-alive connection and the runner long-polling that ends
 *   well inside podman's grace; the same volume again in a new container;
 * - the console on PostgreSQL (a database of its own, dropped at the end): health, setup,
 *   sign-in;
 * - the image: its size (≤ 250 MB), its user (not root).
 *
 * What it starts is removed at the end, pass or fail. Settings: IMAGE_TEST_DATABASE_ADMIN_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), IMAGE_TEST_DEBIAN_MIRROR (default: this
 * machine's apt source), IMAGE_TEST_KEEP_IMAGES=1 to keep the built images.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSingleForPodman } from '../deploy/kubernetes/podman';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZE_LIMIT_BYTES = 250 * 1000 * 1000;
/** The Containerfile's APP_UID: the user the images run as. */
const APP_UID = 10001;
const BASE_TAG = 'localhost/perimeter-test-base:bookworm-minbase';
const RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const CONSOLE_TAG = `localhost/perimeter/console:test-${RUN_ID}`;
const RUNNER_TAG = `localhost/perimeter/runner:test-${RUN_ID}`;
const ADMIN_URL =
  process.env.IMAGE_TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// catatonit: the infra process of the pod that `podman play kube` makes.
const TOOLS = ['podman', 'buildah', 'mmdebstrap', 'runc', 'catatonit'];
// What a Debian machine needs besides the four tools, as measured: the id maps, the overlay
// helper and the user-mode network that podman uses.
const PACKAGES = [...TOOLS, 'uidmap', 'fuse-overlayfs', 'slirp4netns'];

const work = mkdtempSync(join(tmpdir(), 'perimeter-image-'));
const started = performance.now();

// ---- What is removed at the end --------------------------------------------------------------

const containers: string[] = [];
const volumes: string[] = [];
const databases: string[] = [];
/** Files given to `podman play kube`: `--down` removes their pods. */
const kubeFiles: string[] = [];
const secrets: string[] = [];

function cleanUp() {
  section('Clean-up');
  for (const file of kubeFiles) podman(['play', 'kube', '--down', file], { check: false });
  for (const name of secrets) podman(['secret', 'rm', name], { check: false });
  for (const name of containers)
    podman(['rm', '--force', '--volumes', '--time', '0', name], { check: false });
  for (const name of volumes) podman(['volume', 'rm', '--force', name], { check: false });
  for (const name of databases) {
    psql(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, { check: false });
  }
  if (process.env.IMAGE_TEST_KEEP_IMAGES !== '1') {
    podman(['rmi', '--force', CONSOLE_TAG, RUNNER_TAG], { check: false });
  }
  rmSync(work, { recursive: true, force: true });
}

// ---- Output ----------------------------------------------------------------------------------

let sectionStarted = performance.now();
let currentSection = '';
const timings: [string, number][] = [];

function section(title: string) {
  closeSection();
  currentSection = title;
  sectionStarted = performance.now();
  console.log(`\n==== ${title} ====`);
}

function closeSection() {
  if (currentSection) timings.push([currentSection, performance.now() - sectionStarted]);
  currentSection = '';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
  console.log(`ok: ${message}`);
}

// ---- Commands --------------------------------------------------------------------------------

interface RunOptions {
  /** Fail on a non-zero exit (default). */
  check?: boolean;
  /** Show the command's output as it runs instead of capturing it. */
  inherit?: boolean;
  input?: string;
  env?: NodeJS.ProcessEnv;
}

function run(command: string, args: string[], options: RunOptions = {}) {
  const spawnOptions: SpawnSyncOptions = {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : 'pipe',
    input: options.input,
    env: options.env ?? process.env,
  };
  const result = spawnSync(command, args, spawnOptions);
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if ((options.check ?? true) && result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal ?? result.error?.message}\n${stdout}${stderr}`,
    );
  }
  return { status: result.status, stdout: stdout.trim(), stderr: stderr.trim() };
}

function podman(args: string[], options: RunOptions = {}) {
  return run('podman', args, options);
}

function psql(url: string, sql: string, options: RunOptions = {}) {
  return run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], options);
}

function has(command: string): boolean {
  return run('sh', ['-c', `command -v ${command}`], { check: false }).status === 0;
}

// ---- The tools and their configuration -------------------------------------------------------

function installTools() {
  section('Tools');
  const missing = TOOLS.filter((tool) => !has(tool));
  if (missing.length > 0) {
    console.log(`Installing ${PACKAGES.join(' ')} (missing: ${missing.join(', ')}).`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], { inherit: true, env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], {
      inherit: true,
      env,
    });
  }
  console.log(podman(['--version']).stdout);
  console.log(run('buildah', ['--version']).stdout);

  // podman's defaults do not run a container on this kind of machine: crun is not there, and the
  // resource limits it asks for by default are above what the machine grants. A configuration of
  // this run's own, so that the machine's is left as it is.
  const hardLimit = (flag: string) => {
    const value = Number(run('bash', ['-c', `ulimit -H${flag}`]).stdout);
    return Number.isFinite(value) ? Math.min(value, 20_000) : 20_000;
  };
  const nofile = hardLimit('n');
  const nproc = hardLimit('u');
  const conf = join(work, 'containers.conf');
  writeFileSync(
    conf,
    [
      '[containers]',
      `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
      '[engine]',
      'runtime = "runc"',
      '',
    ].join('\n'),
  );
  process.env.CONTAINERS_CONF = conf;
  const driver = podman(['info', '--format', '{{.Store.GraphDriverName}}']).stdout;
  console.log(
    `CONTAINERS_CONF=${conf} (runc, nofile ${nofile}, nproc ${nproc}; storage ${driver})`,
  );
}

/** The Debian mirror this machine's apt uses, so that mmdebstrap reads the same archive. */
function debianMirror(): string {
  if (process.env.IMAGE_TEST_DEBIAN_MIRROR) return process.env.IMAGE_TEST_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    files.push(
      ...readdirSync('/etc/apt/sources.list.d').map((f) => `/etc/apt/sources.list.d/${f}`),
    );
  }
  for (const file of files.filter((f) => existsSync(f))) {
    const text = readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+)/m.exec(text.replace(/^URIs:\s*\S*-security\S*$/gm, ''))?.[1] ??
      /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s/m.exec(
        text.replace(/^deb\s+\S*-security\S*.*$/gm, ''),
      )?.[1];
    if (uri && !uri.includes('security')) return uri;
  }
  return 'http://deb.debian.org/debian';
}

function baseImage() {
  section('Base image (mmdebstrap --variant=minbase bookworm, podman import)');
  if (podman(['image', 'exists', BASE_TAG], { check: false }).status === 0) {
    console.log(`${BASE_TAG} is there from an earlier run.`);
    return;
  }
  const mirror = debianMirror();
  const rootfs = join(work, 'rootfs.tar');
  console.log(`From ${mirror}.`);
  // Like Debian's own -slim images: merged /usr without the usrmerge package (which pulls in
  // Perl), and without manuals, documentation (but the copyrights) and translations.
  run(
    'mmdebstrap',
    [
      '--variant=minbase',
      '--quiet',
      '--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr',
      '--dpkgopt=path-exclude=/usr/share/man/*',
      '--dpkgopt=path-exclude=/usr/share/doc/*',
      '--dpkgopt=path-include=/usr/share/doc/*/copyright',
      '--dpkgopt=path-exclude=/usr/share/locale/*',
      '--dpkgopt=path-exclude=/usr/share/info/*',
      'bookworm',
      rootfs,
      mirror,
    ],
    { inherit: true },
  );
  podman(['import', rootfs, BASE_TAG], { inherit: true });
  rmSync(rootfs);
}

// ---- Build -----------------------------------------------------------------------------------

/** The Containerfile's default NODE_VERSION must be the Node the tests run on. */
function checkNodeVersion() {
  const containerfile = readFileSync(join(ROOT, 'Containerfile'), 'utf8');
  const inImage = /^ARG NODE_VERSION=(\S+)$/m.exec(containerfile)?.[1];
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const tested = lock.packages['node_modules/node']?.version;
  check(
    inImage === tested,
    `the Containerfile's NODE_VERSION (${inImage}) is the node devDependency's (${tested})`,
  );
}

function build(target: 'console' | 'runner', tag: string) {
  section(`Build --target ${target}`);
  const registry = run('npm', ['config', 'get', 'registry']).stdout.replace(/\/+$/, '');
  const args = [
    'build',
    '--target',
    target,
    '--tag',
    tag,
    '--build-arg',
    `BASE_IMAGE=${BASE_TAG}`,
    '--build-arg',
    `NPM_REGISTRY=${registry}`,
    '--file',
    'Containerfile',
  ];
  // The certificate authorities this machine trusts for the npm registry (a proxy that inspects
  // TLS, a mirror with the site's own certificate), lent to `npm ci` as a build secret.
  const ca = [process.env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt'].find(
    (file) => file && existsSync(file),
  );
  if (ca) args.push('--secret', `id=npm_ca,src=${ca}`);
  const t0 = performance.now();
  run('nice', ['-n', '10', 'podman', ...args, '.'], { inherit: true });
  console.log(`Built ${tag} in ${seconds(performance.now() - t0)}.`);
}

function checkImage() {
  section('The console image: size and user');
  const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', CONSOLE_TAG]).stdout);
  console.log(`console image: ${(size / 1e6).toFixed(1)} MB (${size} bytes)`);
  const runnerSize = Number(
    podman(['image', 'inspect', '--format', '{{.Size}}', RUNNER_TAG]).stdout,
  );
  console.log(`runner image: ${(runnerSize / 1e6).toFixed(1)} MB (${runnerSize} bytes)`);
  check(size <= SIZE_LIMIT_BYTES, `the console image is at most 250 MB`);
  for (const tag of [CONSOLE_TAG, RUNNER_TAG]) {
    const user = podman(['image', 'inspect', '--format', '{{.Config.User}}', tag]).stdout;
    check(user !== '' && !/^(0|root)(:|$)/.test(user), `${tag} runs as ${user}, not root`);
    const uid = podman(['run', '--rm', '--entrypoint', 'id', tag, '-u']).stdout;
    check(uid !== '0', `id -u inside ${tag} is ${uid}`);
  }
  const contents = podman([
    'run',
    '--rm',
    '--entrypoint',
    'sh',
    CONSOLE_TAG,
    '-c',
    'ls /app /app/node_modules /app/node_modules/@electric-sql; command -v npm || echo "no npm"',
  ]).stdout;
  check(contents.includes('no npm'), 'the console image carries no npm');
  check(
    !/vite|monaco|vitest|typescript/.test(contents),
    'the console image carries no Vite, Monaco sources or test tools',
  );
}

// ---- The API, as a client sees it ------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A signed-in client: the session cookie, and the CSRF cookie echoed in X-CSRF-Token. */
class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const csrf = this.cookies.get('perimeter_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  }

  async json<T>(method: string, path: string, body: unknown, status: number): Promise<T> {
    const response = await this.call(method, path, body);
    const text = await response.text();
    if (response.status !== status) {
      throw new Error(`${method} ${path}: ${response.status}, expected ${status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function waitForHealth(
  base: string,
  container: string,
  timeoutMs = 90_000,
  path = '/api/health',
) {
  const t0 = performance.now();
  let last = '';
  while (performance.now() - t0 < timeoutMs) {
    try {
      const response = await fetch(`${base}${path}`);
      last = `${response.status} ${await response.text()}`;
      if (response.ok) {
        console.log(`GET ${path}: ${last} after ${seconds(performance.now() - t0)}`);
        return;
      }
    } catch (error) {
      last = String(error);
    }
    const state = podman(['inspect', '--format', '{{.State.Status}}', container]).stdout;
    if (state !== 'running') {
      // The server logs JSON lines on standard output, Node's own crash report on standard error.
      const logs = podman(['logs', '--tail', '60', container], { check: false });
      const exit = podman(
        ['inspect', '--format', '{{.State.ExitCode}} {{.State.Error}}', container],
        {
          check: false,
        },
      ).stdout;
      throw new Error(`${container} is ${state} (exit ${exit}):\n${logs.stdout}\n${logs.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${base}${path} did not answer 200 in time (last: ${last})`);
}

const ADMIN = {
  email: 'admin@example.com',
  name: 'Image Test',
  password: `image-${randomBytes(12).toString('base64url')}`,
};

/**
 * The first administrator through the API with the setup token the container was given, then a
 * sign-in of a fresh client. A server that answers `setupTokenRequired` must require the token
 * (403 without it); a server from before the setup token (no such field) takes the three fields.
 */
async function setUpAndSignIn(base: string, setupToken: string): Promise<Client> {
  const anonymous = new Client(base);
  const status = await anonymous.json<{ needsSetup: boolean; setupTokenRequired?: boolean }>(
    'GET',
    '/api/auth/setup',
    undefined,
    200,
  );
  check(status.needsSetup, 'a fresh database needs its first administrator');
  if ('setupTokenRequired' in status) {
    check(status.setupTokenRequired === true, 'the server requires the setup token it was given');
    const refused = await anonymous.call('POST', '/api/auth/setup', ADMIN);
    check(refused.status === 403, `setup without the token is refused (${refused.status})`);
    const wrong = await anonymous.call('POST', '/api/auth/setup', { ...ADMIN, setupToken: 'x' });
    check(wrong.status === 403, `setup with another token is refused (${wrong.status})`);
    await anonymous.json('POST', '/api/auth/setup', { ...ADMIN, setupToken }, 201);
  } else {
    console.log('note: this server has no setup token (GET /api/auth/setup does not mention it)');
    await anonymous.json('POST', '/api/auth/setup', ADMIN, 201);
  }
  console.log('POST /api/auth/setup created the first administrator');

  const client = new Client(base);
  await client.json(
    'POST',
    '/api/auth/login',
    { email: ADMIN.email, password: ADMIN.password },
    204,
  );
  const me = await client.json<{ email: string }>('GET', '/api/me', undefined, 200);
  check(me.email === ADMIN.email, `signed in through POST /api/auth/login as ${me.email}`);
  return client;
}

async function signIn(base: string): Promise<Client> {
  const client = new Client(base);
  await client.json(
    'POST',
    '/api/auth/login',
    { email: ADMIN.email, password: ADMIN.password },
    204,
  );
  const me = await client.json<{ email: string }>('GET', '/api/me', undefined, 200);
  check(me.email === ADMIN.email, `signed in again as ${me.email}`);
  return client;
}

function startConsole(name: string, port: number, env: Record<string, string>, volume?: string) {
  containers.push(name);
  const envArgs = Object.entries({ PORT: String(port), ...env }).flatMap(([key, value]) => [
    '--env',
    `${key}=${value}`,
  ]);
  podman([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    ...(volume ? ['--volume', `${volume}:/data`] : []),
    ...envArgs,
    CONSOLE_TAG,
  ]);
}

/**
 * `podman stop` with its 10 s grace: the server must stop by itself (exit 0, its log saying so)
 * well before podman would kill it. An idle keep-alive connection is open while it stops.
 */
async function stopGracefully(name: string, base: string) {
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    const req = request(`${base}/api/health`, { agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  const idle = Object.values(agent.freeSockets).flat().length;
  check(idle === 1, 'an idle keep-alive connection is open to the console');
  const t0 = performance.now();
  podman(['stop', '--time', '10', name]);
  const took = performance.now() - t0;
  agent.destroy();
  console.log(`podman stop took ${seconds(took)}`);
  const exitCode = podman(['inspect', '--format', '{{.State.ExitCode}}', name]).stdout;
  const logs = podman(['logs', name]);
  const shutdown = `${logs.stdout}\n${logs.stderr}`
    .split('\n')
    .find((line) => line.includes('"shutting down"'));
  check(shutdown !== undefined, `the server logged its graceful shutdown: ${shutdown}`);
  check(exitCode === '0', `the server exited by itself with 0 (not killed: ${exitCode})`);
  check(took < 5_000, `podman stop returned in under 5 s (${seconds(took)})`);
}

// ---- The scenarios ---------------------------------------------------------------------------

async function consoleOnVolume() {
  section('Console on a fresh volume (PGlite), with the runner image');
  const volume = `perimeter-image-test-data-${RUN_ID}`;
  const runnerVolume = `perimeter-image-test-runner-${RUN_ID}`;
  volumes.push(volume, runnerVolume);
  podman(['volume', 'create', volume]);
  podman(['volume', 'create', runnerVolume]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const name = `perimeter-image-test-console-${RUN_ID}`;
  const setupToken = randomBytes(24).toString('base64url');
  startConsole(name, port, { PERIMETER_SETUP_TOKEN: setupToken }, volume);
  await waitForHealth(base, name);
  const admin = await setUpAndSignIn(base, setupToken);

  const runner = await admin.json<{ id: string; registrationToken: string }>(
    'POST',
    '/api/runners',
    { name: 'image-test' },
    201,
  );
  check(runner.registrationToken.length > 0, 'POST /api/runners gave a registration token');
  const pipeline = await admin.json<{ id: string }>(
    'POST',
    '/api/pipelines',
    {
      name: 'image-test',
      project: 'containers',
      source: {
        type: 'inline',
        yaml: [
          "version: '1.0'",
          'stages: [test]',
          'steps:',
          '  hello:',
          '    stage: test',
          '    image: alpine:3.20',
          '    commands: [echo hello]',
          '',
        ].join('\n'),
      },
    },
    201,
  );
  check(pipeline.id, 'POST /api/pipelines created an inline pipeline');

  // The runner's container is configured by its environment alone, as a Kubernetes Deployment
  // configures it; its credential is saved on a volume (the image's default state file).
  const runnerName = `perimeter-image-test-runner-${RUN_ID}`;
  containers.push(runnerName);
  podman([
    'run',
    '--detach',
    '--name',
    runnerName,
    '--network',
    'host',
    '--volume',
    `${runnerVolume}:/var/lib/perimeter-runner`,
    '--env',
    `PERIMETER_URL=${base}`,
    '--env',
    `PERIMETER_REGISTRATION_TOKEN=${runner.registrationToken}`,
    RUNNER_TAG,
  ]);
  const queued = await admin.json<{ id: string }>(
    'POST',
    `/api/pipelines/${pipeline.id}/runs`,
    {},
    201,
  );
  const t0 = performance.now();
  let state = '';
  while (performance.now() - t0 < 60_000) {
    state = (await admin.json<{ state: string }>('GET', `/api/runs/${queued.id}`, undefined, 200))
      .state;
    if (state !== 'queued' && state !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const runnerLog = podman(['logs', runnerName]).stdout;
  console.log(runnerLog);
  check(state === 'succeeded', `the runner's container ran the run: ${state}`);
  check(
    runnerLog.includes('Saved the credential in /var/lib/perimeter-runner/state.json'),
    'the runner saved its credential on its volume',
  );
  const online = await admin.json<{ state: string }>(
    'GET',
    `/api/runners/${runner.id}`,
    undefined,
    200,
  );
  check(online.state === 'online', 'the runner is online');

  // The runner is long-polling now: the console must still stop at once.
  await stopGracefully(name, base);
  // And the runner, told to stop, stops too.
  const r0 = performance.now();
  podman(['stop', '--time', '10', runnerName]);
  const runnerExit = podman(['inspect', '--format', '{{.State.ExitCode}}', runnerName]).stdout;
  console.log(`podman stop of the runner took ${seconds(performance.now() - r0)}`);
  check(runnerExit === '0', `the runner exited by itself with 0 (${runnerExit})`);

  section('Backup and restore with the image, into a fresh volume');
  // The backup command is in the image: a one-off container on the stopped console's volume
  // writes the archive to a host folder; another unpacks it into a fresh volume.
  const backups = join(work, 'backups');
  mkdirSync(backups);
  chownSync(backups, APP_UID, 0);
  const oneOff = (args: string[], data: string) =>
    podman([
      'run',
      '--rm',
      '--volume',
      `${data}:/data`,
      '--volume',
      `${backups}:/backup`,
      '--entrypoint',
      '/usr/local/bin/node',
      CONSOLE_TAG,
      '/app/dist-server/backup.js',
      ...args,
    ]);
  const made = oneOff(['backup', '--output', '/backup'], volume).stdout;
  console.log(made);
  const [archive] = readdirSync(backups);
  check(archive?.endsWith('.tar.gz'), `the backup command wrote an archive: ${archive}`);
  const restoredVolume = `perimeter-image-test-restored-${RUN_ID}`;
  volumes.push(restoredVolume);
  podman(['volume', 'create', restoredVolume]);
  console.log(oneOff(['restore', `/backup/${archive}`], restoredVolume).stdout);
  const restored = `perimeter-image-test-restored-${RUN_ID}`;
  startConsole(restored, port, { PERIMETER_SETUP_TOKEN: setupToken }, restoredVolume);
  await waitForHealth(base, restored);
  const fromBackup = await signIn(base);
  const restoredRun = await fromBackup.json<{ state: string }>(
    'GET',
    `/api/runs/${queued.id}`,
    undefined,
    200,
  );
  check(restoredRun.state === 'succeeded', 'the restored volume has the run, succeeded');
  podman(['stop', '--time', '10', restored]);

  section('Console again on the same volume');
  const again = `perimeter-image-test-console2-${RUN_ID}`;
  startConsole(again, port, { PERIMETER_SETUP_TOKEN: setupToken }, volume);
  await waitForHealth(base, again);
  const status = await new Client(base).json<{ needsSetup: boolean }>(
    'GET',
    '/api/auth/setup',
    undefined,
    200,
  );
  check(!status.needsSetup, 'the volume kept the account');
  const client = await signIn(base);
  const run = await client.json<{ state: string }>('GET', `/api/runs/${queued.id}`, undefined, 200);
  check(run.state === 'succeeded', 'the run is still there, succeeded');
  podman(['stop', '--time', '10', again]);
}

async function consoleOnPostgres() {
  section('Console on PostgreSQL');
  const database = `perimeter_image_test_${RUN_ID}`;
  databases.push(database);
  psql(ADMIN_URL, `CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const name = `perimeter-image-test-pg-${RUN_ID}`;
  const setupToken = randomBytes(24).toString('base64url');
  startConsole(name, port, {
    DATABASE_URL: url.toString(),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    PERIMETER_SETUP_TOKEN: setupToken,
  });
  await waitForHealth(base, name);
  await setUpAndSignIn(base, setupToken);
  const emails = run('psql', [url.toString(), '-At', '-c', 'SELECT email FROM users']).stdout;
  check(emails === ADMIN.email, `the administrator is a row in ${database}: ${emails}`);
  await stopGracefully(name, base);
}

let reportedStop = false;

/**
 * Waits for the played pod's console to be ready. The pod has the Deployment's restart policy
 * (Always), so podman restarts a console that stopped, as Kubernetes would: a stop is not the
 * end of the test, but it is reported with the console's log, and the pod must still be ready
 * within the time.
 */
async function waitForPod(base: string, container: string, timeoutMs = 120_000) {
  const t0 = performance.now();
  let last = '';
  while (performance.now() - t0 < timeoutMs) {
    try {
      const response = await fetch(`${base}/api/health/ready`);
      last = `${response.status} ${await response.text()}`;
      if (response.ok) break;
    } catch (error) {
      last = String(error);
    }
    const state = podman(['inspect', '--format', '{{.State.Status}}', container]).stdout;
    if (state !== 'running' && !reportedStop) {
      reportedStop = true;
      const logs = podman(['logs', '--tail', '60', container], { check: false });
      const exit = podman(
        ['inspect', '--format', '{{.State.ExitCode}} {{.State.Error}}', container],
        { check: false },
      ).stdout;
      console.log(
        `WARNING: the pod's console is ${state} (exit ${exit}) before it was ready; podman restarts it (restartPolicy Always). Its log:\n${logs.stdout}\n${logs.stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(last.startsWith('200'), `the pod is ready: GET /api/health/ready ${last}`);
  const restarts = podman(['inspect', '--format', '{{.RestartCount}}', container]).stdout;
  console.log(
    `ready after ${seconds(performance.now() - t0)}; restarts of its console: ${restarts}`,
  );
}

async function kubernetesSingleOverlay() {
  section('deploy/kubernetes/overlays/single, played by podman play kube');
  // The overlay as kubectl renders it, with what a shared machine needs on top (the image under
  // test, host ports, names of the test's own, the Secret as a podman secret): podman.ts.
  const prefix = `perimeter-image-test-${RUN_ID}-`;
  const httpPort = await freePort();
  const metricsPort = await freePort();
  const setupToken = randomBytes(24).toString('base64url');
  const play = renderSingleForPodman({
    image: CONSOLE_TAG,
    httpHostPort: httpPort,
    metricsHostPort: metricsPort,
    namePrefix: prefix,
    secret: { 'setup-token': setupToken },
  });
  if (play.secret) {
    secrets.push(play.secret.name);
    // From a file: podman reads `-` only from a FIFO, and Node's pipes are sockets.
    const secretFile = join(work, 'secret.json');
    writeFileSync(secretFile, play.secret.content, { mode: 0o600 });
    podman(['secret', 'create', play.secret.name, secretFile]);
  }
  const file = join(work, 'single.yaml');
  writeFileSync(file, play.yaml);
  kubeFiles.push(file);
  volumes.push(`${prefix}perimeter-data`);
  podman(['play', 'kube', file]);
  const pod = `${prefix}perimeter-pod-0`;
  const container = `${pod}-console`;
  const base = `http://127.0.0.1:${httpPort}`;
  await waitForPod(base, container);
  const live = await fetch(`${base}/api/health/live`);
  check(live.status === 200, `the pod is live: ${live.status}`);
  const uid = podman(['exec', container, 'id', '-u']).stdout;
  check(uid === '10001', `the console runs as user ${uid} in the pod`);
  // The overlay's read-only root filesystem, and the database on the claim's volume.
  const writes = podman(
    ['exec', container, 'sh', '-c', 'touch /app/x 2>&1; ls -d /data/perimeter'],
    {
      check: false,
    },
  ).stdout;
  check(/Read-only file system/.test(writes), `the root filesystem is read-only: ${writes}`);
  check(writes.includes('/data/perimeter'), 'PGlite is in /data/perimeter, on the claim');
  await setUpAndSignIn(base, setupToken);
  const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  const text = await metrics.text();
  check(
    metrics.status === 200 && text.includes('perimeter_http_requests_total'),
    'the metrics port (METRICS_PORT from the overlay) answers Prometheus text',
  );
  const t0 = performance.now();
  podman(['pod', 'stop', '--time', '10', pod]);
  console.log(`podman pod stop took ${seconds(performance.now() - t0)}`);
  const exitCode = podman(['inspect', '--format', '{{.State.ExitCode}}', container]).stdout;
  check(exitCode === '0', `the console in the pod stopped by itself with 0 (${exitCode})`);
}

// ---- Main ------------------------------------------------------------------------------------

let failed = false;
try {
  installTools();
  baseImage();
  section('Node version');
  checkNodeVersion();
  build('console', CONSOLE_TAG);
  build('runner', RUNNER_TAG);
  checkImage();
  await consoleOnVolume();
  await consoleOnPostgres();
  await kubernetesSingleOverlay();
} catch (error) {
  failed = true;
  closeSection();
  console.error(`\nFAILED: ${error instanceof Error ? error.message : String(error)}`);
  for (const name of containers) {
    const logs = podman(['logs', '--tail', '40', name], { check: false });
    console.error(`\n---- last lines of ${name} ----\n${logs.stdout}\n${logs.stderr}`);
  }
} finally {
  cleanUp();
  closeSection();
  console.log('\n==== Timings ====');
  for (const [title, ms] of timings) console.log(`${seconds(ms).padStart(8)}  ${title}`);
  console.log(`${seconds(performance.now() - started).padStart(8)}  in all`);
  console.log(failed ? 'test:image FAILED' : 'test:image passed');
}
process.exit(failed ? 1 : 0);
