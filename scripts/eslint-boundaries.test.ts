import { ESLint, type Linter } from 'eslint';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import directions of ARCHITECTURE.md, proved on the project's own eslint.config.js.
 *
 * The config is copied, with the tsconfig files it resolves through, into a small tree of the
 * same layout, so that every imported file exists (the zones and the cycle rule look at the
 * file an import resolves to) whatever the real tree holds at the moment: features come and go,
 * server/domain may not exist yet. The config reads its features and zones relative to its own
 * folder, so the copy lints the small tree exactly as the original lints the real one.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const COPIED = [
  'eslint.config.js',
  'tsconfig.json',
  'tsconfig.app.json',
  'tsconfig.node.json',
  'tsconfig.base.json',
];

const CYCLE_A = "import { b } from './cycle-b';\nexport const a = () => b();\n";

/** The files of the small tree: every target an import below names. */
const FILES: Record<string, string> = {
  'src/features/access/api/get-rules.ts': 'export const getRules = () => [];\n',
  'src/features/people/api/invite-person.ts': 'export const invitePerson = () => undefined;\n',
  'src/entities/teams/team-keys.ts': "export const teamKeys = { all: ['teams'] as const };\n",
  'src/entities/people/person-keys.ts': "export const personKeys = { all: ['people'] as const };\n",
  'src/lib/format.ts': 'export const format = (value: string) => value;\n',
  'src/app/router.tsx': 'export const router = null;\n',
  'src/lib/cycle-a.ts': CYCLE_A,
  'src/lib/cycle-b.ts': "import { a } from './cycle-a';\nexport const b = () => a();\n",
  'server/contract/tags.ts': "export const TAG_KEY = 'team';\n",
  'server/domain/patterns.ts': 'export const matches = (pattern: string) => pattern.length > 0;\n',
  'server/src/app.ts': 'export const createApp = () => null;\n',
  'e2e/fixtures.ts': 'export const baseURL = "http://127.0.0.1";\n',
  'server/src/testing/idp/oidc-idp.ts': 'export const startOidcIdp = () => null;\n',
  'server/src/testing/test-app.ts': 'export const createTestApp = () => null;\n',
};

let tree: string;
let eslint: ESLint;

beforeAll(() => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), 'perimeter-lint-'));
  for (const file of COPIED) fs.copyFileSync(path.join(ROOT, file), path.join(tree, file));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), text);
  }
  eslint = new ESLint({ cwd: tree });
});

afterAll(() => {
  if (tree) fs.rmSync(tree, { recursive: true, force: true });
});

/** The problems ESLint reports for `code` written in `file` (relative to the tree). */
async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const results = await eslint.lintText(code, { filePath: path.join(tree, file) });
  return results.flatMap((result) => result.messages);
}

/** What a rejection looks like: one error of `ruleId` on line 1. */
const rejectedBy = (ruleId: string) => [expect.objectContaining({ ruleId, line: 1, severity: 2 })];

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('the lint rejects an import against the direction', () => {
  it.each([
    // The import that regexes over the specifier let through: the long way round to a sibling.
    ['src/features/people/components/people-table.tsx', '../../../features/access/api/get-rules'],
    ['src/features/people/components/people-table.tsx', '../../access/api/get-rules'],
    ['src/features/people/components/people-table.tsx', '@/features/access/api/get-rules'],
    ['src/features/people/people-page.tsx', '@/app/router'],
    ['src/entities/teams/use-teams.ts', '@/features/access/api/get-rules'],
    ['src/entities/teams/use-teams.ts', '../../app/router'],
    ['src/lib/api/rules.ts', '@/features/access/api/get-rules'],
    ['src/lib/api/teams.ts', '@/entities/teams/team-keys'],
    ['src/components/team-picker.tsx', '../entities/teams/team-keys'],
    ['src/config/paths.ts', '@/app/router'],
    ['src/lib/api/client.ts', '../../../server/src/app'],
    ['src/features/people/api/x.ts', '../../../../e2e/fixtures'],
    ['server/src/modules/teams/teams.service.ts', '../../../../src/lib/format'],
    ['server/contract/teams.ts', '../src/app'],
    ['server/contract/teams.ts', '../../src/lib/format'],
    ['server/domain/access.ts', '../src/app'],
    ['server/domain/access.ts', '../../src/lib/format'],
    ['e2e/teams.spec.ts', '../src/lib/format'],
    ['e2e/teams.spec.ts', '../server/src/app'],
    ['e2e/sso-oidc.spec.ts', '../server/src/testing/test-app'],
  ])('%s importing %s', async (file, specifier) => {
    expect(await lint(file, importing(specifier))).toEqual(
      rejectedBy('import-x/no-restricted-paths'),
    );
  });

  it.each([
    ['server/domain/access.ts', 'node:fs'],
    ['server/domain/access.ts', 'path'],
    ['src/lib/format-size.ts', 'node:path'],
  ])('%s importing the node builtin %s', async (file, specifier) => {
    expect(await lint(file, importing(specifier))).toEqual(
      rejectedBy('import-x/no-nodejs-modules'),
    );
  });

  it.each([
    ['server/domain/access.ts', 'drizzle-orm'],
    ['server/domain/access.ts', 'pg'],
    ['server/domain/access.ts', '@electric-sql/pglite'],
    ['src/lib/api/client.ts', 'drizzle-orm/pg-core'],
    ['server/contract/teams.ts', 'hono'],
    ['server/contract/teams.ts', 'node:crypto'],
    ['server/contract/teams.ts', 'vitest'],
  ])('%s importing the package %s', async (file, specifier) => {
    expect(await lint(file, importing(specifier))).toEqual(rejectedBy('no-restricted-imports'));
  });

  it('reports a cycle', async () => {
    expect(await lint('src/lib/cycle-a.ts', CYCLE_A)).toEqual(rejectedBy('import-x/no-cycle'));
  });
});

describe('the lint lets an import along the direction through', () => {
  it.each([
    ['src/features/people/components/people-table.tsx', '@/entities/teams/team-keys'],
    ['src/features/people/components/people-table.tsx', '../api/invite-person'],
    ['src/features/people/components/people-table.tsx', '@/features/people/api/invite-person'],
    ['src/features/people/components/people-table.tsx', '@/lib/format'],
    ['src/features/people/components/people-table.tsx', '@contract/tags'],
    ['src/entities/teams/use-teams.ts', '../people/person-keys'],
    ['src/entities/teams/use-teams.ts', '@/lib/format'],
    ['src/lib/api/client.ts', '../../../server/domain/patterns'],
    ['src/app/routes/people.tsx', '@/features/people/api/invite-person'],
    ['src/testing/test-utils.tsx', '@/app/router'],
    ['server/src/modules/teams/teams.service.ts', '../../../domain/patterns'],
    ['server/src/modules/teams/teams.service.ts', 'drizzle-orm'],
    ['server/src/lib/files.ts', 'node:fs'],
    ['server/contract/teams.ts', './tags'],
    ['server/contract/teams.ts', '../domain/patterns'],
    ['server/contract/teams.ts', 'zod'],
    ['server/contract/teams.test.ts', 'vitest'],
    ['server/domain/access.ts', '../contract/tags'],
    ['server/domain/access.ts', './patterns'],
    ['server/domain/access.ts', 'zod'],
    ['e2e/teams.spec.ts', '../server/contract/tags'],
    ['e2e/teams.spec.ts', './fixtures'],
    ['e2e/teams.spec.ts', 'node:fs'],
    // The journeys start the test identity providers themselves.
    ['e2e/sso-oidc.spec.ts', '../server/src/testing/idp/oidc-idp'],
  ])('%s importing %s', async (file, specifier) => {
    // No `import-x/no-unresolved` either: the import did resolve, so the zones did look at it.
    expect(await lint(file, importing(specifier))).toEqual([]);
  });
});
