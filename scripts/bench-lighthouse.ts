/**
 * `npm run bench:lighthouse`: Lighthouse (desktop preset) on the console's screens, signed in,
 * beside the stack's floor (bench/lighthouse-floor: Vite, React, MUI, react-router and
 * react-query with an app bar, a drawer and a 20-row table, and Monaco with monaco-yaml on a lazy
 * route), in the same rounds, so that the figures of a loaded machine still compare.
 *
 * 1. Builds the console (`vite build --outDir <tmp>`), and the floor with Vite's API.
 * 2. Serves the console with the real server on the demo account (`--demo`: an in-memory
 *    database) and the floor with a static server of its own (gzip, as the console's server).
 * 3. Per round, per screen: a fresh Chromium (Debian's, never a download) per Lighthouse run;
 *    signed-in screens get the session cookies of a sign-in through the API first.
 * 4. Prints a Markdown table of medians (performance, accessibility, best practices, FCP, LCP,
 *    TBT, CLS) per screen, and every accessibility or best-practices audit that failed, with
 *    its elements.
 *
 * Options (environment):
 * - LIGHTHOUSE_SCREENS: a comma-separated subset of sign-in, pipelines, people, permissions,
 *   clusters, editor (default all).
 * - LIGHTHOUSE_RUNS: runs per screen and app (default 5).
 * - LIGHTHOUSE_BASELINE: another checkout (e.g. a worktree of main, with node_modules), whose
 *   console is built and served too and measured in the same rounds, alternating.
 * - LIGHTHOUSE_FLOOR=0: leaves the floor out.
 * - LIGHTHOUSE_JSON=<file>: also writes every run's figures and failures there.
 *
 * It prints figures and fails only when something does not work (a signed-in screen that
 * lands on the sign-in page, a Lighthouse runtime error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import puppeteer, { type CookieData } from 'puppeteer-core';
import { build } from 'vite';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/chromium';

const ROOT = path.join(import.meta.dirname, '..');
const FLOOR = path.join(ROOT, 'bench', 'lighthouse-floor');
const DEMO = { email: 'ada@example.com', password: 'perimeter-demo' };
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS) || 5);
const BASELINE = process.env.LIGHTHOUSE_BASELINE
  ? path.resolve(process.env.LIGHTHOUSE_BASELINE)
  : '';
const WITH_FLOOR = process.env.LIGHTHOUSE_FLOOR !== '0';

type Screen = {
  name: string;
  /** The console's path; the editor's is found on each server (an inline pipeline). */
  path: string | ((origin: string, cookie: string) => Promise<string>);
  signedIn: boolean;
  /** The floor's page that this screen compares with. */
  floor: '/' | '/editor';
};

const SCREENS: Screen[] = [
  { name: 'sign-in', path: '/sign-in', signedIn: false, floor: '/' },
  { name: 'pipelines', path: '/pipelines', signedIn: true, floor: '/' },
  { name: 'people', path: '/admin/people', signedIn: true, floor: '/' },
  { name: 'permissions', path: '/admin/permissions', signedIn: true, floor: '/' },
  { name: 'clusters', path: '/clusters', signedIn: true, floor: '/' },
  {
    name: 'editor',
    path: async (origin, cookie) => {
      const response = await fetch(`${origin}/api/pipelines?source=inline&pageSize=1`, {
        headers: { cookie },
      });
      const page = (await response.json()) as { items?: { id: string }[] };
      const id = page.items?.[0]?.id;
      if (!id) throw new Error(`${origin}: the demo account has no inline pipeline`);
      return `/pipelines/${id}/definition`;
    },
    signedIn: true,
    floor: '/editor',
  },
];

const chosen = (process.env.LIGHTHOUSE_SCREENS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = chosen.filter((name) => !SCREENS.some((screen) => screen.name === name));
if (unknown.length > 0) {
  throw new Error(
    `LIGHTHOUSE_SCREENS: unknown ${unknown.join(', ')} (${SCREENS.map((s) => s.name).join(', ')})`,
  );
}
const screens = chosen.length > 0 ? SCREENS.filter((s) => chosen.includes(s.name)) : SCREENS;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const cleanups: (() => void)[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perimeter-lighthouse-'));
cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} in ${cwd}: exit ${code}`)),
    );
  });
}

/** `vite build --outDir <tmp>` in a checkout, with that checkout's Vite. */
async function buildConsole(checkout: string, label: string): Promise<string> {
  const outDir = path.join(tmp, label);
  console.error(`Building ${label} (${checkout}) into ${outDir}`);
  const vite = path.join(checkout, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    checkout,
  );
  return outDir;
}

async function buildFloor(): Promise<string> {
  const outDir = path.join(tmp, 'floor');
  console.error(`Building the floor into ${outDir}`);
  await build({
    root: FLOOR,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    worker: { format: 'es' },
    // Monaco's chunk is larger than Vite's warning threshold, as in the console.
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5_000 },
  });
  return outDir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(origin: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`The server for ${origin} ended.`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server for ${origin} did not start.`);
}

/** The real server of a checkout on the demo account, serving `dist`. */
async function serveConsole(checkout: string, dist: string): Promise<string> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
  // The demo runs on an in-memory database: a developer's DATABASE_URL must not reach it.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts', '--demo'], {
    cwd: checkout,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: dist,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => child.kill());
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealth(origin, child);
  return origin;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);

/** A static server for the floor: gzip and immutable assets, as the console's server does. */
async function serveFloor(dist: string): Promise<string> {
  const files = new Map<string, { body: Buffer; gzip: Buffer | null; type: string }>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        const ext = path.extname(file);
        const body = fs.readFileSync(file);
        const urlPath = `/${path.relative(dist, file).split(path.sep).join('/')}`;
        files.set(urlPath, {
          body,
          gzip: COMPRESSIBLE.has(ext) ? gzipSync(body) : null,
          type: TYPES[ext] ?? 'application/octet-stream',
        });
      }
    }
  };
  walk(dist);
  const server = http.createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://floor').pathname;
    const file = files.get(urlPath) ?? files.get('/index.html')!;
    const gzip = file.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    response.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': urlPath.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    });
    response.end(gzip ? file.gzip : file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** Signs in as the demo administrator through the API: the cookies, for CDP and for fetch. */
async function signIn(origin: string): Promise<{ cookies: CookieData[]; header: string }> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(DEMO),
  });
  if (response.status !== 204) throw new Error(`${origin}: sign-in answered ${response.status}`);
  const cookies = response.headers.getSetCookie().map((line): CookieData => {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const flags = attributes.map((attribute) => attribute.toLowerCase());
    const sameSite = attributes
      .find((attribute) => /^samesite=/i.test(attribute))
      ?.split('=')[1]
      ?.toLowerCase();
    return {
      name: pair.slice(0, equals),
      value: pair.slice(equals + 1),
      domain: '127.0.0.1',
      path: '/',
      httpOnly: flags.includes('httponly'),
      secure: flags.includes('secure'),
      ...(sameSite === 'strict'
        ? { sameSite: 'Strict' as const }
        : sameSite === 'lax'
          ? { sameSite: 'Lax' as const }
          : {}),
    };
  });
  return { cookies, header: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') };
}

type Figures = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
};
/** A failed audit of accessibility or best practices: its id, title and the elements or URLs. */
type Failure = { category: string; id: string; title: string; items: string[] };

const score = (lhr: Result, category: string) =>
  Math.round((lhr.categories[category]?.score ?? 0) * 100);
const numeric = (lhr: Result, audit: string) => lhr.audits[audit]?.numericValue ?? NaN;

function itemLabel(item: Record<string, unknown>): string {
  const node = item.node as { selector?: string; snippet?: string } | undefined;
  if (node?.selector) return `${node.selector} ${node.snippet ?? ''}`.trim();
  for (const key of ['description', 'url', 'scriptUrl', 'source', 'label']) {
    const value = item[key];
    if (typeof value === 'string' && value) return value;
    if (value && typeof value === 'object' && 'url' in value) return String(value.url);
  }
  return JSON.stringify(item).slice(0, 200);
}

function failures(lhr: Result): Failure[] {
  const out: Failure[] = [];
  for (const category of ['accessibility', 'best-practices']) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'manual') continue;
      const details = audit.details as { items?: Record<string, unknown>[] } | undefined;
      out.push({
        category,
        id: ref.id,
        title: audit.title,
        items: (details?.items ?? []).map(itemLabel),
      });
    }
  }
  return out;
}

class LighthouseRunError extends Error {}

async function lighthouseRun(
  url: string,
  cookies: CookieData[] | null,
): Promise<{ figures: Figures; failures: Failure[]; finalUrl: string }> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_LAUNCH_OPTIONS.executablePath,
    args: CHROMIUM_LAUNCH_OPTIONS.args,
    headless: true,
  });
  try {
    if (cookies) await browser.setCookie(...cookies);
    const page = await browser.newPage();
    const result = await lighthouse(
      url,
      {
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        disableFullPageScreenshot: true,
      },
      desktopConfig,
      page,
    );
    if (!result) throw new Error(`${url}: Lighthouse gave no result`);
    const lhr = result.lhr;
    if (lhr.runtimeError)
      throw new LighthouseRunError(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return {
      figures: {
        performance: score(lhr, 'performance'),
        accessibility: score(lhr, 'accessibility'),
        bestPractices: score(lhr, 'best-practices'),
        fcp: numeric(lhr, 'first-contentful-paint'),
        lcp: numeric(lhr, 'largest-contentful-paint'),
        tbt: numeric(lhr, 'total-blocking-time'),
        cls: numeric(lhr, 'cumulative-layout-shift'),
      },
      failures: failures(lhr),
      finalUrl: lhr.finalDisplayedUrl,
    };
  } finally {
    await browser.close();
  }
}

/**
 * Lighthouse now and then fails to record a trace on a loaded machine (NO_NAVSTART,
 * NO_FCP): such a run is repeated, twice at most.
 */
async function withRetries<T>(url: string, attempt: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= 2 || !(error instanceof LighthouseRunError)) throw error;
      console.error(`${url}: ${error.message}; running it again`);
    }
  }
}

type App = { label: string; origin: string; console: boolean };
type Sample = {
  screen: string;
  app: string;
  run: number;
  /** The one-minute load average when the run ended. */
  load: number;
  figures: Figures;
  failures: Failure[];
};

async function main() {
  const apps: App[] = [];
  const dist = await buildConsole(ROOT, 'console');
  const baseDist = BASELINE ? await buildConsole(BASELINE, 'baseline') : '';
  const floorDist = WITH_FLOOR ? await buildFloor() : '';
  apps.push({ label: 'console', origin: await serveConsole(ROOT, dist), console: true });
  if (BASELINE) {
    apps.push({ label: 'baseline', origin: await serveConsole(BASELINE, baseDist), console: true });
  }
  const floorOrigin = WITH_FLOOR ? await serveFloor(floorDist) : '';

  // Each console's paths (the editor's pipeline differs per server).
  const paths = new Map<string, string>();
  for (const app of apps) {
    const { header } = await signIn(app.origin);
    for (const screen of screens) {
      const resolved =
        typeof screen.path === 'string' ? screen.path : await screen.path(app.origin, header);
      paths.set(`${app.label}:${screen.name}`, resolved);
    }
  }

  const samples: Sample[] = [];
  const started = Date.now();
  for (let round = 0; round < RUNS; round += 1) {
    for (const screen of screens) {
      // The consoles alternate which goes first; the floor follows them.
      const order = round % 2 === 0 ? apps : [...apps].reverse();
      const targets = [
        ...order.map((app) => ({
          app: app.label,
          url: `${app.origin}${paths.get(`${app.label}:${screen.name}`)!}`,
          origin: app.origin,
          signedIn: screen.signedIn,
        })),
        ...(WITH_FLOOR
          ? [{ app: 'floor', url: `${floorOrigin}${screen.floor}`, origin: '', signedIn: false }]
          : []),
      ];
      for (const target of targets) {
        const cookies = target.signedIn ? (await signIn(target.origin)).cookies : null;
        const result = await withRetries(target.url, () => lighthouseRun(target.url, cookies));
        const finalPath = new URL(result.finalUrl).pathname;
        if (target.signedIn && finalPath === '/sign-in') {
          throw new Error(`${target.url}: landed on the sign-in page (the session was not taken)`);
        }
        samples.push({
          screen: screen.name,
          app: target.app,
          run: round + 1,
          load: os.loadavg()[0]!,
          figures: result.figures,
          failures: result.failures,
        });
        // Written after every run, so that a run that fails later keeps what was measured.
        if (process.env.LIGHTHOUSE_JSON) {
          fs.writeFileSync(process.env.LIGHTHOUSE_JSON, `${JSON.stringify(samples, null, 2)}\n`);
        }
        const f = result.figures;
        console.error(
          `round ${round + 1}/${RUNS} ${screen.name} ${target.app}: performance ${f.performance}, ` +
            `TBT ${Math.round(f.tbt)} ms, LCP ${Math.round(f.lcp)} ms ` +
            `(${Math.round((Date.now() - started) / 1000)} s, load ${os.loadavg()[0]!.toFixed(2)})`,
        );
      }
    }
  }

  if (process.env.LIGHTHOUSE_JSON) {
    fs.writeFileSync(process.env.LIGHTHOUSE_JSON, `${JSON.stringify(samples, null, 2)}\n`);
  }
  printTable(samples, [...apps.map((app) => app.label), ...(WITH_FLOOR ? ['floor'] : [])]);
  printFailures(
    samples,
    apps.map((app) => app.label),
  );
}

/**
 * The medians per screen and app. Beside each console, the floor-relative figures, paired by
 * round (the floor runs right after the consoles in each round, so both saw about the same load):
 * the median of the rounds' performance differences and of their TBT ratios.
 */
function printTable(samples: Sample[], labels: string[]) {
  const load = os.loadavg().map((value) => value.toFixed(2));
  console.log(
    `\nLighthouse ${lighthouseVersion()}, desktop preset, medians of ${RUNS} ` +
      `(load average at the end: ${load.join(', ')}; ${os.cpus().length} cores)\n`,
  );
  console.log(
    '| screen | app | performance | accessibility | best practices | FCP ms | LCP ms | TBT ms | CLS | performance − floor | TBT ÷ floor | performance runs |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const screen of screens) {
    const floorRuns = samples.filter((s) => s.screen === screen.name && s.app === 'floor');
    const floorOf = (run: number) => floorRuns.find((s) => s.run === run)?.figures;
    for (const label of labels) {
      const runs = samples.filter((s) => s.screen === screen.name && s.app === label);
      if (runs.length === 0) continue;
      const m = (key: keyof Figures) => median(runs.map((s) => s.figures[key]));
      const app = label === 'floor' ? `floor (${screen.floor === '/' ? 'list' : 'Monaco'})` : label;
      const paired = runs.flatMap((s) => {
        const floor = floorOf(s.run);
        return floor && label !== 'floor' ? [{ sample: s.figures, floor }] : [];
      });
      const versusFloor =
        paired.length > 0
          ? `${median(paired.map((p) => p.sample.performance - p.floor.performance))} | ` +
            `${median(paired.map((p) => p.sample.tbt / Math.max(1, p.floor.tbt))).toFixed(1)}`
          : '— | —';
      console.log(
        `| ${screen.name} | ${app} | ${m('performance')} | ${m('accessibility')} | ${m('bestPractices')} | ` +
          `${Math.round(m('fcp'))} | ${Math.round(m('lcp'))} | ${Math.round(m('tbt'))} | ${m('cls').toFixed(3)} | ` +
          `${versusFloor} | ${runs.map((s) => s.figures.performance).join(', ')} |`,
      );
    }
  }
}

/** Every accessibility or best-practices audit that failed in any run, per screen and app. */
function printFailures(samples: Sample[], labels: string[]) {
  console.log('\nAccessibility and best-practices failures (in how many runs; the elements)\n');
  let any = false;
  for (const label of labels) {
    for (const screen of screens) {
      const runs = samples.filter((s) => s.screen === screen.name && s.app === label);
      const byId = new Map<string, { failure: Failure; runs: number; items: Set<string> }>();
      for (const sample of runs) {
        for (const failure of sample.failures) {
          const entry = byId.get(failure.id) ?? { failure, runs: 0, items: new Set<string>() };
          entry.runs += 1;
          failure.items.forEach((item) => entry.items.add(item));
          byId.set(failure.id, entry);
        }
      }
      for (const { failure, runs: count, items } of byId.values()) {
        any = true;
        console.log(
          `- ${label} ${screen.name}: ${failure.category} \`${failure.id}\` (${failure.title}), ${count}/${runs.length} runs`,
        );
        for (const item of items) console.log(`    - ${item.replace(/\s+/g, ' ').slice(0, 300)}`);
      }
    }
  }
  if (!any) console.log('- none');
}

function lighthouseVersion(): string {
  const file = path.join(ROOT, 'node_modules', 'lighthouse', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) cleanup();
}
