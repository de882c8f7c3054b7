import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../../contract/api-paths.gen';
import { runPageSchema, runSchema } from '../../../contract/runs';
import { accessScene } from '../../testing/access-scene';
import { expectData } from '../../testing/api-client';
import type { TestAgent } from '../../testing/test-agent';
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

type RunQuery = NonNullable<paths['/api/pipelines/{id}/runs']['get']['parameters']['query']>;
/** The runs of pipeline `id`, as `agent` asks for them. */
const runsOf = (agent: TestAgent, id: string, query: RunQuery = {}) =>
  agent.api.GET('/api/pipelines/{id}/runs', { params: { path: { id }, query } });
const run = (agent: TestAgent, id: string) =>
  agent.api.GET('/api/runs/{id}', { params: { path: { id } } });

describe('runs', () => {
  it('lists a pipeline’s runs newest first, numbered per pipeline, in pages', async () => {
    const scene = await accessScene(t);
    const api = await scene.pipeline('api');
    const web = await scene.pipeline('web');
    for (const branch of ['a', 'b', 'c']) await queued(scene.admin.accountId, api.id, branch);
    await queued(scene.admin.accountId, web.id, 'x');

    const page = runPageSchema
      .strict()
      .parse(await expectData(runsOf(scene.admin, api.id, { pageSize: 2 })));
    expect(page.total).toBe(3);
    expect(
      page.items.map((run) => [run.number, run.trigger.kind === 'webhook' && run.trigger.branch]),
    ).toEqual([
      [3, 'c'],
      [2, 'b'],
    ]);
    const second = await expectData(runsOf(scene.admin, api.id, { pageSize: 2, page: 2 }));
    expect(second.items.map((run) => run.number)).toEqual([1]);
    const web1 = await expectData(runsOf(scene.admin, web.id));
    expect(web1.items.map((run) => run.number)).toEqual([1]);
    const one = runSchema.strict().parse(await expectData(run(scene.admin, page.items[0]!.id)));
    expect(one).toMatchObject({
      state: 'queued',
      runner: null,
      steps: [{ name: 'clone', state: 'pending' }],
    });
    expect((await runsOf(scene.admin, api.id, { pageSize: 0 })).response.status).toBe(422);
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

    expect((await expectData(runsOf(reader, visible.id))).total).toBe(1);
    expect((await run(reader, seen.id)).response.status).toBe(200);
    expect((await runsOf(reader, hidden.id)).response.status).toBe(404);
    const res = await run(reader, unseen.id);
    expect(res.response.status).toBe(404);
    expect((await run(reader, '00000000-0000-4000-8000-000000000000')).response.status).toBe(404);

    const other = await accessScene(t);
    expect((await run(other.admin, seen.id)).response.status).toBe(404);
    expect((await runsOf(other.admin, visible.id)).response.status).toBe(404);
  });
});
