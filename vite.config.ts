import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** index.html's script. */
const ENTRY = source('main.tsx');
/** Every route module in this folder renders inside the app shell, which is its parent route. */
const SIGNED_IN_ROUTES = source('app/routes/app/');
const SHELL = source('app/routes/app/app-root.tsx');
/** The screen the shell opens after sign-in (scripts/size-check.ts holds the two to a budget). */
const START_SCREEN = source('app/routes/app/pipelines.tsx');
/** Monaco's core and the contributions the editor uses: evaluated in steps (load-monaco.ts). */
const MONACO_CORE = fileURLToPath(
  new URL('./node_modules/monaco-editor/esm/vs/editor/editor.api.js', import.meta.url),
);
const MONACO_FEATURES = source('features/pipeline-editor/monaco/editor-features.ts');

type ModuleGraph = {
  getModuleInfo(
    id: string,
  ): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
};

/** The modules that `roots` import statically, transitively, roots included. */
function staticClosure(graph: ModuleGraph, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    graph.getModuleInfo(id)?.importedIds.forEach(visit);
  };
  for (const root of roots) visit(root);
  return seen;
}

/**
 * Two chunks where the automatic splitting made about forty (docs/performance.md, "JavaScript
 * before a screen is interactive"): small chunks compress badly, since each starts gzip with an
 * empty dictionary and MUI's components repeat the same code patterns, and each is a request.
 *
 * - `framework`: what the entry imports (React, the router, react-query, the API client).
 * - `shell`: what the shell and the start screen import, less what the pages before sign-in
 *   import, so that those pages never download MUI. Every signed-in screen loads the shell.
 *
 * Route modules stay chunks of their own, for the router and for the size check. A module
 * reached through a re-export of a shell module lands in `shell` even if only a lazy screen
 * uses it (a few hundred bytes today: MUI's class-name tables); `npm run size` keeps watch.
 */
function chunkGroups(graph: ModuleGraph): Map<string, string> {
  const entry = staticClosure(graph, [ENTRY]);
  const routes = new Set(
    [...entry].flatMap((module) => graph.getModuleInfo(module)?.dynamicallyImportedIds ?? []),
  );
  const publicRoutes = [...routes].filter((route) => !route.startsWith(SIGNED_IN_ROUTES));
  const beforeSignIn = new Set([...entry, ...staticClosure(graph, publicRoutes)]);

  const groups = new Map<string, string>();
  for (const module of entry) {
    if (module !== ENTRY && !routes.has(module)) groups.set(module, 'framework');
  }
  for (const module of staticClosure(graph, [SHELL, START_SCREEN])) {
    if (!beforeSignIn.has(module) && !routes.has(module)) groups.set(module, 'shell');
  }
  // One chunk per step of Monaco's evaluation, where the automatic splitting made more (each
  // shared subset of the steps and the editor's modules its own chunk, 9 kB gzip more in all).
  // Modules that the entry or the shell load too (Vite's preload helper) stay where they are.
  const monacoCore = staticClosure(graph, [MONACO_CORE]);
  for (const module of monacoCore) {
    if (!groups.has(module) && !beforeSignIn.has(module)) groups.set(module, 'monaco-core');
  }
  for (const module of staticClosure(graph, [MONACO_FEATURES])) {
    if (!groups.has(module) && !beforeSignIn.has(module) && !monacoCore.has(module))
      groups.set(module, 'monaco-features');
  }
  return groups;
}

/** The group `name` function: assigns the modules once per build (one context per build). */
function chunkOf() {
  const builds = new WeakMap<ModuleGraph, Map<string, string>>();
  return (id: string, graph: ModuleGraph) => {
    let groups = builds.get(graph);
    if (!groups) builds.set(graph, (groups = chunkGroups(graph)));
    return groups.get(id) ?? null;
  };
}

/**
 * Monaco's steps (load-monaco.ts) import their chunks one after the other, so that each is
 * evaluated in a task of its own; an `import()` also fetches, so the later chunks would be
 * fetched only when the step before them has run. These preload them (`modulepreload`: fetched
 * and parsed, not evaluated) with the first step's, in parallel with it. `monacoStepFiles` are
 * the later steps' files, which a plugin reads from the bundle before Vite asks for the first
 * step's dependencies.
 */
const LATER_MONACO_STEPS = ['monaco-features', 'yaml.contribution', 'monaco-code-editor'];
const monacoStepFiles: string[] = [];
const monacoStepChunks = {
  name: 'perimeter:monaco-step-chunks',
  generateBundle(
    _options: unknown,
    bundle: Record<
      string,
      { type: string; name?: string; fileName: string; viteMetadata?: { importedCss: Set<string> } }
    >,
  ) {
    monacoStepFiles.length = 0;
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !LATER_MONACO_STEPS.includes(chunk.name ?? '')) continue;
      monacoStepFiles.push(chunk.fileName, ...(chunk.viteMetadata?.importedCss ?? []));
    }
  },
};

/**
 * `<link rel="preload">` for the Roboto files every page's first text uses (regular and medium,
 * latin; main.tsx imports their `@font-face` rules). Without it the browser asks for a font only
 * once it lays out text in it, after the screen's code has run: the text waits for it (first and
 * largest contentful paint) and moves when it arrives (layout shift; docs/performance.md, issue
 * 17). Preloaded, the files arrive with the entry's code, before any text is laid out. Bold is
 * left to load on demand (nothing on a first screen uses it).
 */
function preloadFonts(pattern: RegExp): Plugin {
  return {
    name: 'perimeter:preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const files = Object.keys(bundle ?? {}).filter((file) => pattern.test(file));
        if (files.length === 0) throw new Error(`preloadFonts: no file matches ${pattern}`);
        return files.sort().map((file) => ({
          tag: 'link',
          // Fonts are fetched in CORS mode: without `crossorigin` the preload would not be used.
          attrs: {
            rel: 'preload',
            // Relative like every address in the built index.html (`base` below).
            href: `./${file}`,
            as: 'font',
            type: 'font/woff2',
            crossorigin: '',
          },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  // Relative addresses, so that one build runs at the root or under any sub-path (the server's
  // BASE_PATH): the server makes index.html's absolute at serve time (server/src/lib/static.ts),
  // and the chunks find one another, their workers, styles and fonts relative to themselves.
  base: './',
  plugins: [
    react(),
    monacoStepChunks,
    preloadFonts(/\/roboto-latin-(400|500)-normal-[\w-]+\.woff2$/),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@contract': fileURLToPath(new URL('./server/contract', import.meta.url)),
      '@domain': fileURLToPath(new URL('./server/domain', import.meta.url)),
    },
  },
  // Monaco's and monaco-yaml's workers (the pipeline editor) as ES modules, bundled like the app.
  worker: { format: 'es' },
  build: {
    // The size check (scripts/size-check.ts) reads the manifest to know which chunks a route needs.
    manifest: true,
    modulePreload: {
      resolveDependencies: (filename, deps) =>
        /(^|\/)monaco-core-[\w-]+\.js$/.test(filename)
          ? [...deps, ...monacoStepFiles.filter((file) => !deps.includes(file))]
          : deps,
    },
    rolldownOptions: {
      output: {
        codeSplitting: {
          // A module's dependencies stay where they are: React must not follow MUI into `shell`.
          groups: [
            {
              name: chunkOf(),
              debugName: 'framework and shell',
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
    },
  },
});
