import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meSchema } from '../../../contract/me';
import { pipelineSourcesSchema } from '../../../contract/pipeline-sources';
import { auditPage, expectData } from '../../testing/api-client';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ALL_ON = { inline: true, git: true, url: true };
const PATH = '/api/settings/pipeline-sources';

type Switches = { inline: boolean; git: boolean; url: boolean };
const sources = (agent: TestAgent) => expectData(agent.api.GET(PATH));
const save = (agent: TestAgent, body: Switches) => agent.api.PUT(PATH, { body });

async function auditOf(admin: TestAgent) {
  t.clock.advance(1000);
  return auditPage(admin, { action: 'settings.pipeline-sources.updated' });
}

describe('GET/PUT /api/settings/pipeline-sources', () => {
  it('starts with every source on, set by nobody, and counts the pipelines of each', async () => {
    const admin = await t.signedIn();
    expect(pipelineSourcesSchema.strict().parse(await sources(admin))).toEqual({
      ...ALL_ON,
      usage: { inline: 0, git: 0, url: 0 },
      updatedAt: null,
      updatedBy: null,
    });
    const provider = await expectData(
      admin.api.POST('/api/git-providers', { body: { name: 'github', kind: 'github' } }),
      201,
    );
    const git = {
      type: 'git' as const,
      gitProviderId: provider.id,
      repository: 'acme/api',
      branch: 'main',
      path: 'ci.yml',
    };
    const url = { type: 'url' as const, url: 'https://example.com/ci.yml' };
    for (const [name, source] of [
      ['a', undefined],
      ['b', undefined],
      ['c', git],
      ['d', url],
    ] as const) {
      await expectData(
        admin.api.POST('/api/pipelines', { body: { name, project: 'p', source } }),
        201,
      );
    }
    // Another account's pipelines are not counted.
    const stranger = await t.signedIn();
    await expectData(
      stranger.api.POST('/api/pipelines', { body: { name: 'x', project: 'p' } }),
      201,
    );
    expect((await sources(admin)).usage).toEqual({ inline: 2, git: 1, url: 1 });
  });

  it('saves the switches, records who and when, and writes one audit entry; saving them unchanged writes none', async () => {
    const admin = await t.signedIn();
    const me = await expectData(admin.api.GET('/api/me'));
    t.clock.advance(60_000);
    const saved = await expectData(save(admin, { inline: false, git: true, url: false }));
    expect(saved).toEqual({
      inline: false,
      git: true,
      url: false,
      usage: { inline: 0, git: 0, url: 0 },
      updatedAt: t.clock.now().toISOString(),
      updatedBy: { id: admin.userId, name: me.name },
    });
    expect(await sources(admin)).toEqual(saved);
    expect((await auditOf(admin)).items).toEqual([
      expect.objectContaining({
        action: 'settings.pipeline-sources.updated',
        before: ALL_ON,
        after: { inline: false, git: true, url: false },
      }),
    ]);

    t.clock.advance(60_000);
    expect(await expectData(save(admin, { inline: false, git: true, url: false }))).toEqual(saved);
    expect((await auditOf(admin)).items).toHaveLength(1);
  });

  it('tells everyone signed in which sources are on, in GET /api/me', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const before = meSchema.strict().parse(await expectData(user.api.GET('/api/me')));
    expect(before.account.pipelineSources).toEqual(ALL_ON);
    await expectData(save(admin, { inline: true, git: false, url: true }));
    const after = await expectData(user.api.GET('/api/me'));
    expect(after.account.pipelineSources).toEqual({ inline: true, git: false, url: true });
  });

  it('refuses anything but three booleans with 422 on the field, and keeps what was saved', async () => {
    const admin = await t.signedIn();
    await expectData(save(admin, { inline: true, git: false, url: true }));
    // raw: the types forbid these bodies (a string, null, a missing switch, an unknown one), and
    // a malformed JSON text below.
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
    expect(await sources(admin)).toMatchObject({ inline: true, git: false, url: true });
  });

  it('is refused to people with user level, before reading the body', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.api.GET(PATH)).response.status).toBe(403);
    const put = await save(user, { inline: false, git: false, url: false });
    expect(put.response.status).toBe(403);
    expect(put.error?.code).toBe('administrators-only');
    // raw: a body the types forbid, refused before it is read.
    expect((await user.put(PATH, { bogus: 1 })).status).toBe(403);
    expect(await sources(admin)).toMatchObject(ALL_ON);
  });
});
