import { newPGlite } from '../../db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_TEMPLATE, sourceDisabledReason } from '../../../contract/pipeline-sources';
import { pipelinePageSchema, pipelineSchema, type Pipeline } from '../../../contract/pipelines';
import { etagOf } from '../../../contract/versions';
import { ok, type SignedIn } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { migrationNamed } from '../../testing/migrations';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const YAML = "version: '1.0'\nsteps:\n  build:\n    image: node:24\n    commands: [npm test]\n";
const SEEDS_BRANCHES = '/^((pipeline-definition)$).*/g';

async function scene() {
  const admin = (await t.signedIn()) as SignedIn;
  const provider = await ok<{ id: string; name: string }>(
    admin.post('/api/git-providers', { name: 'github', kind: 'github' }),
    201,
  );
  const git = (definition: { repository?: string; branch?: string; path?: string } = {}) => ({
    type: 'git' as const,
    gitProviderId: provider.id,
    repository: 'acme/api',
    branch: 'main',
    path: 'codefresh.yml',
    ...definition,
  });
  return { admin, provider, git };
}

function create(admin: TestAgent, name: string, source?: unknown) {
  return admin.post('/api/pipelines', { name, project: 'p', ...(source ? { source } : {}) });
}

async function created(admin: TestAgent, name: string, source?: unknown): Promise<Pipeline> {
  return pipelineSchema.strict().parse(await ok(create(admin, name, source), 201));
}

function patch(admin: TestAgent, pipeline: { id: string; version: number }, body: unknown) {
  return admin.patch(`/api/pipelines/${pipeline.id}`, body, {
    headers: { 'if-match': etagOf(pipeline.version) },
  });
}

async function read(admin: TestAgent, id: string): Promise<Pipeline> {
  return pipelineSchema.strict().parse(await ok(admin.get(`/api/pipelines/${id}`)));
}

const RUNNABLE = { allowed: true, code: null, reason: null };

describe('pipeline definition sources', () => {
  it('creates a pipeline from each source; lists leave the inline YAML out, one pipeline carries it', async () => {
    const { admin, provider, git } = await scene();
    const template = await created(admin, 'template');
    expect(template.source).toEqual({ type: 'inline', yaml: INLINE_TEMPLATE });
    expect(template.runnable).toEqual(RUNNABLE);

    const inline = await created(admin, 'inline', { type: 'inline', yaml: YAML });
    expect(inline.source).toEqual({ type: 'inline', yaml: YAML });
    const fromGit = await created(admin, 'git', git({ path: './ci/build.yml' }));
    expect(fromGit.source).toEqual({
      type: 'git',
      gitProviderId: provider.id,
      gitProviderName: 'github',
      repository: 'acme/api',
      branch: 'main',
      path: 'ci/build.yml',
    });
    expect(fromGit.runnable).toEqual(RUNNABLE);
    const url = await created(admin, 'url', { type: 'url', url: 'https://example.com/ci.yml' });
    expect(url.source).toEqual({ type: 'url', url: 'https://example.com/ci.yml' });

    expect((await read(admin, inline.id)).source).toEqual({ type: 'inline', yaml: YAML });
    const page = pipelinePageSchema.parse(await ok(admin.get('/api/pipelines?pageSize=10')));
    const listed = Object.fromEntries(page.items.map((item) => [item.name, item.source]));
    expect(listed).toEqual({
      inline: { type: 'inline' },
      template: { type: 'inline' },
      git: fromGit.source,
      url: url.source,
    });
    expect(JSON.stringify(page)).not.toContain('npm test');
  });

  it('changes a pipeline from one source to another with PATCH', async () => {
    const { admin, git } = await scene();
    let pipeline = await created(admin, 'moving');
    for (const source of [
      git({ branch: 'release/1.2' }),
      { type: 'url', url: 'https://example.com/a.yml' },
      { type: 'inline', yaml: YAML },
    ]) {
      const res = await patch(admin, pipeline, { source });
      expect(res.status, JSON.stringify(source)).toBe(200);
      pipeline = pipelineSchema.parse(await res.json());
      expect(pipeline.source, JSON.stringify(source)).toMatchObject(source);
      expect(await read(admin, pipeline.id)).toEqual(pipeline);
    }
    expect(pipeline.version).toBe(4);
  });

  it('refuses an address that is not public HTTPS, or carries credentials, on source.url', async () => {
    const { admin } = await scene();
    const pipeline = await created(admin, 'kept', {
      type: 'url',
      url: 'https://example.com/a.yml',
    });
    const cases: Array<[string, RegExp]> = [
      ['http://example.com/ci.yml', /loaded over HTTPS only/],
      ['https://user:secret@example.com/ci.yml', /Leave credentials out of the address/],
      ['https://token@example.com/ci.yml', /Leave credentials out of the address/],
      ['ftp://example.com/ci.yml', /HTTPS only/],
      ['example.com/ci.yml', /Give a whole address/],
      ['', /Give the address of the YAML file/],
      [`https://example.com/${'a'.repeat(2000)}`, /at most 2,000 characters/],
    ];
    for (const [url, reason] of cases) {
      for (const res of [
        await create(admin, 'refused', { type: 'url', url }),
        await patch(admin, pipeline, { source: { type: 'url', url } }),
      ]) {
        expect(res.status, url).toBe(422);
        const problem = await res.json();
        expect(problem.errors[0], url).toEqual({ path: 'source.url', message: expect.any(String) });
        expect(problem.errors[0].message, url).toMatch(reason);
        for (const error of problem.errors) expect(error.path, url).toBe('source.url');
      }
    }
    expect(JSON.stringify(await ok(admin.get('/api/pipelines')))).not.toContain('secret');
    expect(await read(admin, pipeline.id)).toEqual(pipeline);
  });

  it('refuses a source that is not well formed, naming the field, and keeps what was saved', async () => {
    const { admin, git } = await scene();
    const pipeline = await created(admin, 'kept', { type: 'inline', yaml: YAML });
    const cases: Array<[unknown, string]> = [
      [{ type: 'svn', url: 'https://example.com' }, 'source.type'],
      [{ type: 'inline', yaml: '  ' }, 'source.yaml'],
      [{ type: 'inline', yaml: 'x'.repeat(256 * 1024 + 1) }, 'source.yaml'],
      [{ type: 'inline' }, 'source.yaml'],
      [{ type: 'inline', yaml: YAML, url: 'https://example.com' }, 'source'],
      [{ ...git(), gitProviderId: 'github' }, 'source.gitProviderId'],
      [git({ repository: 'api' }), 'source.repository'],
      [git({ branch: 'a..b' }), 'source.branch'],
      [git({ path: '../etc/passwd' }), 'source.path'],
      [git({ path: 'ci/' }), 'source.path'],
      ['inline', 'source'],
    ];
    for (const [source, field] of cases) {
      for (const res of [
        await create(admin, 'bad', source),
        await patch(admin, pipeline, { source }),
      ]) {
        expect(res.status, JSON.stringify(source).slice(0, 100)).toBe(422);
        const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
        expect(paths, JSON.stringify(source).slice(0, 100)).toContain(field);
      }
    }
    expect(await read(admin, pipeline.id)).toEqual(pipeline);
    expect((await ok<{ total: number }>(admin.get('/api/pipelines'))).total).toBe(1);
  });

  it('refuses another account’s git provider, or none, on source.gitProviderId', async () => {
    const { admin, git } = await scene();
    const stranger = await scene();
    const pipeline = await created(admin, 'kept');
    for (const gitProviderId of [stranger.provider.id, crypto.randomUUID()]) {
      const source = { ...git(), gitProviderId };
      for (const res of [
        await create(admin, 'x', source),
        await patch(admin, pipeline, { source }),
      ]) {
        expect(res.status).toBe(422);
        expect((await res.json()).errors).toEqual([
          {
            path: 'source.gitProviderId',
            message: 'There is no such git provider in this account.',
          },
        ]);
      }
    }
    expect(await read(admin, pipeline.id)).toEqual(pipeline);
  });
});

describe('source switches', () => {
  it('refuses a turned-off source at creation and when changing to it, with code source-disabled on source.type', async () => {
    const { admin, git } = await scene();
    const pipeline = await created(admin, 'kept', {
      type: 'url',
      url: 'https://example.com/a.yml',
    });
    await ok(admin.put('/api/settings/pipeline-sources', { inline: false, git: false, url: true }));
    for (const [type, source] of [
      ['inline', { type: 'inline', yaml: YAML }],
      ['inline', undefined],
      ['git', git()],
    ] as const) {
      const refused = [await create(admin, 'x', source)];
      if (source) refused.push(await patch(admin, pipeline, { source }));
      for (const res of refused) {
        expect(res.status, type).toBe(422);
        const problem = await res.json();
        expect(problem.code, type).toBe('source-disabled');
        expect(problem.detail, type).toBe(sourceDisabledReason(type));
        expect(problem.errors, type).toEqual([
          { path: 'source.type', message: sourceDisabledReason(type) },
        ]);
      }
    }
    expect(await read(admin, pipeline.id)).toEqual(pipeline);
    await created(admin, 'allowed', { type: 'url', url: 'https://example.com/b.yml' });
  });

  it('stops a pipeline of a turned-off source from running, says why, and restores it when turned on', async () => {
    const { admin, git } = await scene();
    const inline = await created(admin, 'inline');
    const fromGit = await created(admin, 'git', git());
    await ok(admin.put('/api/settings/pipeline-sources', { inline: false, git: true, url: true }));

    const off = await read(admin, inline.id);
    expect(off.runnable).toEqual({
      allowed: false,
      code: 'source-disabled',
      reason: sourceDisabledReason('inline'),
    });
    expect((await read(admin, fromGit.id)).runnable).toEqual(RUNNABLE);
    const page = await ok<{ items: Pipeline[] }>(admin.get('/api/pipelines?source=inline'));
    expect(page.items.map((item) => [item.name, item.runnable.code])).toEqual([
      ['inline', 'source-disabled'],
    ]);
    // Its definition is kept, and it may still be renamed (it cannot run either way).
    expect(off.source).toEqual({ type: 'inline', yaml: INLINE_TEMPLATE });
    const renamed = pipelineSchema.parse(await ok(patch(admin, off, { name: 'renamed' })));
    expect(renamed.runnable.code).toBe('source-disabled');

    await ok(admin.put('/api/settings/pipeline-sources', { inline: true, git: true, url: true }));
    expect(await read(admin, inline.id)).toMatchObject({
      name: 'renamed',
      source: { type: 'inline', yaml: INLINE_TEMPLATE },
      runnable: RUNNABLE,
    });
  });

  it('filters the list by source', async () => {
    const { admin, git } = await scene();
    await created(admin, 'a');
    await created(admin, 'b', git());
    await created(admin, 'c', { type: 'url', url: 'https://example.com/c.yml' });
    await created(admin, 'd', git({ branch: 'dev' }));
    const names = async (query: string) =>
      (await ok<{ items: { name: string }[] }>(admin.get(`/api/pipelines?${query}`))).items.map(
        (item) => item.name,
      );
    expect(await names('source=inline')).toEqual(['a']);
    expect(await names('source=git')).toEqual(['b', 'd']);
    expect(await names('source=url&q=c')).toEqual(['c']);
    const bad = await admin.get('/api/pipelines?source=svn');
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0]).toEqual({
      path: 'source',
      message: 'Choose inline, git or url.',
    });
  });
});

describe('git provider restrictions on pipelines', () => {
  it('refuses a restricted git source with code restricted, naming the restriction', async () => {
    const { admin, provider, git } = await scene();
    const pipeline = await created(admin, 'kept', git({ branch: 'pipeline-definition' }));
    await ok(
      admin.put(`/api/git-providers/${provider.id}/restrictions`, {
        repositories: null,
        branches: SEEDS_BRANCHES,
        paths: 'ci/**',
      }),
    );
    for (const res of [
      await create(admin, 'x', git({ branch: 'main', path: 'ci/a.yml' })),
      await patch(admin, pipeline, { source: git({ branch: 'main', path: 'ci/a.yml' }) }),
    ]) {
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.code).toBe('restricted');
      expect(problem.detail).toBe(
        `The restrictions of git provider github refuse this definition: branches: main does not match ${SEEDS_BRANCHES}.`,
      );
      expect(problem.errors).toEqual([
        {
          path: 'source.branch',
          message: `Refused by the branches restriction of github: main does not match ${SEEDS_BRANCHES}.`,
        },
      ]);
    }
    const both = await create(admin, 'x', git({ branch: 'main', path: 'build.yml' }));
    expect((await both.json()).errors.map((e: { path: string }) => e.path)).toEqual([
      'source.branch',
      'source.path',
    ]);
    await created(admin, 'allowed', git({ branch: 'pipeline-definition', path: 'ci/a.yml' }));
    expect((await read(admin, pipeline.id)).version).toBe(pipeline.version);
  });

  it('stops a pipeline its provider’s restrictions refuse from running, and restores it when they allow it again', async () => {
    const { admin, provider, git } = await scene();
    const pipeline = await created(admin, 'api', git({ repository: 'acme/api' }));
    const restrictions = `/api/git-providers/${provider.id}/restrictions`;
    await ok(
      admin.put(restrictions, {
        repositories: { names: ['acme/web'] },
        branches: null,
        paths: null,
      }),
    );
    const refused = await read(admin, pipeline.id);
    expect(refused.runnable).toEqual({
      allowed: false,
      code: 'restricted',
      reason:
        'The restrictions of git provider github refuse this definition: repositories: acme/api is not one of the picked repositories.',
    });
    const [listed] = (await ok<{ items: Pipeline[] }>(admin.get('/api/pipelines'))).items;
    expect(listed!.runnable).toEqual(refused.runnable);

    await ok(
      admin.put(restrictions, {
        repositories: { pattern: '^acme/' },
        branches: null,
        paths: null,
      }),
    );
    expect((await read(admin, pipeline.id)).runnable).toEqual(RUNNABLE);
  });
});

describe('pipelines made before definition sources existed', () => {
  it('become inline pipelines with the template (migration 0006)', async () => {
    const migration = migrationNamed('_pipeline_sources');
    const db = newPGlite();
    try {
      await migration.applyBefore(db);
      await db.exec(`
        insert into accounts (id, name) values ('00000000-0000-4000-8000-000000000001', 'Old');
        insert into pipelines (account_id, name, project, created_at, updated_at)
          values ('00000000-0000-4000-8000-000000000001', 'deploy', 'payments', now(), now());
      `);
      await migration.apply(db);
      const { rows } = await db.query<Record<string, unknown>>(
        'select source_type, inline_yaml, git_provider_id, source_url from pipelines',
      );
      expect(rows).toEqual([
        {
          source_type: 'inline',
          inline_yaml: INLINE_TEMPLATE,
          git_provider_id: null,
          source_url: null,
        },
      ]);
    } finally {
      await db.close();
    }
  });
});
