/**
 * `npm run bench:editor`: the pipeline editor's figures (docs/performance.md).
 *
 * 1. Size: the gzip size of what the editor's route loads (the route chunk with Monaco, its CSS)
 *    and of the two workers, from the production build (`npm run build` first).
 * 2. The checks on a 2,000-line definition, in Node: the format check the server runs on save
 *    (server/src/modules/pipelines/definition-format.ts) and the account-aware checks the editor
 *    runs after typing pauses (server/domain/pipeline-references.ts).
 * 3. In Debian's Chromium against the built console on the demo account (an in-memory database):
 *    the time from navigation to an editable editor, opened cold (a new browser context: nothing
 *    cached) and from the pipeline's page (the route's chunks cached); and typing into the
 *    2,000-line definition: the time per typed character and the long tasks (> 50 ms) meanwhile.
 *
 * 4. The cold load in detail (issue 17): largest contentful paint, total blocking time (the long
 *    tasks' time over 50 ms, from navigation until the editor is editable and 2 s more), and
 *    when the session (/api/me), the pipeline and Monaco's chunk start and end (the waterfall).
 *
 * BENCH_RUNS (default 5) sets the runs of each browser measurement; BENCH_DIST another build
 * folder (`vite build --outDir …`); BENCH_PROFILE a file to write a CPU profile of the typing to
 * (Chrome DevTools' format), with the functions of most self time printed. It prints figures and
 * fails only when something does not work.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/chromium';
import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';
import { checkReferences } from '../server/domain/pipeline-references';
import { checkDefinitionFormat } from '../server/src/modules/pipelines/definition-format';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5);
const ROOT = path.join(import.meta.dirname, '..');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'));
const PORT = 8000 + Math.floor(Math.random() * 900);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DEMO = { email: 'ada@example.com', password: 'perimeter-demo' };
const LINES = 2_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A definition of about `lines` lines naming the demo account's integrations, with no problem. */
export function largeDefinition(lines: number): string {
  const out = [`version: '1.0'`, 'stages:', '  - build', '  - deploy', 'steps:'];
  for (let index = 0; out.length < lines; index += 1) {
    out.push(
      `  clone_${index}:`,
      '    type: git-clone',
      '    stage: build',
      `    repo: https://github-internal.example.com/acme/service-${index}`,
      '    git: my-internal-git-provider',
      '    revision: ${{CF_REVISION}}',
      `  build_${index}:`,
      '    type: build',
      '    stage: build',
      `    image_name: acme/service-${index}`,
      "    tag: '${{CF_BRANCH_TAG_NORMALIZED}}-${{CF_SHORT_REVISION}}'",
      '    registry: my-internal-docker-registry',
      `  push_${index}:`,
      '    type: push',
      '    stage: deploy',
      `    candidate: '\${{build_${index}}}'`,
      '    tag: ${{CF_BRANCH}}',
      '    registry: docker-hub',
    );
  }
  return `${out.join('\n')}\n`;
}

function sizes() {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, { file: string; css?: string[]; imports?: string[] }>;
  const route = manifest['src/app/routes/app/pipeline-definition.tsx'];
  if (!route) throw new Error('The build has no editor route: run `npm run build` first.');
  const gzip = (file: string) => gzipSync(fs.readFileSync(path.join(DIST, file))).length / 1000;
  const workers = fs
    .readdirSync(path.join(DIST, 'assets'))
    .filter((file) => /\.worker-.*\.js$/.test(file));
  console.log('Size (gzip, kB)');
  console.log(`  editor route chunk  ${gzip(route.file).toFixed(1)}`);
  // Since issue 17 Monaco and monaco-yaml's client are chunks of their own, loaded after it:
  // Monaco in steps (its core, its contributions, the YAML tokenizer: `monaco-*` chunks of
  // vite.config.ts and the tokenizer's), then the editor's own.
  const editor = manifest['src/features/pipeline-editor/components/monaco-code-editor.tsx'];
  const monacoChunks = (editor?.imports ?? [])
    .map((key) => manifest[key])
    .filter((chunk) => chunk && /\/(monaco-|yaml\.contribution)/.test(chunk.file));
  for (const chunk of monacoChunks)
    console.log(
      `  ${chunk!.file.replace(/^assets\/|-[\w-]{8}\.js$/g, '')}  ${gzip(chunk!.file).toFixed(1)}`,
    );
  for (const [key, label] of [
    ['src/features/pipeline-editor/components/monaco-code-editor.tsx', 'the editor on Monaco'],
    ['node_modules/monaco-yaml/index.js', "monaco-yaml's client"],
  ] as const) {
    const chunk = manifest[key];
    if (chunk) console.log(`  ${label}  ${gzip(chunk.file).toFixed(1)}`);
    for (const css of chunk?.css ?? []) console.log(`  its CSS  ${gzip(css).toFixed(1)}`);
  }
  for (const css of route.css ?? []) console.log(`  its CSS  ${gzip(css).toFixed(1)}`);
  for (const worker of workers)
    console.log(`  ${worker.replace(/-.*/, '')}  ${gzip(`assets/${worker}`).toFixed(1)}`);
}

function checks(definition: string) {
  const names = {
    gitProviders: [{ name: 'my-internal-git-provider', behindFirewall: true }],
    registries: ['my-internal-docker-registry', 'docker-hub'],
    clusters: [],
  };
  const time = (run: () => unknown[]) => {
    const times: number[] = [];
    let found = 0;
    for (let index = 0; index < 5 + RUNS * 4; index += 1) {
      const start = performance.now();
      found = run().length;
      if (index >= 5) times.push(performance.now() - start);
    }
    return { median: median(times), max: Math.max(...times), found };
  };
  const format = time(() => checkDefinitionFormat(definition));
  const references = time(() => checkReferences(definition, names));
  console.log(
    `\nChecks on a ${definition.split('\n').length - 1}-line definition (Node, median / max)`,
  );
  console.log(
    `  format check on save   ${ms(format.median)} / ${ms(format.max)}  (${format.found} problems)`,
  );
  console.log(
    `  account-aware checks   ${ms(references.median)} / ${ms(references.max)}  (${references.found} problems)`,
  );
  if (format.found + references.found > 0)
    throw new Error('The large definition should have no problem.');
}

async function startServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perimeter-bench-editor-'));
  // The demo runs on an in-memory database: a developer's DATABASE_URL must not reach it.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts', '--demo'], {
    cwd: ROOT,
    env: { ...env, PORT: String(PORT), DATA_DIR: dataDir, STATIC_DIR: DIST },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Up to 3 minutes: on a loaded machine the server takes over a minute to start.
  for (let attempt = 0; attempt < 360; attempt += 1) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) {
        return () => {
          server.kill();
          fs.rmSync(dataDir, { recursive: true, force: true });
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  server.kill();
  throw new Error('The server did not start.');
}

/** Milliseconds from the page's navigation start to Monaco's input being in the page. */
async function untilEditable(page: Page): Promise<number> {
  const input = page.locator('.monaco-editor textarea').first();
  await input.waitFor({ state: 'attached' });
  return (await page.evaluate('performance.now()')) as number;
}

/** Observers of the paint and of long tasks, set before the page's own scripts run. */
const OBSERVERS = `
  window.benchLcp = 0;
  window.benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.benchLcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

type Span = { start: number; end: number };
type ColdLoad = {
  lcp: number;
  tbt: number;
  longest: number;
  editable: number;
  me?: Span;
  pipeline?: Span;
  monaco?: Span & { kB: number };
};

/** The cold load's paint, blocking time and waterfall, read in the page. */
async function coldLoad(page: Page, pipelineId: string, editable: number): Promise<ColdLoad> {
  await page.waitForTimeout(2_000);
  const seen = (await page.evaluate(`(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const resources = performance.getEntriesByType('resource').map((entry) => ({
      name: entry.name, start: entry.startTime, end: entry.responseEnd, size: entry.encodedBodySize,
    }));
    return { fcp, lcp: window.benchLcp, long: window.benchLongTasks, resources };
  })()`)) as {
    fcp: number;
    lcp: number;
    long: { start: number; duration: number }[];
    resources: { name: string; start: number; end: number; size: number }[];
  };
  const blocking = seen.long.filter((task) => task.start + task.duration > seen.fcp);
  const find = (test: (name: string) => boolean) =>
    seen.resources.find((entry) => test(new URL(entry.name).pathname));
  const span = (entry?: { start: number; end: number }) =>
    entry && { start: entry.start, end: entry.end };
  const scripts = seen.resources.filter((entry) => entry.name.endsWith('.js'));
  const largest = scripts.sort((a, b) => b.size - a.size)[0];
  return {
    lcp: seen.lcp,
    tbt: blocking.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
    longest: Math.max(0, ...blocking.map((task) => task.duration)),
    editable,
    me: span(find((name) => name === '/api/me')),
    pipeline: span(find((name) => name === `/api/pipelines/${pipelineId}`)),
    monaco: largest && { start: largest.start, end: largest.end, kB: largest.size / 1000 },
  };
}

function printColdLoads(loads: ColdLoad[]) {
  const m = (pick: (load: ColdLoad) => number | undefined) =>
    median(loads.map((load) => pick(load) ?? Number.NaN));
  console.log(`\nThe cold load in detail (median of ${loads.length}; ms from navigation start)`);
  console.log(`  largest contentful paint     ${ms(m((load) => load.lcp))}`);
  console.log(
    `  total blocking time          ${ms(m((load) => load.tbt))} (longest task, median ${ms(m((load) => load.longest))})`,
  );
  console.log(`  editable                     ${ms(m((load) => load.editable))}`);
  console.log(
    `  /api/me                      ${ms(m((load) => load.me?.start))} → ${ms(m((load) => load.me?.end))}`,
  );
  console.log(
    `  the pipeline                 ${ms(m((load) => load.pipeline?.start))} → ${ms(m((load) => load.pipeline?.end))}`,
  );
  console.log(
    `  largest script (${m((load) => load.monaco?.kB).toFixed(0)} kB)      ${ms(m((load) => load.monaco?.start))} → ${ms(m((load) => load.monaco?.end))}`,
  );
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
};

/** The functions of most self time in a CPU profile. */
function printProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  console.log('  self time in the typing profile (ms):');
  for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`    ${time.toFixed(1).padStart(8)}  ${key}`);
}

async function browser(definition: string) {
  const stop = await startServer();
  const chrome = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const signIn = async () => {
      const context = await chrome.newContext({ baseURL: ORIGIN });
      const login = await context.request.post('/api/auth/login', { data: DEMO });
      if (login.status() !== 204) throw new Error(`Sign-in failed: ${login.status()}`);
      return context;
    };
    const setup = await signIn();
    const csrf = (await setup.cookies()).find((cookie) => cookie.name === CSRF_COOKIE)!.value;
    const created = await setup.request.post('/api/pipelines', {
      headers: { [CSRF_HEADER]: csrf },
      data: { name: 'large', project: 'bench', source: { type: 'inline', yaml: definition } },
    });
    if (created.status() !== 201) throw new Error(`Creating the pipeline: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    await setup.close();

    const cold: number[] = [];
    const warm: number[] = [];
    const loads: ColdLoad[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await signIn();
      await context.addInitScript({ content: OBSERVERS });
      const page = await context.newPage();
      await page.goto(`/pipelines/${id}/definition`);
      cold.push(await untilEditable(page));
      loads.push(await coldLoad(page, id, cold.at(-1)!));
      // From the pipeline's page, by its link: a client-side navigation with the chunks cached.
      await page.goto(`/pipelines/${id}`);
      const link = page.getByRole('link', { name: 'Edit the definition', exact: true });
      await link.waitFor();
      const start = (await page.evaluate('performance.now()')) as number;
      await link.click();
      warm.push((await untilEditable(page)) - start);
      await context.close();
    }
    console.log(
      `\nNavigation to an editable editor with a ${LINES}-line definition (median of ${RUNS}, max)`,
    );
    console.log(
      `  cold (new context, nothing cached)          ${ms(median(cold))} (max ${ms(Math.max(...cold))})`,
    );
    console.log(
      `  from the pipeline's page (chunks cached)    ${ms(median(warm))} (max ${ms(Math.max(...warm))})`,
    );
    printColdLoads(loads);

    // Typing in the middle of the large definition.
    const context = await signIn();
    const page = await context.newPage();
    await page.goto(`/pipelines/${id}/definition`);
    await untilEditable(page);
    // Strings, not functions: scripts are type-checked without the DOM library.
    await page.evaluate(`
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    `);
    // Line 1,000 (Ctrl+G), at its end.
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    const typed = '-with-a-longer-name';
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const start = performance.now();
    for (let round = 0; round < RUNS; round += 1) {
      await page.keyboard.type(typed);
      for (let index = 0; index < typed.length; index += 1) await page.keyboard.press('Backspace');
    }
    const perKey = (performance.now() - start) / (RUNS * typed.length * 2);
    await page.waitForTimeout(1_000); // the checks after the pause
    const longTasks = (await page.evaluate('window.longTasks')) as number[];
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    console.log(`\nTyping ${RUNS * typed.length * 2} keys into the ${LINES}-line definition`);
    console.log(`  ${ms(perKey)} per key (Playwright's round trip included)`);
    console.log(
      `  long tasks: ${longTasks.length}${longTasks.length > 0 ? `, longest ${ms(Math.max(...longTasks))}` : ''}`,
    );
    if (cdp)
      printProfile(
        JSON.parse(fs.readFileSync(process.env.BENCH_PROFILE!, 'utf8')) as Parameters<
          typeof printProfile
        >[0],
      );
    await context.close();
  } finally {
    await chrome.close();
    stop();
  }
}

const definition = largeDefinition(LINES);
sizes();
checks(definition);
await browser(definition);
