import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitProviderSchema } from '../../../contract/integrations';
import { PATTERN_MAX_LENGTH } from '../../../domain/patterns';
import {
  RESTRICTION_IMPACT_LISTED,
  restrictionImpactSchema,
  restrictionsSchema,
  restrictionTestResultSchema,
  type UpdateRestrictionsRequest,
} from '../../../contract/restrictions';
import { etagOf } from '../../../contract/versions';
import { pipelines } from '../../db/schema';
import { ok, type SignedIn } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { checkRestrictions } from '../pipelines/definition-sources';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The seeds' branch restriction (P-4.4): only `pipeline-definition`. */
const SEEDS_BRANCHES = '/^((pipeline-definition)$).*/g';
const NONE: UpdateRestrictionsRequest = { repositories: null, branches: null, paths: null };

async function providerOf(admin: TestAgent, name = 'github') {
  t.clock.advance(1000);
  const created = await ok(admin.post('/api/git-providers', { name, kind: 'github' }), 201);
  return gitProviderSchema.parse(created);
}

async function scene() {
  const admin = (await t.signedIn()) as SignedIn;
  const provider = await providerOf(admin);
  const path = `/api/git-providers/${provider.id}/restrictions`;
  return { admin, provider, path };
}

/** A git pipeline of the provider, made while it allows everything. */
async function gitPipeline(
  admin: TestAgent,
  gitProviderId: string,
  name: string,
  definition: { repository?: string; branch?: string; path?: string } = {},
) {
  const source = {
    type: 'git',
    gitProviderId,
    repository: 'acme/api',
    branch: 'main',
    path: 'codefresh.yml',
    ...definition,
  };
  return ok<{ id: string }>(admin.post('/api/pipelines', { name, project: 'p', source }), 201);
}

async function auditOf(admin: TestAgent, targetId: string) {
  t.clock.advance(1000);
  return ok<{ items: { action: string; before: unknown; after: unknown }[] }>(
    admin.get(`/api/audit?targetId=${targetId}&action=git-provider.restrictions-updated`),
  );
}

describe('GET/PUT /api/git-providers/:id/restrictions', () => {
  it('starts with nothing restricted, at version 1, set by nobody', async () => {
    const { admin, provider, path } = await scene();
    const res = await admin.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(restrictionsSchema.strict().parse(await res.json())).toEqual({
      gitProviderId: provider.id,
      repositories: null,
      branches: null,
      paths: null,
      pipelines: { total: 0, refused: 0 },
      version: 1,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('saves all three, records who and when, and writes one audit entry with before and after', async () => {
    const { admin, provider, path } = await scene();
    const me = await ok<{ name: string }>(admin.get('/api/me'));
    t.clock.advance(1000);
    const res = await admin.put(path, {
      repositories: { names: ['acme/web', 'acme/api', 'acme/web'] },
      branches: ` ${SEEDS_BRANCHES} `,
      paths: 'ci/**',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const saved = restrictionsSchema.strict().parse(await res.json());
    expect(saved).toEqual({
      gitProviderId: provider.id,
      repositories: { names: ['acme/api', 'acme/web'] },
      branches: SEEDS_BRANCHES,
      paths: 'ci/**',
      pipelines: { total: 0, refused: 0 },
      version: 2,
      updatedAt: t.clock.now().toISOString(),
      updatedBy: { id: admin.userId, name: me.name },
    });
    expect(await ok(admin.get(path))).toEqual(saved);
    const audit = await auditOf(admin, provider.id);
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'git-provider.restrictions-updated',
        before: { repositories: null, branches: null, paths: null },
        after: {
          repositories: { names: ['acme/api', 'acme/web'] },
          branches: SEEDS_BRANCHES,
          paths: 'ci/**',
        },
      }),
    ]);

    // The same restrictions again: no new version, no new entry.
    const again = await admin.put(path, {
      repositories: { names: ['acme/web', 'acme/api'] },
      branches: SEEDS_BRANCHES,
      paths: 'ci/**',
    });
    expect(again.headers.get('etag')).toBe('"2"');
    expect((await again.json()).version).toBe(2);
    expect((await auditOf(admin, provider.id)).items).toHaveLength(1);

    // Null allows everything again.
    const cleared = await ok(admin.put(path, NONE));
    expect(cleared).toMatchObject({ ...NONE, version: 3 });
    // The provider itself is unchanged: its own version is separate.
    expect((await ok(admin.get(`/api/git-providers/${provider.id}`))).version).toBe(1);
  });

  it('honours If-Match: 412 with the current ETag when stale, and nothing changes', async () => {
    const { admin, path } = await scene();
    await ok(admin.put(path, { ...NONE, branches: '^main$' }, { headers: { 'if-match': '"1"' } }));
    const stale = await admin.put(
      path,
      { ...NONE, branches: '^release$' },
      { headers: { 'if-match': etagOf(1) } },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await stale.json()).code).toBe('stale-version');
    expect(await ok(admin.get(path))).toMatchObject({ branches: '^main$', version: 2 });
    // The current version, or none, applies.
    const current = await admin.put(
      path,
      { ...NONE, branches: '^release$' },
      { headers: { 'if-match': 'W/"2"' } },
    );
    expect(current.status).toBe(200);
    expect((await admin.put(path, NONE)).status).toBe(200);
  });

  it('counts the pipelines defined in the provider and how many the restrictions refuse', async () => {
    const { admin, provider, path } = await scene();
    const other = await providerOf(admin, 'gitlab-mirror');
    await gitPipeline(admin, provider.id, 'main-api');
    await gitPipeline(admin, provider.id, 'release-api', { branch: 'release' });
    await gitPipeline(admin, provider.id, 'web', { repository: 'acme/web', branch: 'release' });
    await gitPipeline(admin, other.id, 'elsewhere');
    await ok(admin.post('/api/pipelines', { name: 'inline', project: 'p' }), 201);
    expect((await ok(admin.get(path))).pipelines).toEqual({ total: 3, refused: 0 });

    const saved = await ok(admin.put(path, { ...NONE, branches: '^release$' }));
    expect(saved.pipelines).toEqual({ total: 3, refused: 1 });
    const both = await ok(
      admin.put(path, {
        repositories: { pattern: '^acme/api$' },
        branches: '^release$',
        paths: null,
      }),
    );
    expect(both.pipelines).toEqual({ total: 3, refused: 2 });
  });

  it('refuses invalid patterns and globs with 422 on the field and the reason, and keeps what was saved', async () => {
    const { admin, path } = await scene();
    await ok(admin.put(path, { ...NONE, branches: '^main$' }));
    const cases: Array<[UpdateRestrictionsRequest | Record<string, unknown>, string, RegExp]> = [
      [{ ...NONE, branches: '/a/x' }, 'branches', /\/x is not a flag here/],
      [
        { ...NONE, branches: '(' },
        'branches',
        /^Not a valid regular expression \(RE2 syntax: .+\)/,
      ],
      [{ ...NONE, branches: 'a{2,1}' }, 'branches', /^Not a valid regular expression/],
      [{ ...NONE, branches: '(a)\\1' }, 'branches', /^Not a valid regular expression/],
      [{ ...NONE, branches: '(?=a)' }, 'branches', /^Not a valid regular expression/],
      [{ ...NONE, branches: '/(?<=a)b/i' }, 'branches', /^Not a valid regular expression/],
      [{ ...NONE, branches: '   ' }, 'branches', /^Write a regular expression/],
      [
        { ...NONE, branches: 'a'.repeat(PATTERN_MAX_LENGTH + 1) },
        'branches',
        /^A pattern has at most 1,000 characters\.$/,
      ],
      [{ ...NONE, repositories: { pattern: '[a-' } }, 'repositories.pattern', /^Not a valid/],
      [{ ...NONE, repositories: { pattern: '/^acme/q' } }, 'repositories.pattern', /\/q is not/],
      [{ ...NONE, repositories: { names: [] } }, 'repositories.names', /^Pick at least one/],
      [{ ...NONE, repositories: { names: ['no slash'] } }, 'repositories.names.0', /^Name the/],
      [{ ...NONE, repositories: 'acme/*' }, 'repositories', /^Give the repositories as/],
      [{ ...NONE, paths: '{a' }, 'paths', /^Not a valid glob: A \{ is not closed\.$/],
      [{ ...NONE, paths: 'ci/}' }, 'paths', /^Not a valid glob: A \} closes no \{\.$/],
      [{ ...NONE, paths: '' }, 'paths', /^Write a glob/],
      [{ ...NONE, branches: 42 }, 'branches', /^Write a regular expression\.$/],
      [{ repositories: null, branches: null }, 'paths', /./],
      [{ ...NONE, tags: null }, '', /./],
    ];
    for (const [body, field, reason] of cases) {
      const res = await admin.put(path, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      const error = problem.errors.find((e: { path: string }) => e.path === field);
      expect(error, `${JSON.stringify(body)}: ${JSON.stringify(problem.errors)}`).toBeDefined();
      expect(error.message, JSON.stringify(body)).toMatch(reason);
    }
    expect(await ok(admin.get(path))).toMatchObject({ ...NONE, branches: '^main$', version: 2 });
  });

  it('is for administrators of the provider’s account: 403 to user level, 404 to another account', async () => {
    const { admin, provider, path } = await scene();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.get(path)).status).toBe(403);
    expect((await user.put(path, { ...NONE, branches: '^x$' })).status).toBe(403);
    const stranger = await t.signedIn();
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.put(path, { ...NONE, branches: '^x$' })).status).toBe(404);
    const test = { gitProviderId: provider.id, repository: 'a/b', branch: 'main', path: 'c.yml' };
    expect((await stranger.post('/api/restrictions/test', test)).status).toBe(404);
    expect((await admin.get(path.replace(provider.id, crypto.randomUUID()))).status).toBe(404);
    expect((await admin.get('/api/git-providers/not-an-id/restrictions')).status).toBe(422);
    expect(await ok(admin.get(path))).toMatchObject({ ...NONE, version: 1 });
  });
});

describe('POST /api/git-providers/:id/restrictions/impact', () => {
  /** `count` git pipelines of the provider in project `project`, inserted at once. */
  async function manyPipelines(
    accountId: string,
    gitProviderId: string,
    project: string,
    count: number,
    definition: { repository: string; branch: string; path: string },
  ) {
    const now = t.clock.now();
    await t.deps.db.insert(pipelines).values(
      Array.from({ length: count }, (_, i) => ({
        accountId,
        project,
        name: `pipeline-${String(i).padStart(3, '0')}`,
        sourceType: 'git' as const,
        gitProviderId,
        gitRepository: definition.repository,
        gitBranch: definition.branch,
        gitPath: definition.path,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }

  it('counts every pipeline of the provider that unsaved restrictions would refuse, names the first ten, and saves nothing', async () => {
    const { admin, provider, path } = await scene();
    const other = await providerOf(admin, 'elsewhere');
    // More than any page (at most 100): the count is over all of them.
    await manyPipelines(admin.accountId, provider.id, 'zeta', 140, {
      repository: 'acme/api',
      branch: 'main',
      path: 'codefresh.yml',
    });
    await gitPipeline(admin, provider.id, 'Release-API', { branch: 'release' });
    await gitPipeline(admin, provider.id, 'web', { repository: 'acme/web' });
    await gitPipeline(admin, other.id, 'elsewhere');
    await ok(admin.post('/api/pipelines', { name: 'inline', project: 'p' }), 201);

    const res = await admin.post(`${path}/impact`, { ...NONE, branches: '^release$' });
    expect(res.status).toBe(200);
    const impact = restrictionImpactSchema.strict().parse(await res.json());
    expect(impact).toMatchObject({ total: 142, refused: 141, stopped: 141, allowedAgain: 0 });
    expect(impact.pipelines).toHaveLength(RESTRICTION_IMPACT_LISTED);
    // By project, then name, whatever the case: p/web before the 140 of project zeta.
    expect(impact.pipelines.map((p) => `${p.project}/${p.name}`)).toEqual([
      'p/web',
      ...Array.from({ length: 9 }, (_, i) => `zeta/pipeline-00${i}`),
    ]);
    expect(impact.pipelines[0]).toEqual({
      id: expect.any(String),
      project: 'p',
      name: 'web',
      repository: 'acme/web',
      branch: 'main',
      path: 'codefresh.yml',
      stops: true,
      refusedBy: ['Branches: main does not match ^release$.'],
    });

    // Nothing was saved: not the restrictions, not their version, no audit entry.
    expect(await ok(admin.get(path))).toMatchObject({
      ...NONE,
      version: 1,
      pipelines: { total: 142, refused: 0 },
    });
    expect((await auditOf(admin, provider.id)).items).toEqual([]);
  });

  it('puts the pipelines it would stop before those already refused, and counts those it lets run again', async () => {
    const { admin, provider, path } = await scene();
    await gitPipeline(admin, provider.id, 'a-dev', { branch: 'dev' });
    await gitPipeline(admin, provider.id, 'b-feature', { branch: 'feature' });
    await gitPipeline(admin, provider.id, 'c-main');
    await gitPipeline(admin, provider.id, 'd-docs', { path: 'docs/ci.yml' });
    // Saved: dev and feature are refused already.
    await ok(admin.put(path, { ...NONE, branches: '^(main|release)$' }));

    const impact = await ok(
      admin.post(`${path}/impact`, {
        repositories: { names: ['acme/api'] },
        branches: '^(main|feature)$',
        paths: 'codefresh.yml',
      }),
    );
    expect(impact).toMatchObject({ total: 4, refused: 2, stopped: 1, allowedAgain: 1 });
    expect(impact.pipelines).toEqual([
      expect.objectContaining({
        name: 'd-docs',
        stops: true,
        refusedBy: ['Paths: docs/ci.yml does not match codefresh.yml.'],
      }),
      expect.objectContaining({
        name: 'a-dev',
        stops: false,
        refusedBy: ['Branches: dev does not match ^(main|feature)$.'],
      }),
    ]);
    // Nothing refused, nothing to name.
    expect(await ok(admin.post(`${path}/impact`, NONE))).toEqual({
      total: 4,
      refused: 0,
      stopped: 0,
      allowedAgain: 2,
      pipelines: [],
    });
    expect(await ok(admin.get(path))).toMatchObject({ branches: '^(main|release)$', version: 2 });
  });

  it('is for administrators of the provider’s account, and refuses bad patterns with 422 on the field', async () => {
    const { admin, provider, path } = await scene();
    const body = { ...NONE, branches: '^x$' };
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const refused = await user.post(`${path}/impact`, body);
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('administrators-only');
    const stranger = await t.signedIn();
    expect((await stranger.post(`${path}/impact`, body)).status).toBe(404);
    expect(
      (await admin.post(`${path.replace(provider.id, crypto.randomUUID())}/impact`, body)).status,
    ).toBe(404);
    const invalid = await admin.post(`${path}/impact`, { ...NONE, branches: '(' });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors[0].path).toBe('branches');
    expect((await admin.post(`${path}/impact`, { branches: null })).status).toBe(422);
  });
});

describe('POST /api/restrictions/test', () => {
  const definition = (gitProviderId: string, branch: string) => ({
    gitProviderId,
    repository: 'acme/api',
    branch,
    path: './ci/build.yml',
  });

  it('with the seeds’ literal pattern, allows pipeline-definition and refuses main and pipeline-definition-2', async () => {
    const { admin, provider, path } = await scene();
    await ok(admin.put(path, { ...NONE, branches: SEEDS_BRANCHES }));
    const verdict = async (branch: string) =>
      restrictionTestResultSchema
        .strict()
        .parse(await ok(admin.post('/api/restrictions/test', definition(provider.id, branch))));

    expect(await verdict('pipeline-definition')).toEqual({
      allowed: true,
      checks: [
        {
          restriction: 'repositories',
          value: 'acme/api',
          rule: null,
          outcome: 'not-set',
          detail: 'Every repository is allowed.',
        },
        {
          restriction: 'branches',
          value: 'pipeline-definition',
          rule: SEEDS_BRANCHES,
          outcome: 'allowed',
          detail: `pipeline-definition matches ${SEEDS_BRANCHES}.`,
        },
        {
          restriction: 'paths',
          value: 'ci/build.yml',
          rule: null,
          outcome: 'not-set',
          detail: 'Every path is allowed.',
        },
      ],
    });
    for (const branch of ['main', 'pipeline-definition-2']) {
      const result = await verdict(branch);
      expect(result.allowed, branch).toBe(false);
      expect(result.checks[1], branch).toEqual({
        restriction: 'branches',
        value: branch,
        rule: SEEDS_BRANCHES,
        outcome: 'refused',
        detail: `${branch} does not match ${SEEDS_BRANCHES}.`,
      });
    }
  });

  it('tries unsaved restrictions when given, and leaves the saved ones alone', async () => {
    const { admin, provider, path } = await scene();
    await ok(admin.put(path, { ...NONE, branches: '^main$' }));
    const trying = {
      ...definition(provider.id, 'main'),
      restrictions: {
        repositories: { names: ['acme/web'] },
        branches: '^release-',
        paths: 'ci/*.yml',
      },
    };
    const tried = await ok<{ allowed: boolean; checks: { outcome: string }[] }>(
      admin.post('/api/restrictions/test', trying),
    );
    expect(tried.allowed).toBe(false);
    expect(tried.checks.map((check) => check.outcome)).toEqual(['refused', 'refused', 'allowed']);
    // Without them, the saved ones decide.
    const saved = await ok<{ allowed: boolean }>(
      admin.post('/api/restrictions/test', definition(provider.id, 'main')),
    );
    expect(saved.allowed).toBe(true);
    expect(await ok(admin.get(path))).toMatchObject({ branches: '^main$', version: 2 });
  });

  it('refuses bad input with 422 on the field, an unknown provider with 404, and user level with 403', async () => {
    const { admin, provider } = await scene();
    const good = definition(provider.id, 'main');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, restrictions: { ...NONE, branches: '(?=a)' } }, 'restrictions.branches'],
      [{ ...good, restrictions: { ...NONE, paths: '{a' } }, 'restrictions.paths'],
      [
        { ...good, restrictions: { ...NONE, repositories: { pattern: '(' } } },
        'restrictions.repositories.pattern',
      ],
      [{ ...good, restrictions: { branches: null } }, 'restrictions.repositories'],
      [{ ...good, branch: 'has space' }, 'branch'],
      [{ ...good, branch: 'a'.repeat(251) }, 'branch'],
      [{ ...good, repository: 'no-owner' }, 'repository'],
      [{ ...good, path: '../secrets.yml' }, 'path'],
      [{ ...good, gitProviderId: 'github' }, 'gitProviderId'],
      [{ ...good, extra: true }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/restrictions/test', body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(422);
      const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
      expect(paths, JSON.stringify(body).slice(0, 200)).toContain(field);
    }
    const unknown = await admin.post('/api/restrictions/test', {
      ...good,
      gitProviderId: crypto.randomUUID(),
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).detail).toBe('There is no such git provider.');
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.post('/api/restrictions/test', good)).status).toBe(403);
  });
});

// P-4.3: matching runs on RE2, linear in the input. A JavaScript RegExp takes time exponential
// in the input on these patterns: it would not finish on any input below, and the test would
// hit its timeout.
describe('linear-time matching', () => {
  const hostile = ['^(a+)+$', '(x+x+)+y', '^(a|a)*$', '/^(([a-z])+.)+[A-Z]([a-z])+$/i'];

  it('decides a hostile pattern on a 100 kB value', { timeout: 10_000 }, () => {
    const value = `${'a'.repeat(50_000)}${'x'.repeat(50_000)}!`;
    for (const pattern of hostile) {
      const result = checkRestrictions(
        { repositories: { pattern }, branches: pattern, paths: '**/*a*a*a*a*a*a*a*a*a*.yml' },
        { repository: value, branch: value, path: value },
      );
      expect(result.allowed, pattern).toBe(false);
      expect(result.checks.map((check) => check.outcome)).toEqual([
        'refused',
        'refused',
        'refused',
      ]);
    }
    const allowed = checkRestrictions(
      { repositories: null, branches: '^(a+)+$', paths: null },
      { repository: 'a/b', branch: 'a'.repeat(100_000), path: 'x.yml' },
    );
    expect(allowed.allowed).toBe(true);
  });

  it(
    'answers the tester with hostile patterns and the longest values the contract allows',
    { timeout: 10_000 },
    async () => {
      const { admin, provider } = await scene();
      const longest = {
        gitProviderId: provider.id,
        repository: `${'a'.repeat(99)}/${'a'.repeat(100)}`,
        branch: `${'a'.repeat(249)}x`,
        path: `${'a/'.repeat(249)}ax`,
      };
      for (const pattern of hostile) {
        const padded = `${pattern}${'|z'.repeat((PATTERN_MAX_LENGTH - pattern.length) >> 1)}`;
        const res = await admin.post('/api/restrictions/test', {
          ...longest,
          restrictions: {
            repositories: { pattern: padded },
            branches: padded,
            paths: '**/*a*a*a*a*a*a*a*a*a*a*a*a*.yml',
          },
        });
        expect(res.status, pattern).toBe(200);
        const result = await res.json();
        expect(result.allowed, pattern).toBe(false);
        expect(result.checks[1].outcome, pattern).toBe('refused');
      }
    },
  );
});
