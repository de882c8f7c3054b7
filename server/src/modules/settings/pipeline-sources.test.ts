import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meSchema } from '../../../contract/me';
import { pipelineSourcesSchema } from '../../../contract/pipeline-sources';
import { ok } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ALL_ON = { inline: true, git: true, url: true };
const PATH = '/api/settings/pipeline-sources';

async function auditOf(admin: TestAgent) {
  t.clock.advance(1000);
  return ok<{ items: { action: string; before: unknown; after: unknown }[] }>(
    admin.get('/api/audit?action=settings.pipeline-sources.updated'),
  );
}

describe('GET/PUT /api/settings/pipeline-sources', () => {
  it('starts with every source on, set by nobody, and counts the pipelines of each', async () => {
    const admin = await t.signedIn();
    expect(pipelineSourcesSchema.strict().parse(await ok(admin.get(PATH)))).toEqual({
      ...ALL_ON,
      usage: { inline: 0, git: 0, url: 0 },
      updatedAt: null,
      updatedBy: null,
    });
    const provider = await ok<{ id: string }>(
      admin.post('/api/git-providers', { name: 'github', kind: 'github' }),
      201,
    );
    const git = {
      type: 'git',
      gitProviderId: provider.id,
      repository: 'acme/api',
      branch: 'main',
      path: 'ci.yml',
    };
    const url = { type: 'url', url: 'https://example.com/ci.yml' };
    for (const [name, source] of [
      ['a', undefined],
      ['b', undefined],
      ['c', git],
      ['d', url],
    ]) {
      await ok(admin.post('/api/pipelines', { name, project: 'p', source }), 201);
    }
    // Another account's pipelines are not counted.
    const stranger = await t.signedIn();
    await ok(stranger.post('/api/pipelines', { name: 'x', project: 'p' }), 201);
    expect((await ok(admin.get(PATH))).usage).toEqual({ inline: 2, git: 1, url: 1 });
  });

  it('saves the switches, records who and when, and writes one audit entry; saving them unchanged writes none', async () => {
    const admin = await t.signedIn();
    const me = await ok<{ name: string }>(admin.get('/api/me'));
    t.clock.advance(60_000);
    const saved = await ok(admin.put(PATH, { inline: false, git: true, url: false }));
    expect(saved).toEqual({
      inline: false,
      git: true,
      url: false,
      usage: { inline: 0, git: 0, url: 0 },
      updatedAt: t.clock.now().toISOString(),
      updatedBy: { id: admin.userId, name: me.name },
    });
    expect(await ok(admin.get(PATH))).toEqual(saved);
    expect((await auditOf(admin)).items).toEqual([
      expect.objectContaining({
        action: 'settings.pipeline-sources.updated',
        before: ALL_ON,
        after: { inline: false, git: true, url: false },
      }),
    ]);

    t.clock.advance(60_000);
    expect(await ok(admin.put(PATH, { inline: false, git: true, url: false }))).toEqual(saved);
    expect((await auditOf(admin)).items).toHaveLength(1);
  });

  it('tells everyone signed in which sources are on, in GET /api/me', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const before = meSchema.strict().parse(await ok(user.get('/api/me')));
    expect(before.account.pipelineSources).toEqual(ALL_ON);
    await ok(admin.put(PATH, { inline: true, git: false, url: true }));
    const after = await ok<{ account: { pipelineSources: unknown } }>(user.get('/api/me'));
    expect(after.account.pipelineSources).toEqual({ inline: true, git: false, url: true });
  });

  it('refuses anything but three booleans with 422 on the field, and keeps what was saved', async () => {
    const admin = await t.signedIn();
    await ok(admin.put(PATH, { inline: true, git: false, url: true }));
    const cases: Array<[unknown, string, string]> = [
      [
        { inline: 'false', git: true, url: true },
        'inline',
        'Say whether inline definitions are allowed (true or false).',
      ],
      [
        { inline: true, git: null, url: true },
        'git',
        'Say whether definitions from git are allowed (true or false).',
      ],
      [
        { inline: true, git: true },
        'url',
        'Say whether definitions from public URLs are allowed (true or false).',
      ],
      [{ ...ALL_ON, ftp: true }, '', expect.any(String) as never],
    ];
    for (const [body, path, message] of cases) {
      const res = await admin.put(PATH, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).errors, JSON.stringify(body)).toEqual([{ path, message }]);
    }
    const malformed = await admin.put(PATH, undefined, {
      rawBody: '{"inline":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(await ok(admin.get(PATH))).toMatchObject({ inline: true, git: false, url: true });
  });

  it('is refused to people with user level, before reading the body', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.get(PATH)).status).toBe(403);
    const put = await user.put(PATH, { inline: false, git: false, url: false });
    expect(put.status).toBe(403);
    expect((await put.json()).code).toBe('administrators-only');
    expect((await user.put(PATH, { bogus: 1 })).status).toBe(403);
    expect(await ok(admin.get(PATH))).toMatchObject(ALL_ON);
  });
});
