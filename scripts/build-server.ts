/**
 * `npm run build:server`: the server, the reference runner and the backup command as plain
 * JavaScript in dist-server/, so that the container image runs them with Node alone: no tsx, no TypeScript,
 * and none of the 800 MB of node_modules a checkout carries.
 *
 * Each entry becomes one ES module with its npm dependencies inside. The few packages that
 * cannot be bundled stay external (EXTERNAL below); the image copies exactly those into its
 * node_modules. The database migrations are copied next to the bundle, where
 * server/src/db/client.ts looks for them (`new URL('./migrations', import.meta.url)`).
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist-server`;

/** What the image runs: dist-server/<name>.js for each. */
export const ENTRIES: Record<string, string> = {
  server: 'server/src/index.ts',
  runner: 'scripts/runner.ts',
  // `npm run backup` / `npm run restore` in the image: node /app/dist-server/backup.js …
  backup: 'server/src/backup.ts',
};

/**
 * Packages left out of the bundle, loaded from node_modules at run time.
 * - @electric-sql/pglite reads its WebAssembly and data files relative to its own module
 *   (`new URL('./pglite.wasm', import.meta.url)`), so it must stay a package of its own.
 * - pg-native is an optional native binding that pg requires only when asked to; nothing here
 *   asks, and it is not installed.
 */
export const EXTERNAL = ['@electric-sql/pglite', 'pg-native'];

rmSync(OUT, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: OUT,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // One file per entry: the server and the runner share no chunk the image would need twice.
  splitting: false,
  external: EXTERNAL,
  // Names and lines are kept so that a stack trace in the log reads without a source map; the
  // bundle's size matters little next to Node itself.
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  // CommonJS packages bundled into an ES module still call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __perimeterCreateRequire } from 'node:module'; const require = __perimeterCreateRequire(import.meta.url);",
  },
});
cpSync(`${ROOT}server/src/db/migrations`, `${OUT}/migrations`, { recursive: true });
// Marks the folder as ES modules for Node, whatever package.json sits above it.
writeFileSync(`${OUT}/package.json`, `${JSON.stringify({ type: 'module' }, null, 2)}\n`);

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
for (const [file, output] of outputs) {
  console.log(`${file}  ${(output.bytes / 1024).toFixed(0)} KiB`);
}
console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
