import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_TEMPLATE } from '../../../contract/pipeline-sources';
import {
  pipelineSchema,
  pipelineVersionPageSchema,
  pipelineVersionSchema,
  type Pipeline,
  type PipelineVersionPage,
} from '../../../contract/pipelines';
import { etagOf } from '../../../contract/versions';
import { newPGlite } from '../../db/client';
import { sha256 } from '../../lib/crypto';
import { accessScene, ok } from '../../testing/access-scene';
import { migrationNamed } from '../../testing/migrations';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const YAML = (image: string) =>
  `version: '1.0'\nsteps:\n  build:\n    image: ${image}\n    commands: [npm test]\n`;

const inline = (yaml: string) => ({ source: { type: 'inline' as const, yaml } });

async function create(agent: TestAgent, name: string, yaml?: string, tags: string[] = []) {
  const body = { name, project: 'p', tags, ...(yaml === undefined ? {} : inline(yaml)) };
  return pipelineSchema.parse(await ok(agent.post('/api/pipelines', body), 201));
}

function patch(agent: TestAgent, pipeline: { id: string; version: number }, body: unknown) {
  return agent.patch(`/api/pipelines/${pipeline.id}`, body, {
    headers: { 'if-match': etagOf(pipeline.version) },
  });
}

async function versions(agent: TestAgent, id: string, query = ''): Promise<PipelineVersionPage> {
  return pipelineVersionPageSchema
    .strict()
    .parse(await ok(agent.get(`/api/pipelines/${id}/versions${query}`)));
}

const restore = (agent: TestAgent, id: string, n: number | string, etag?: string) =>
  agent.post(
    `/api/pipelines/${id}/versions/${n}/restore`,
    undefined,
    etag === undefined ? {} : { headers: { 'if-match': etag } },
  );

async function auditAfter(admin: TestAgent, id: string) {
  const page = await ok<{ items: { action: string; after: Record<string, unknown> | null }[] }>(
    admin.get(`/api/audit?targetId=${id}`),
  );
  return page.items.map((entry) => ({ action: entry.action, after: entry.after }));
}

describe('definition versions', () => {
  it('keeps every saved definition: the create is version 1, a changed text the next, an unchanged one none', async () => {
    const admin = await t.signedIn({ audited: false });
    const pipeline = await create(admin, 'deploy');
    let page = await versions(admin, pipeline.id);
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(page.items[0]).toEqual({
      n: 1,
      who: { id: admin.userId, name: expect.any(String), email: admin.email },
      when: pipeline.updatedAt,
      lines: INLINE_TEMPLATE.replace(/\n$/, '').split('\n').length,
      digest: sha256(INLINE_TEMPLATE),
    });

    const second = pipelineSchema.parse(await ok(patch(admin, pipeline, inline(YAML('node:24')))));
    // The same text again, a rename, and a tag change: no version.
    const same = pipelineSchema.parse(await ok(patch(admin, second, inline(YAML('node:24')))));
    const renamed = pipelineSchema.parse(await ok(patch(admin, same, { name: 'deploy-2' })));
    await ok(patch(admin, renamed, { addTags: ['eu'] }));

    page = await versions(admin, pipeline.id);
    expect(page.items.map((version) => version.n)).toEqual([2, 1]);
    expect(page.items[0]).toMatchObject({ lines: 5, digest: sha256(YAML('node:24')) });
    const text = pipelineVersionSchema
      .strict()
      .parse(await ok(admin.get(`/api/pipelines/${pipeline.id}/versions/1`)));
    expect(text).toMatchObject({ n: 1, definition: INLINE_TEMPLATE });

    // Paged, newest first.
    const paged = await versions(admin, pipeline.id, '?page=2&pageSize=1');
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ n: 1 }] });

    // The audit entries of the definition changes name the version they made (entries made at
    // the same time come in no set order).
    const entries = await auditAfter(admin, pipeline.id);
    expect(entries).toHaveLength(4);
    const made = entries.map((entry) => `${entry.action} ${entry.after?.definitionVersion}`);
    expect(made.sort()).toEqual([
      'pipeline.created 1',
      'pipeline.updated 2',
      'pipeline.updated undefined',
      'pipeline.updated undefined',
    ]);
  });

  it('writes no version for a source that is not inline, and one when it becomes inline again', async () => {
    const admin = await t.signedIn({ audited: false });
    const pipeline = await create(admin, 'deploy', YAML('node:24'));
    const url = pipelineSchema.parse(
      await ok(
        patch(admin, pipeline, { source: { type: 'url', url: 'https://example.com/p.yml' } }),
      ),
    );
    expect((await versions(admin, pipeline.id)).total).toBe(1);
    await ok(patch(admin, url, inline(YAML('node:22'))));
    expect((await versions(admin, pipeline.id)).items.map((version) => version.n)).toEqual([2, 1]);
  });

  it('restores a version as a new save, with If-Match: 428 without, 412 when stale, audited with restoredFrom', async () => {
    const admin = await t.signedIn({ audited: false });
    const pipeline = await create(admin, 'deploy', YAML('node:20'));
    const second = pipelineSchema.parse(await ok(patch(admin, pipeline, inline(YAML('node:24')))));

    const missing = await restore(admin, pipeline.id, 1);
    expect(missing.status).toBe(428);
    expect((await missing.json()).code).toBe('if-match-required');
    const stale = await restore(admin, pipeline.id, 1, etagOf(pipeline.version));
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(etagOf(second.version));
    expect((await restore(admin, pipeline.id, 9, etagOf(second.version))).status).toBe(404);
    expect((await restore(admin, pipeline.id, 0, etagOf(second.version))).status).toBe(422);
    expect((await versions(admin, pipeline.id)).total).toBe(2);

    const res = await restore(admin, pipeline.id, 1, etagOf(second.version));
    const restored: Pipeline = pipelineSchema.strict().parse(await ok(res));
    expect(res.headers.get('etag')).toBe(etagOf(second.version + 1));
    expect(restored.source).toEqual({ type: 'inline', yaml: YAML('node:20') });
    const page = await versions(admin, pipeline.id);
    expect(page.items.map((version) => version.n)).toEqual([3, 2, 1]);
    expect(page.items[0]!.digest).toBe(page.items[2]!.digest);

    const entries = await auditAfter(admin, pipeline.id);
    expect(entries.find((entry) => entry.after?.restoredFrom !== undefined)).toMatchObject({
      action: 'pipeline.updated',
      after: { definitionVersion: 3, restoredFrom: 1 },
    });

    // Restoring the text that is current saves no version and writes no entry.
    await ok(restore(admin, pipeline.id, 3, etagOf(restored.version)));
    expect((await versions(admin, pipeline.id)).total).toBe(3);
    expect(await auditAfter(admin, pipeline.id)).toHaveLength(3);
  });

  it('restores only what an edit could save: the inline source must be allowed', async () => {
    const admin = await t.signedIn({ audited: false });
    const pipeline = await create(admin, 'deploy', YAML('node:20'));
    const second = pipelineSchema.parse(await ok(patch(admin, pipeline, inline(YAML('node:24')))));
    await ok(admin.put('/api/settings/pipeline-sources', { inline: false, git: true, url: true }));
    const refused = await restore(admin, pipeline.id, 1, etagOf(second.version));
    expect(refused.status).toBe(422);
    expect((await refused.json()).code).toBe('source-disabled');
    expect((await versions(admin, pipeline.id)).total).toBe(2);
  });

  it('needs read to see the history and update to restore; other accounts see nothing', async () => {
    const scene = await accessScene(t);
    const readers = await scene.team('readers');
    await scene.rule({
      teamId: readers,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['production'],
    });
    const reader = await scene.person([readers]);
    const stranger = await scene.person();
    const outsider = await t.signedIn();
    const pipeline = await create(scene.admin, 'deploy', YAML('node:20'), ['production']);
    const etag = etagOf(pipeline.version);

    expect((await versions(reader, pipeline.id)).total).toBe(1);
    await ok(reader.get(`/api/pipelines/${pipeline.id}/versions/1`));
    const refused = await restore(reader, pipeline.id, 1, etag);
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('missing-privilege');
    expect((await reader.get(`/api/pipelines/${pipeline.id}/versions/2`)).status).toBe(404);

    for (const agent of [stranger, outsider]) {
      for (const path of ['versions', 'versions/1']) {
        expect((await agent.get(`/api/pipelines/${pipeline.id}/${path}`)).status).toBe(404);
      }
      expect((await restore(agent, pipeline.id, 1, etag)).status).toBe(404);
    }
    expect((await versions(scene.admin, pipeline.id)).total).toBe(1);
  });

  it('gives two saves at once distinct numbers, or refuses one of them', async () => {
    const admin = await t.signedIn({ audited: false });
    const pipeline = await create(admin, 'deploy', YAML('node:20'));
    // Both based on the same version: If-Match lets one through.
    const same = await Promise.all([
      patch(admin, pipeline, inline(YAML('node:22'))),
      patch(admin, pipeline, inline(YAML('node:24'))),
    ]);
    expect(same.map((res) => res.status).sort()).toEqual([200, 412]);
    // Saves of different pipelines' and of one pipeline's text in a row, at once.
    const current = pipelineSchema.parse(await ok(admin.get(`/api/pipelines/${pipeline.id}`)));
    const other = await create(admin, 'other', YAML('node:20'));
    await Promise.all([
      ok(patch(admin, current, inline(YAML('node:18')))),
      ok(patch(admin, other, inline(YAML('node:18')))),
    ]);
    expect((await versions(admin, pipeline.id)).items.map((version) => version.n)).toEqual([
      3, 2, 1,
    ]);
    expect((await versions(admin, other.id)).items.map((version) => version.n)).toEqual([2, 1]);
  });
});

describe('pipelines saved before history was kept', () => {
  it('get their current definition as version 1, by the last person who changed them (migration)', async () => {
    const migration = migrationNamed('_definition_versions');
    const db = newPGlite();
    try {
      await migration.applyBefore(db);
      const account = '00000000-0000-4000-8000-000000000001';
      const ada = '00000000-0000-4000-8000-00000000000a';
      await db.exec(`
        insert into accounts (id, name) values ('${account}', 'Old');
        insert into users (id, account_id, email, name, level, status)
          values ('${ada}', '${account}', 'ada@example.com', 'Ada', 'administrator', 'active');
        insert into pipelines (id, account_id, name, project, inline_yaml, created_at, updated_at)
          values ('00000000-0000-4000-8000-0000000000b1', '${account}', 'deploy', 'p',
                  E'steps:\\n  a:\\n    image: x\\n', now() - interval '2 days', '2026-01-02T00:00:00Z'),
                 ('00000000-0000-4000-8000-0000000000b2', '${account}', 'empty', 'p',
                  '', now(), now());
        insert into pipelines (id, account_id, name, project, source_type, inline_yaml, source_url, created_at, updated_at)
          values ('00000000-0000-4000-8000-0000000000b3', '${account}', 'remote', 'p', 'url',
                  null, 'https://example.com/p.yml', now(), now());
        insert into audit_entries (account_id, at, actor_user_id, actor_name, actor_email, action,
                                   target_type, target_id, target_name)
          values ('${account}', '2026-01-01T00:00:00Z', '00000000-0000-4000-8000-00000000000f',
                  'Gone', 'gone@example.com', 'pipeline.created', 'pipeline',
                  '00000000-0000-4000-8000-0000000000b1', 'p/deploy'),
                 ('${account}', '2026-01-02T00:00:00Z', '${ada}', 'Ada', 'ada@example.com',
                  'pipeline.updated', 'pipeline', '00000000-0000-4000-8000-0000000000b1',
                  'p/deploy');
      `);
      await migration.apply(db);
      const { rows } = await db.query<Record<string, unknown>>(
        'select pipeline_id, n, definition, digest, lines, saved_by, saved_at from pipeline_definition_versions order by pipeline_id',
      );
      expect(rows).toEqual([
        {
          pipeline_id: '00000000-0000-4000-8000-0000000000b1',
          n: 1,
          definition: 'steps:\n  a:\n    image: x\n',
          digest: sha256('steps:\n  a:\n    image: x\n'),
          lines: 3,
          saved_by: ada,
          saved_at: new Date('2026-01-02T00:00:00Z'),
        },
        {
          pipeline_id: '00000000-0000-4000-8000-0000000000b2',
          n: 1,
          definition: '',
          digest: sha256(''),
          lines: 0,
          saved_by: null,
          saved_at: expect.any(Date),
        },
      ]);
    } finally {
      await db.close();
    }
  }, 180_000); // a PGlite of its own, migrated from nothing: slow on a busy machine
});
