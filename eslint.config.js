// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Formatting belongs to Prettier (`.prettierrc.json`). None of the presets below enables a
// stylistic rule (ESLint and typescript-eslint dropped them from their recommended sets), so
// there is nothing to switch off and the two tools cannot disagree.

const ROOT = import.meta.dirname;
const SOURCE_FILES = '*.{ts,tsx,js,jsx,mjs,cjs}';

// ---------------------------------------------------------------------------------------------
// Import direction (ARCHITECTURE.md): shared → features → app; features never import each
// other; src never imports server code but server/contract; server never imports src;
// server/contract imports only zod (re2js for patterns, yaml for definitions) and its siblings; e2e imports only
// server/contract.
//
// `no-restricted-imports` matches the import *specifier*, not the resolved file, so a regex
// alone cannot tell `../../teams/api` (another feature, from src/features/users/components)
// from a legitimate path, nor `../../src/x` (the SPA) from `../src/x` (server/src). We
// therefore generate one override per existing source folder, whose patterns spell the exact
// relative path from that folder to each forbidden folder, plus the `@/` and `@contract/`
// aliases. Paths are matched in the shortest form, the one editors and TypeScript write
// (`../../teams/x`, not `../../../features/teams/x`). The folders are read from disk at every
// ESLint start; a long-running editor
// session picks up a brand-new folder after an ESLint server restart (the CLI always does).
// ---------------------------------------------------------------------------------------------

/** Path aliases of tsconfig.app.json / vitest.config.ts: specifier prefix → folder. */
const ALIASES = { '@/': 'src', '@contract/': 'server/contract' };

/** Sub-folders of `dir` (relative to the root), or none when it does not exist yet. */
function childFolders(dir) {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** `dir` and every folder below it, relative to the root with forward slashes. */
function foldersUnder(dir) {
  return [dir, ...childFolders(dir).flatMap((name) => foldersUnder(`${dir}/${name}`))];
}

const FEATURES = childFolders('src/features');
// Shared code. src/testing is exempt on purpose: its renderApp mounts the whole app (src/app)
// and its mocks cover every area.
const SHARED = ['src/components', 'src/lib', 'src/config'];

/**
 * @typedef {{ from: string, to: string, except?: string, message: string }} Boundary
 * Files in a `from` folder (and below) may not import anything in `to`, except in `except`.
 * @type {Boundary[]}
 */
const BOUNDARIES = [
  {
    from: 'src',
    to: 'server',
    except: 'server/contract',
    message: 'The SPA imports only server/contract (as `@contract/…`), never server code.',
  },
  ...SHARED.flatMap((from) => [
    {
      from,
      to: 'src/features',
      message: 'Shared code (components, lib, config) never imports a feature.',
    },
    { from, to: 'src/app', message: 'Shared code never imports src/app.' },
  ]),
  {
    from: 'src/features',
    to: 'src/app',
    message: 'Features never import src/app; route modules compose features.',
  },
  ...FEATURES.map((feature) => ({
    from: `src/features/${feature}`,
    to: 'src/features',
    except: `src/features/${feature}`,
    message: 'Features never import each other: compose them in a route module of src/app.',
  })),
  {
    from: 'server',
    to: 'src',
    message: 'The server never imports the SPA (src/).',
  },
  {
    from: 'server/contract',
    to: 'server',
    except: 'server/contract',
    message: 'server/contract imports only zod and sibling contract files.',
  },
  {
    from: 'e2e',
    to: 'src',
    message: 'e2e tests drive the app; they import only server/contract.',
  },
  {
    from: 'e2e',
    to: 'server',
    except: 'server/contract',
    message: 'e2e tests drive the app; they import only server/contract.',
  },
];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeGlob = (text) => text.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
const isWithin = (dir, parent) => dir === parent || dir.startsWith(`${parent}/`);

/** Regex source for "this path, or below it, but not below `except`, and not climbing back out". */
function below(prefix, to, except) {
  const excluded = ['\\.\\.(/|$)'];
  if (except) excluded.push(`${escapeRegex(path.posix.relative(to, except))}(/|$)`);
  return `${prefix}(/(?!${excluded.join('|')})|$)`;
}

/** The regex sources that match an import, written in `dir`, of a file in `to` (not `except`). */
function specifiersOf(dir, { to, except }) {
  const relative = path.posix.relative(dir, to);
  const sources = [
    relative.startsWith('..')
      ? below(`^(\\./)?${escapeRegex(relative)}`, to, except) // `../x`, also written `./../x`
      : below(`^\\.${relative ? `/${escapeRegex(relative)}` : ''}`, to, except), // `./x`
  ];
  for (const [alias, target] of Object.entries(ALIASES)) {
    if (isWithin(to, target)) {
      const rest = path.posix.relative(target, to);
      sources.push(
        below(
          `^${escapeRegex(alias.slice(0, -1))}${rest ? `/${escapeRegex(rest)}` : ''}`,
          to,
          except,
        ),
      );
    } else if (isWithin(target, to) && !(except && isWithin(target, except))) {
      sources.push(`^${escapeRegex(alias)}`);
    }
  }
  return sources;
}

/** One `no-restricted-imports` override per source folder, holding every boundary it obeys. */
function importBoundaries() {
  return ['src', 'server', 'e2e'].flatMap(foldersUnder).flatMap((dir) => {
    const patterns = BOUNDARIES.filter(({ from }) => isWithin(dir, from)).flatMap((boundary) =>
      specifiersOf(dir, boundary).map((regex) => ({
        regex,
        caseSensitive: true,
        message: boundary.message,
      })),
    );
    if (isWithin(dir, 'server/contract')) {
      patterns.push({
        // re2js and yaml too: patterns and pipeline definitions are checked by the same code in
        // the browser and on the server.
        regex: '^(?!\\.|zod(/|$)|re2js$|yaml$)',
        caseSensitive: true,
        message: 'server/contract imports only zod, re2js, yaml and sibling contract files.',
      });
    }
    if (patterns.length === 0) return [];
    return [
      {
        name: `perimeter/import-boundaries/${dir}`,
        files: [`${escapeGlob(dir)}/${SOURCE_FILES}`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      },
    ];
  });
}

export default defineConfig([
  globalIgnores([
    'dist/',
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
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    name: 'perimeter/node',
    files: ['server/**', 'e2e/**', 'scripts/**', '*.{js,mjs,cjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  ...importBoundaries(),
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
