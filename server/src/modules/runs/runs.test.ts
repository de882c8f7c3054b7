import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPageSchema, runSchema } from '../../../contract/runs';
import { accessScene, ok } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { queueRun } from './queue';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function queued(accountId: string, pipelineId: string, branch: string) {
  t.clock.advance(1000);
  return t.deps.db.transaction((tx) =>
    queueRun(tx, {
      accountId,
      pipelineId,
      trigger: {
        kind: 'webhook',
        triggerId: '00000000-0000-4000-8000-000000000001',
        event: 'push',
        repository: 'acme/api',
        branch,
        revision: null,
        message: null,
      },
      runnerId: null,
      steps: ['clone'],
      at: t.clock.now(),
    }),
  );
}

describe('runs', () => {
  it('lists a pipeline’s runs newest first, numbered per pipeline, in pages', async () => {
    const scene = await accessScene(t);
    const api = await scene.pipeline('api');
    const web = await scene.pipeline('web');
    for (const branch of ['a', 'b', 'c']) await queued(scene.admin.accountId, api.id, branch);
    await queued(scene.admin.accountId, web.id, 'x');

    const page = runPageSchema
      .strict()
      .parse(await ok(scene.admin.get(`/api/pipelines/${api.id}/runs?pageSize=2`)));
    expect(page.total).toBe(3);
    expect(
      page.items.map((run) => [run.number, run.trigger.kind === 'webhook' && run.trigger.branch]),
    ).toEqual([
      [3, 'c'],
      [2, 'b'],
    ]);
    const second = await ok<{ items: { number: number }[] }>(
      scene.admin.get(`/api/pipelines/${api.id}/runs?pageSize=2&page=2`),
    );
    expect(second.items.map((run) => run.number)).toEqual([1]);
    const web1 = await ok<{ items: { number: number }[] }>(
      scene.admin.get(`/api/pipelines/${web.id}/runs`),
    );
    expect(web1.items.map((run) => run.number)).toEqual([1]);
    const one = runSchema
      .strict()
      .parse(await ok(scene.admin.get(`/api/runs/${page.items[0]!.id}`)));
    expect(one).toMatchObject({
      state: 'queued',
      runner: null,
      steps: [{ name: 'clone', state: 'pending' }],
    });
    expect((await scene.admin.get(`/api/pipelines/${api.id}/runs?pageSize=0`)).status).toBe(422);
  });

  it('answers 404 for the runs of a pipeline the caller may not read, and for other accounts', async () => {
    const scene = await accessScene(t);
    await scene.withoutDefaultRules();
    const readers = await scene.team('readers');
    await scene.rule({
      teamId: readers,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['eu'],
    });
    const visible = await scene.pipeline('visible', ['eu']);
    const hidden = await scene.pipeline('hidden', ['us']);
    const seen = await queued(scene.admin.accountId, visible.id, 'main');
    const unseen = await queued(scene.admin.accountId, hidden.id, 'main');
    const reader = await scene.person([readers]);

    expect(
      (await ok<{ total: number }>(reader.get(`/api/pipelines/${visible.id}/runs`))).total,
    ).toBe(1);
    expect((await reader.get(`/api/runs/${seen.id}`)).status).toBe(200);
    expect((await reader.get(`/api/pipelines/${hidden.id}/runs`)).status).toBe(404);
    const res = await reader.get(`/api/runs/${unseen.id}`);
    expect(res.status).toBe(404);
    expect((await reader.get('/api/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const other = await accessScene(t);
    expect((await other.admin.get(`/api/runs/${seen.id}`)).status).toBe(404);
    expect((await other.admin.get(`/api/pipelines/${visible.id}/runs`)).status).toBe(404);
  });
});
