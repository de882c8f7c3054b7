/**
 * `npm run bench:console -- <dist> [<dist> …]`: the signed-in list screens' start-up in Debian's
 * Chromium (issue 17, docs/performance.md), for each built console given (alternating builds,
 * run after run, so that a baseline and a candidate share the machine's load).
 *
 * Each build is served by the real server (`--demo`, an in-memory database, plus 40 pipelines,
 * 30 clusters and 30 invitations made through the API so that every list shows a full page of 20
 * rows). Each run opens a screen cold (a new browser context, signed in through the API, nothing
 * cached), waits until the list shows its rows and the page has been quiet for a second, and reads:
 * total blocking time (the long tasks' time over 50 ms, from first contentful paint), the longest
 * task, largest contentful paint, cumulative layout shift, the CSS rules Emotion inserted, the
 * script time (CDP Performance.getMetrics), and when `/api/me` and the list's request started and
 * ended. Then the search box of Pipelines: 12 characters typed 120 ms apart, the long tasks
 * meanwhile. No CPU or network throttling (Lighthouse's desktop preset throttles neither).
 *
 * BENCH_RUNS (default 5) sets the runs per screen; the medians are printed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/chromium';
import { CSRF_COOKIE, CSRF_HEADER } from '../server/contract/constants';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5);
const ROOT = path.join(import.meta.dirname, '..');
const DEMO = { email: 'ada@example.com', password: 'perimeter-demo' };
const DISTS = process.argv.slice(2).map((dist) => path.resolve(dist));
if (DISTS.length === 0) DISTS.push(path.join(ROOT, 'dist'));

const SCREENS = [
  { name: 'Pipelines', path: '/pipelines', list: '/api/pipelines' },
  { name: 'People', path: '/admin/people', list: '/api/users' },
  { name: 'Clusters', path: '/clusters', list: '/api/clusters' },
  { name: 'Permissions', path: '/admin/permissions', list: '/api/rules' },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

async function startServer(dist: string, port: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perimeter-bench-console-'));
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts', '--demo'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), DATA_DIR: dataDir, STATIC_DIR: dist, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 360; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
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

async function signIn(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1350, height: 940 },
  });
  const login = await context.request.post('/api/auth/login', { data: DEMO });
  if (login.status() !== 204) throw new Error(`Sign-in failed: ${login.status()}`);
  return context;
}

/** A full first page on every list. */
async function fill(browser: Browser, origin: string) {
  const context = await signIn(browser, origin);
  const csrf = (await context.cookies()).find((cookie) => cookie.name === CSRF_COOKIE)!.value;
  const post = async (url: string, data: object) => {
    const response = await context.request.post(url, { data, headers: { [CSRF_HEADER]: csrf } });
    if (!response.ok()) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  };
  for (let index = 0; index < 40; index += 1) {
    await post('/api/pipelines', {
      name: `service-${String(index).padStart(2, '0')}`,
      project: `project-${index % 4}`,
      tags: [`team-${index % 5}`, index % 2 ? 'eu' : 'us'],
      source: { type: 'inline', yaml: "version: '1.0'\nsteps:\n  hello:\n    image: alpine\n" },
    });
  }
  for (let index = 0; index < 30; index += 1) {
    await post('/api/clusters', { name: `cluster-${index}`, tags: [`region-${index % 3}`] });
    await post('/api/users', {
      email: `person-${index}@example.com`,
      name: `Person ${index}`,
      level: 'user',
    });
  }
  await context.close();
}

type Load = {
  tbt: number;
  longest: number;
  lcp: number;
  cls: number;
  rules: number;
  scriptMs: number;
  meStart: number;
  meEnd: number;
  listStart: number;
  listEnd: number;
};

// Sent to the page as text: the scripts' TypeScript program has no DOM types.
const OBSERVE = `
  window.__bench = { long: [], lcp: 0, cls: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.long.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__bench.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

async function load(browser: Browser, origin: string, screen: (typeof SCREENS)[number]) {
  const context = await signIn(browser, origin);
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(screen.path);
  await page.locator('tbody tr, [role="listitem"]').nth(2).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_500);
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const scriptMs = 1000 * (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0);
  const result = (await page.evaluate(`((list) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    let tbt = 0;
    let longest = 0;
    for (const [start, duration] of window.__bench.long) {
      longest = Math.max(longest, duration);
      const end = start + duration;
      const from = Math.max(start, fcp);
      if (end - from > 50) tbt += end - from - 50;
    }
    const resources = performance.getEntriesByType('resource');
    const me = resources.find((r) => new URL(r.name).pathname === '/api/me');
    const items = resources.find((r) => new URL(r.name).pathname === list);
    let rules = 0;
    for (const sheet of document.styleSheets) {
      if (sheet.ownerNode?.dataset?.emotion !== undefined) rules += sheet.cssRules.length;
    }
    return {
      tbt,
      longest,
      lcp: window.__bench.lcp,
      cls: window.__bench.cls,
      rules,
      meStart: me?.startTime ?? NaN,
      meEnd: me?.responseEnd ?? NaN,
      listStart: items?.startTime ?? NaN,
      listEnd: items?.responseEnd ?? NaN,
    };
  })(${JSON.stringify(screen.list)})`)) as Omit<Load, 'scriptMs'>;
  await context.close();
  return { ...result, scriptMs } satisfies Load;
}

async function typing(browser: Browser, origin: string) {
  const context = await signIn(browser, origin);
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  await page.goto('/pipelines');
  await page.locator('tbody tr').nth(2).waitFor();
  await page.waitForTimeout(1_000);
  const box = page
    .getByRole('searchbox', { name: 'Search pipelines' })
    .or(page.getByLabel('Search pipelines'));
  await box.first().click();
  const before = (await page.evaluate('performance.now()')) as number;
  await page.keyboard.type('service-1 eu', { delay: 120 });
  await page.waitForTimeout(1_500);
  const long = (await page.evaluate(
    `window.__bench.long.filter(([start]) => start >= ${before}).map(([, duration]) => duration)`,
  )) as number[];
  await context.close();
  return { count: long.length, longest: Math.max(0, ...long) };
}

const fmt = (value: number, digits = 0) => (Number.isNaN(value) ? '–' : value.toFixed(digits));

const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
const servers: { dist: string; origin: string; stop: () => void }[] = [];
try {
  for (const [index, dist] of DISTS.entries()) {
    const port = 8700 + Math.floor(Math.random() * 100) + index * 100;
    const stop = await startServer(dist, port);
    const origin = `http://127.0.0.1:${port}`;
    servers.push({ dist, origin, stop });
    await fill(browser, origin);
    // Warm the server (its first requests compile queries).
    for (const screen of SCREENS) await load(browser, origin, screen);
  }
  const results = new Map<string, Load[]>();
  const typed = new Map<string, { count: number; longest: number }[]>();
  for (let run = 0; run < RUNS; run += 1) {
    for (const server of servers) {
      for (const screen of SCREENS) {
        const key = `${server.dist}|${screen.name}`;
        results.set(key, [...(results.get(key) ?? []), await load(browser, server.origin, screen)]);
      }
      typed.set(server.dist, [
        ...(typed.get(server.dist) ?? []),
        await typing(browser, server.origin),
      ]);
    }
  }
  console.log(
    `load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${RUNS} runs, medians`,
  );
  console.log(
    'build | screen | TBT ms | longest task | LCP ms | CLS | Emotion rules | script ms | /api/me start–end | list start–end',
  );
  for (const server of servers) {
    for (const screen of SCREENS) {
      const loads = results.get(`${server.dist}|${screen.name}`)!;
      const m = (key: keyof Load) => median(loads.map((l) => l[key]));
      console.log(
        [
          path.basename(server.dist),
          screen.name,
          fmt(m('tbt')),
          fmt(m('longest')),
          fmt(m('lcp')),
          fmt(m('cls'), 3),
          fmt(m('rules')),
          fmt(m('scriptMs')),
          `${fmt(m('meStart'))}–${fmt(m('meEnd'))}`,
          `${fmt(m('listStart'))}–${fmt(m('listEnd'))}`,
        ].join(' | '),
      );
    }
    const typings = typed.get(server.dist)!;
    console.log(
      `${path.basename(server.dist)} | typing in Pipelines' search | long tasks ${typings.map((t) => t.count).join(', ')} | longest ${typings.map((t) => fmt(t.longest)).join(', ')} ms`,
    );
  }
} finally {
  await browser.close();
  for (const server of servers) server.stop();
}
