import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const alias = {
  '@': fileURLToPath(new URL('./src', import.meta.url)),
  '@contract': fileURLToPath(new URL('./server/contract', import.meta.url)),
  '@domain': fileURLToPath(new URL('./server/domain', import.meta.url)),
};

const WEB_TESTS = /\.test\.tsx?$/;
/**
 * What needs a module graph of its own: replacing modules (`vi.mock`), and faking timers, under
 * which a module loaded for the first time could keep the fake `setTimeout` for every later file.
 */
const NEEDS_ISOLATION = /\bvi\.(mock|doMock|unmock|doUnmock|useFakeTimers)\(/;

/**
 * The web test files that run isolated, as every file did before. The rest share one module
 * graph and one jsdom per worker (`isolate: false`), where a file's `vi.mock` would miss the
 * modules earlier files had loaded and hand its replacements to the files after it.
 */
const isolatedWebFiles = readdirSync(alias['@'], { recursive: true, encoding: 'utf8' })
  .filter(
    (path) =>
      WEB_TESTS.test(path) && NEEDS_ISOLATION.test(readFileSync(join(alias['@'], path), 'utf8')),
  )
  .map((path) => `src/${path.replaceAll('\\', '/')}`)
  .sort();

/** A project of the SPA's tests: components in jsdom against the mock API (src/testing). */
function webProject(test: {
  name: string;
  include: string[];
  exclude?: string[];
  isolate?: boolean;
}) {
  return {
    plugins: [react()],
    resolve: { alias },
    test: { environment: 'jsdom' as const, setupFiles: ['src/testing/setup.ts'], ...test },
  };
}

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on this 2-core machine, so half of
    // it idled. The files wait on PGlite and jsdom as much as they compute, so one per core. What
    // a file may share with the next is unchanged: the projects below set isolation per project.
    maxWorkers: '100%',
    projects: [
      webProject({
        name: 'web',
        include: ['src/**/*.test.{ts,tsx}'],
        exclude: [...configDefaults.exclude, ...isolatedWebFiles],
        // One jsdom and one module graph per worker instead of per file: about half the web
        // project's time went to building them again for every file. What a file leaves
        // behind (stores, storage, cookies, timers, the DOM, MSW handlers) src/testing/setup.ts
        // resets after every test.
        isolate: false,
      }),
      ...(isolatedWebFiles.length > 0
        ? [webProject({ name: 'web-isolated', include: isolatedWebFiles })]
        : []),
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          // One migrated PGlite database, copied by every file instead of each running initdb.
          globalSetup: ['server/src/testing/pglite-template.global.ts'],
          // Each file boots its own database; PGlite start-up dominates, so allow for it. With a
          // worker per core, a test shares its core with another file's PGlite: the property
          // tests (150 requests) took 10-25 s there, so a hang is still caught, at a minute.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The Kubernetes manifests (deploy/kubernetes): rendered by `kubectl kustomize` and
          // checked against the API's schemas, with TypeScript loading the API's declarations.
          name: 'deploy',
          environment: 'node',
          include: ['deploy/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The lint's own tests (scripts/eslint-boundaries.test.ts): ESLint in Node.
          name: 'scripts',
          environment: 'node',
          include: ['scripts/**/*.test.ts'],
          // Loading ESLint, its plugins and the TypeScript parser takes seconds on a busy machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
