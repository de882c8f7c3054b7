/**
 * The JavaScript budgets of QUALITY.md, measured on the production build (`npm run build`
 * first): for each screen, the gzip size (level 6) of every JS chunk the browser must load
 * before the screen is interactive — the entry chunk of index.html, the lazy route modules
 * of that screen, and everything they import statically. CSS and fonts are not counted.
 * Also fails if a built file loads anything from another host (a CDN script, font or style).
 *
 * Usage: npm run size          Exit status 1 when a budget is exceeded or a check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The screens with a budget, and the lazy route modules (source paths, as in the manifest)
 * each one loads.
 */
const BUDGETS: { screen: string; routeModules: string[]; budgetKb: number }[] = [
  { screen: 'Sign-in page', routeModules: ['src/app/routes/sign-in.tsx'], budgetKb: 140 },
  // An invitation link is a new person's first visit: held to the sign-in page's budget.
  {
    screen: 'Invitation page',
    routeModules: ['src/app/routes/accept-invitation.tsx'],
    budgetKb: 140,
  },
  {
    screen: 'App shell + first list (pipelines)',
    routeModules: ['src/app/routes/app/app-root.tsx', 'src/app/routes/app/pipelines.tsx'],
    budgetKb: 190,
  },
  // Monaco (editor core, its contributions, the YAML tokenizer) loads with this route only, as
  // chunks of its own after the route's (the page paints before them; monaco-code-editor.tsx
  // imports them all, so they are all counted), and monaco-yaml's client after them; its workers
  // are separate files, loaded by the editor (docs/performance.md).
  {
    screen: 'Pipeline editor (shell + Monaco)',
    routeModules: [
      'src/app/routes/app/app-root.tsx',
      'src/app/routes/app/pipeline-definition.tsx',
      'src/features/pipeline-editor/components/monaco-code-editor.tsx',
      'node_modules/monaco-yaml/index.js',
      'server/domain/pipeline-format.ts',
    ],
    budgetKb: 1050,
  },
];

const KB = 1000; // kB as size-limit and browsers' devtools count them
const DIST = path.resolve(process.env.SIZE_DIST ?? path.join(import.meta.dirname, '..', 'dist'));

/** One entry of Vite's build manifest (build.manifest: true), keyed by source path. */
type Chunk = { file: string; src?: string; isEntry?: boolean; imports?: string[] };

function fail(message: string): never {
  console.error(`size-check: ${message}`);
  process.exit(1);
}

function readManifest(): Record<string, Chunk> {
  const file = path.join(DIST, '.vite', 'manifest.json');
  if (!fs.existsSync(file))
    fail(`${path.relative(process.cwd(), file)} is missing: run \`npm run build\` first.`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Chunk>;
}

/** The output files of `keys` and of everything they import statically, transitively. */
function staticClosure(manifest: Record<string, Chunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) fail(`the manifest has no chunk "${key}".`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    chunk.imports?.forEach(visit);
  };
  keys.forEach(visit);
  return files;
}

const gzipSizes = new Map<string, number>();
function gzipSize(file: string): number {
  let size = gzipSizes.get(file);
  if (size === undefined) {
    size = gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 6 }).length;
    gzipSizes.set(file, size);
  }
  return size;
}

const kb = (bytes: number) => (bytes / KB).toFixed(1);

function checkBudgets(): boolean {
  const manifest = readManifest();
  const entry = Object.entries(manifest).find(
    ([, chunk]) => chunk.isEntry && chunk.src === 'index.html',
  );
  if (!entry) fail('the manifest has no entry chunk for index.html.');

  let ok = true;
  const rows: string[][] = [['screen', 'chunks', 'gzip kB', 'budget kB', '']];
  const details: string[] = [];
  for (const { screen, routeModules, budgetKb } of BUDGETS) {
    // A renamed or moved route module must break this check, not silently shrink it.
    const missing = routeModules.filter((module) => !manifest[module]);
    if (missing.length > 0) {
      const known = Object.keys(manifest).filter((key) => key.startsWith('src/app/routes/'));
      fail(
        `route module(s) ${missing.join(', ')} of "${screen}" are not in the build manifest.\n` +
          `  Update BUDGETS in scripts/size-check.ts. Route modules in this build:\n    ${known.join('\n    ')}`,
      );
    }
    const files = [...staticClosure(manifest, [entry[0], ...routeModules])];
    const total = files.reduce((sum, file) => sum + gzipSize(file), 0);
    const over = total > budgetKb * KB;
    ok &&= !over;
    rows.push([
      screen,
      String(files.length),
      kb(total),
      String(budgetKb),
      over ? 'OVER BUDGET' : 'ok',
    ]);
    if (over) {
      details.push(`${screen}: the chunks it loads, largest first`);
      for (const file of files.sort((a, b) => gzipSize(b) - gzipSize(a))) {
        details.push(`  ${kb(gzipSize(file)).padStart(7)} kB  ${file}`);
      }
    }
  }

  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    );
  }
  if (details.length > 0) console.log(`\n${details.join('\n')}`);
  return ok;
}

// Only constructs that make the browser load something are flagged, so library strings such
// as "https://react.dev/errors/…" in an error message do not count. Remote code reached any
// other way is still caught by the e2e suite, which fails on any request leaving the origin.
const REMOTE = String.raw`["'\x60]?\s*(?:https?:)?//`;
const REMOTE_LOADS: Record<string, RegExp[]> = {
  '.html': [
    new RegExp(
      String.raw`<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*${REMOTE}`,
      'gi',
    ),
    new RegExp(String.raw`<link\b[^>]*\bhref\s*=\s*${REMOTE}`, 'gi'),
  ],
  '.css': [new RegExp(String.raw`(?:@import\s+|url\(\s*)${REMOTE}`, 'gi')],
  '.js': [
    new RegExp(String.raw`@import\s+(?:url\(\s*)?${REMOTE}`, 'gi'), // CSS-in-JS
    new RegExp(String.raw`\bimport\s*\(\s*${REMOTE}`, 'g'), // import("https://…")
    new RegExp(String.raw`\bfrom\s*${REMOTE}`, 'g'), // import … from "https://…"
    new RegExp(String.raw`\bimportScripts\s*\(\s*${REMOTE}`, 'g'), // in workers
  ],
};

function checkNoRemoteLoads(): boolean {
  const findings: string[] = [];
  for (const entry of fs.readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    const patterns = REMOTE_LOADS[path.extname(entry.name)];
    if (!entry.isFile() || !patterns) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const excerpt = text.slice(match.index, match.index + 120).replace(/\s+/g, ' ');
        findings.push(`  ${path.relative(DIST, file)}: ${excerpt}`);
      }
    }
  }
  if (findings.length > 0) {
    console.error(
      `\nBuilt files load from another host (QUALITY.md: no request leaves the origin):\n${findings.join('\n')}`,
    );
  }
  return findings.length === 0;
}

const budgetsOk = checkBudgets();
const originOk = checkNoRemoteLoads();
if (!budgetsOk || !originOk) process.exit(1);
console.log('\nsize-check: within budget, nothing loaded from another host.');
