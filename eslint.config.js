// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Formatting belongs to Prettier (`.prettierrc.json`). None of the presets below enables a
// stylistic rule (ESLint and typescript-eslint dropped them from their recommended sets), so
// there is nothing to switch off and the two tools cannot disagree.

const ROOT = import.meta.dirname;

// ---------------------------------------------------------------------------------------------
// Import direction (ARCHITECTURE.md "Layout"): shared (components, lib, config) → entities →
// features → app; features never import each other; src imports from outside itself only
// server/contract and server/domain; server never imports src; server/contract and
// server/domain stay loadable in a browser; e2e imports only server/contract and server/domain.
//
// Files of the repository are told apart by the file an import *resolves* to (through the
// tsconfig paths, so `@/…`, `@contract/…` and any later alias count), not by the text of the
// specifier: `../../../features/access/api/get-rules` and `@/features/access/api/get-rules` are
// the same file and the same violation. eslint-plugin-import-x checks the zones below; a zone
// whose folder does not exist (yet) matches nothing. Packages are told apart by their name,
// which is what identifies them. Feature zones are generated from the folders on disk at every
// ESLint start; an editor's ESLint server picks up a new feature after a restart.
// ---------------------------------------------------------------------------------------------

/** Sub-folders of `dir` (relative to the root), or none when it does not exist yet. */
function childFolders(dir) {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

const FEATURES = childFolders('src/features');
// Shared code. src/testing is exempt on purpose: its renderApp mounts the whole app (src/app)
// and its mocks cover every area.
const SHARED = ['src/components', 'src/lib', 'src/config'];
/** Code that both the SPA and the server run, so it must load in a browser. */
const BROWSER_SAFE = ['server/contract', 'server/domain'];

/**
 * The zones of `import-x/no-restricted-paths`, relative to the root: no file in `target` may
 * import a file in `from`, except one in `except` (relative to `from`).
 */
const ZONES = [
  {
    target: SHARED,
    from: ['src/entities', 'src/features', 'src/app'],
    message: 'Shared code (components, lib, config) never imports entities, features or src/app.',
  },
  {
    target: 'src/entities',
    from: ['src/features', 'src/app'],
    message: 'Entities never import features or src/app; features compose entities.',
  },
  {
    target: 'src/features',
    from: 'src/app',
    message: 'Features never import src/app; route modules compose features.',
  },
  ...FEATURES.map((feature) => ({
    target: `src/features/${feature}`,
    from: 'src/features',
    except: [feature],
    message:
      'Features never import each other: move what both need to src/entities or shared code, or compose them in a route module of src/app.',
  })),
  {
    target: 'src',
    from: '.',
    except: ['src', ...BROWSER_SAFE, 'node_modules'],
    message:
      'The SPA imports from outside src only server/contract (`@contract/…`) and server/domain, never server code, e2e or scripts.',
  },
  {
    target: 'server',
    from: 'src',
    message: 'The server never imports the SPA (src/).',
  },
  // In the two zones below, src is left to the zone above, which says why in one message.
  {
    target: 'server/contract',
    from: '.',
    except: [...BROWSER_SAFE, 'node_modules', 'src'],
    message: 'server/contract imports only its siblings and server/domain: the SPA loads it too.',
  },
  {
    target: 'server/domain',
    from: '.',
    except: [...BROWSER_SAFE, 'node_modules', 'src'],
    message:
      'server/domain is pure code the SPA and the server both run: it imports only itself and server/contract.',
  },
  {
    target: 'e2e',
    from: '.',
    // The test identity providers (server/src/testing/idp) are started by the journeys too.
    except: ['e2e', ...BROWSER_SAFE, 'node_modules', 'server/src/testing/idp'],
    message:
      'e2e tests drive the app; they import only server/contract, server/domain and the test identity providers (server/src/testing/idp).',
  },
];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex source matching a bare import of one of `packages` or a file inside it. */
const packageImport = (packages) => `^(${packages.map(escapeRegex).join('|')})(/|$)`;

/** Packages that run only on Node: database drivers, the ORM, mail, logging, the listener. */
const SERVER_ONLY_PACKAGES = [
  'pg',
  'drizzle-orm',
  'drizzle-kit',
  '@electric-sql/pglite',
  '@hono/node-server',
  'nodemailer',
  'pino',
  'proxy-addr',
];
const SERVER_ONLY = {
  regex: packageImport(SERVER_ONLY_PACKAGES),
  message: 'Code that runs in the browser never imports a server-only package.',
};
/**
 * server/contract imports no package but zod (re2js for patterns, yaml for definitions: the
 * browser and the server check them with the same code); its tests add their tools.
 */
const contractPackages = (packages) => ({
  regex: `^(?!\\.|${packageImport(packages).slice(1)})`,
  message: `server/contract imports no package but ${packages.join(', ')}: the SPA loads it too.`,
});
const CONTRACT_PACKAGES = ['zod', 're2js', 'yaml'];
const TEST_FILES = '**/*.test.{ts,tsx}';

const importRules = [
  {
    name: 'perimeter/imports',
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [
        // tsconfig.json references the SPA's and the node side's configs, with their paths.
        createTypeScriptImportResolver({ project: path.join(ROOT, 'tsconfig.json') }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: ZONES }],
      // A zone sees only what resolves: an import the resolver cannot follow would slip past it.
      'import-x/no-unresolved': 'error',
    },
  },
  {
    // Vite would only stub a builtin for the browser; a test may read a fixture from disk.
    // server/contract admits no package but its own few (below), so no builtin either.
    name: 'perimeter/imports/browser',
    files: ['src/**', 'server/domain/**'],
    ignores: [TEST_FILES],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    name: 'perimeter/imports/server-only-packages',
    files: ['src/**', 'server/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVER_ONLY] }] },
  },
  {
    name: 'perimeter/imports/contract-packages',
    files: ['server/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [contractPackages(CONTRACT_PACKAGES)] }],
    },
  },
  {
    name: 'perimeter/imports/contract-test-packages',
    files: [`server/contract/${TEST_FILES}`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [contractPackages([...CONTRACT_PACKAGES, 'vitest', 'fast-check'])] },
      ],
    },
  },
  {
    // Type-only imports do not count: they vanish at build time.
    name: 'perimeter/imports/cycles',
    files: ['src/**', 'server/**'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
];

export default defineConfig([
  globalIgnores([
    'dist/',
    'dist-server/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    'server/contract/api-paths.gen.ts',
    'server/openapi.json',
    'server/src/db/migrations/',
    'public/mockServiceWorker.js',
  ]),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'perimeter/spa',
    // The Lighthouse floor (scripts/bench-lighthouse.ts) is a browser app of the same stack.
    files: ['src/**/*.{ts,tsx}', 'bench/lighthouse-floor/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    name: 'perimeter/node',
    files: ['server/**', 'e2e/**', 'scripts/**', 'deploy/**', '*.{js,mjs,cjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  ...importRules,
  {
    // One place reads the environment, so the README's configuration table stays complete.
    name: 'perimeter/server-env',
    files: ['server/src/**'],
    ignores: [
      'server/src/env.ts',
      // Test helpers may read test-only switches (e.g. TEST_DATABASE_URL) directly.
      'server/src/testing/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through server/src/env.ts, the only reader of process.env.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']",
          message: 'Read configuration through server/src/env.ts, the only reader of process.env.',
        },
        // Request input reaches a handler only through the router's validation (lib/router.ts),
        // whose hook also refuses text no field can hold (lib/text-input.ts) in every part.
        {
          selector:
            "MemberExpression[object.property.name='req'][property.name=/^(query|queries|param|json|text|parseBody|formData|arrayBuffer|blob)$/]",
          message:
            'Read request input with c.req.valid(…) from a route declared with createRoute: the validation hook refuses what no field can hold.',
        },
        {
          selector: "CallExpression[callee.property.name='openapi'][arguments.length>2]",
          message:
            'No hook of its own: the router’s default hook answers 422 and refuses text no field can hold (lib/router.ts).',
        },
        {
          selector: "NewExpression[callee.name='OpenAPIHono']",
          message:
            'Build routers with createRouter() (lib/router.ts), whose validation hook every route needs.',
        },
      ],
    },
  },
]);
