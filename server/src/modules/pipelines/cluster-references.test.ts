import { readFileSync } from 'node:fs';
import { newPGlite } from '../../db/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etagOf } from '../../../contract/versions';
import { triggers } from '../../db/schema';
import { accessScene, ok, type SignedIn } from '../../testing/access-scene';
import { deliver, runCountOf, runnerScene, sign } from '../../testing/runner-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { migrationNamed } from '../../testing/migrations';

/**
 * A deploy step's cluster is an access decision (docs/decisions.md, "Deploying needs access to
 * the cluster"): saving a definition, running it and a webhook's run are refused when the
 * person behind them may not read a cluster it deploys to, or the cluster does not exist.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** An inline definition whose one step deploys to `cluster` (line 6, from column 14). */
const deployingTo = (cluster: string) => `version: '1.0'
steps:
  ship:
    type: deploy
    kind: kubernetes
    cluster: ${cluster}
    namespace: payments
    service: payments
`;

const NO_DEPLOY = `version: '1.0'
steps:
  hello:
    image: alpine:3.20
    commands:
      - echo hello
`;

const inline = (yaml: string) => ({ type: 'inline', yaml }) as const;

/**
 * An account with `prod-eu` (tagged production) and `dev` (untagged: the default rule 1 lets
 * everyone read it), a person of team deployers who may read production clusters, and one who
 * may read only `dev`. Untagged pipelines are everyone's to update and run (default rule 3).
 */
async function setUp() {
  const scene = await accessScene(t);
  const prod = await scene.cluster('prod-eu', ['production']);
  await scene.cluster('dev');
  const deployers = await scene.team('deployers');
  await scene.rule({
    teamId: deployers,
    resourceType: 'cluster',
    privileges: ['read'],
    tags: ['production'],
  });
  const reader = await scene.person([deployers]);
  const outsider = await scene.person();
  return { ...scene, prod, deployers, reader, outsider };
}

/** A pipeline the administrator saved, deploying to `cluster`. */
async function deployPipeline(admin: SignedIn, name: string, cluster = 'prod-eu') {
  return ok<{ id: string; version: number }>(
    admin.post('/api/pipelines', {
      name,
      project: 'payments',
      source: inline(deployingTo(cluster)),
    }),
    201,
  );
}

const runsOf = (pipelineId: string) => runCountOf(t, pipelineId);

/** A problem answer without its request id, which differs from one request to the next. */
async function problemOf(res: Response): Promise<Record<string, unknown>> {
  const { requestId: _requestId, ...problem } = (await res.json()) as Record<string, unknown>;
  return problem;
}

async function nameOf(person: SignedIn): Promise<string> {
  return (await ok<{ name: string }>(person.get('/api/me'))).name;
}

describe('saving a definition that deploys to a cluster', () => {
  it('is refused when the saver may not read the cluster, with the sentence of one that does not exist', async () => {
    const { admin, outsider } = await setUp();
    const create = (cluster: string) =>
      outsider.post('/api/pipelines', {
        name: `ship-${cluster}`,
        project: 'payments',
        source: inline(deployingTo(cluster)),
      });

    const unreadable = await create('prod-eu');
    expect(unreadable.status).toBe(422);
    const refused = await problemOf(unreadable);
    expect(refused).toEqual({
      type: 'about:blank',
      title: 'Invalid input',
      status: 422,
      code: 'definition-invalid',
      detail:
        'Line 6: No cluster named prod-eu among the clusters you may read. You may read: dev.',
      errors: [
        {
          path: 'source.yaml',
          message: 'No cluster named prod-eu among the clusters you may read. You may read: dev.',
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 21,
        },
      ],
    });
    // prod-zz does not exist: the answer differs only by the name written.
    const missing = await create('prod-zz');
    expect(missing.status).toBe(422);
    expect(
      JSON.parse(JSON.stringify(await problemOf(missing)).replaceAll('prod-zz', 'prod-eu')),
    ).toEqual(refused);

    // Nothing was saved.
    const saved = await ok<{ items: { name: string }[] }>(admin.get('/api/pipelines'));
    expect(saved.items.map((p) => p.name)).toEqual([]);
  });

  it('is refused on a change of the definition, and the stored one is kept', async () => {
    const { admin, outsider } = await setUp();
    const pipeline = await ok<{ id: string; version: number }>(
      admin.post('/api/pipelines', {
        name: 'ship',
        project: 'payments',
        source: inline(NO_DEPLOY),
      }),
      201,
    );
    const path = `/api/pipelines/${pipeline.id}`;
    const headers = { 'if-match': etagOf(pipeline.version) };

    const refused = await outsider.patch(
      path,
      { source: inline(deployingTo('prod-eu')) },
      { headers },
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'definition-invalid',
      errors: [{ path: 'source.yaml', line: 6, column: 14 }],
    });
    const kept = await ok<{ version: number; source: { yaml: string } }>(admin.get(path));
    expect(kept).toMatchObject({ version: 1, source: { yaml: NO_DEPLOY } });
    const audit = await ok<{ total: number }>(
      admin.get(`/api/audit?targetId=${pipeline.id}&action=pipeline.updated`),
    );
    expect(audit.total).toBe(0);
  });

  it('is refused for a cluster given as an expression, administrators included', async () => {
    const { admin } = await setUp();
    const res = await admin.post('/api/pipelines', {
      name: 'ship',
      project: 'payments',
      source: inline(deployingTo("'${{TARGET}}'")),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      expect.objectContaining({
        path: 'source.yaml',
        line: 6,
        column: 15,
        message:
          'Name the cluster itself: ${{TARGET}} is only known when the pipeline runs, where access to the cluster cannot be checked.',
      }),
    ]);
  });

  it('is allowed for a cluster the saver may read; administrators read every cluster that exists', async () => {
    const { admin, reader, outsider } = await setUp();
    await ok(
      reader.post('/api/pipelines', {
        name: 'ship-prod',
        project: 'payments',
        source: inline(deployingTo('prod-eu')),
      }),
      201,
    );
    await ok(
      outsider.post('/api/pipelines', {
        name: 'ship-dev',
        project: 'payments',
        source: inline(deployingTo('dev')),
      }),
      201,
    );
    await deployPipeline(admin, 'admin-ship');
    const missing = await admin.post('/api/pipelines', {
      name: 'nowhere',
      project: 'payments',
      source: inline(deployingTo('prod-zz')),
    });
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors[0].message).toBe(
      'No cluster named prod-zz among the clusters you may read. Did you mean prod-eu?',
    );
  });

  it('is not judged again by a change that leaves the definition alone', async () => {
    const { admin, outsider } = await setUp();
    const pipeline = await deployPipeline(admin, 'ship');
    const renamed = await outsider.patch(
      `/api/pipelines/${pipeline.id}`,
      { name: 'ship-renamed' },
      { headers: { 'if-match': etagOf(pipeline.version) } },
    );
    expect(renamed.status).toBe(200);
  });
});

describe('running a definition that deploys to a cluster', () => {
  const refusedFor = (whom: string) =>
    `The definition deploys to prod-eu, which is not among the clusters ${whom}.`;

  it('is refused (409, and Run disabled with the reason) for a person who may not read the cluster, debug mode too', async () => {
    const { admin, outsider } = await setUp();
    const pipeline = await deployPipeline(admin, 'ship');
    const runnable = {
      allowed: false,
      code: 'cluster-not-allowed',
      reason: refusedFor('you may read'),
    };

    const read = await ok<{ runnable: unknown }>(outsider.get(`/api/pipelines/${pipeline.id}`));
    expect(read.runnable).toEqual(runnable);
    const list = await ok<{ items: { id: string; runnable: unknown }[] }>(
      outsider.get('/api/pipelines'),
    );
    expect(list.items.find((item) => item.id === pipeline.id)!.runnable).toEqual(runnable);

    for (const body of [{}, { debug: true }]) {
      const res = await outsider.post(`/api/pipelines/${pipeline.id}/runs`, body);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        code: 'cluster-not-allowed',
        detail: refusedFor('you may read'),
      });
    }
    expect(await runsOf(pipeline.id)).toBe(0);
  });

  it('is allowed for a person who may read the cluster and for administrators, until it is gone', async () => {
    const { admin, reader, prod } = await setUp();
    const pipeline = await deployPipeline(admin, 'ship');
    const allowed = { allowed: true, code: null, reason: null };

    expect((await ok(reader.get(`/api/pipelines/${pipeline.id}`))).runnable).toEqual(allowed);
    expect((await ok(admin.get(`/api/pipelines/${pipeline.id}`))).runnable).toEqual(allowed);
    await ok(reader.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    await ok(admin.post(`/api/pipelines/${pipeline.id}/runs`, { debug: true }), 201);
    expect(await runsOf(pipeline.id)).toBe(2);

    // A cluster deleted since: the same sentence as one the person may not read.
    expect((await admin.delete(`/api/clusters/${prod.id}`)).status).toBe(204);
    const gone = await admin.post(`/api/pipelines/${pipeline.id}/runs`, {});
    expect(gone.status).toBe(409);
    expect(await gone.json()).toMatchObject({
      code: 'cluster-not-allowed',
      detail: refusedFor('you may read'),
    });
    expect(await runsOf(pipeline.id)).toBe(2);
  });
});

describe('a webhook’s run of a definition that deploys to a cluster', () => {
  /** A pipeline deploying to prod-eu with a GitHub trigger made by `maker`, and a delivery. */
  async function triggered(maker: SignedIn, admin: SignedIn) {
    const runners = runnerScene(t, admin);
    const provider = await runners.gitProvider('github');
    const runner = await runners.runner();
    const pipeline = await deployPipeline(admin, `hooked-${provider.name}`);
    const trigger = await ok<{ id: string; secret: string; updatedBy: unknown }>(
      maker.post(`/api/pipelines/${pipeline.id}/triggers`, {
        gitProviderId: provider.id,
        runnerId: runner.id,
        repository: 'acme/api',
        events: ['push'],
      }),
      201,
    );
    const body = readFileSync(
      new URL('../hooks/fixtures/github-push.json', import.meta.url),
      'utf8',
    );
    let deliveries = 0;
    const push = async () => {
      deliveries += 1;
      const res = await deliver(t, trigger.id, body, {
        'x-github-event': 'push',
        'x-hub-signature-256': sign(trigger.secret, body),
        'x-github-delivery': `${trigger.id.slice(0, 8)}-delivery-${deliveries}`,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { pipeline, trigger, push };
  }

  it('queues nothing (202, with the reason) when the person who last changed the trigger may not read the cluster', async () => {
    const { admin, outsider, reader } = await setUp();
    const { pipeline, trigger, push } = await triggered(outsider, admin);

    expect(await push()).toEqual({
      status: 202,
      body: {
        queued: false,
        reason:
          'The pipeline may not run now: The definition deploys to prod-eu, which is not among the clusters the person who last changed this trigger may read.',
      },
    });
    expect(await runsOf(pipeline.id)).toBe(0);

    // Someone who may read it changes the trigger: its runs now have their access.
    await ok(reader.patch(`/api/triggers/${trigger.id}`, { branchFilter: '^main$' }));
    expect(await push()).toMatchObject({ status: 201, body: { queued: true, number: 1 } });
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('queues nothing once that person loses access to the cluster, or is removed', async () => {
    const { admin, reader, deployers } = await setUp();
    const { pipeline, trigger, push } = await triggered(reader, admin);
    expect(await push()).toMatchObject({ status: 201 });

    await ok(admin.patch(`/api/teams/${deployers}`, { removeMemberIds: [reader.userId] }));
    const lost = await push();
    expect(lost.status).toBe(202);
    expect(lost.body.reason).toMatch(
      /not among the clusters the person who last changed this trigger may read\.$/,
    );

    await ok(admin.patch(`/api/teams/${deployers}`, { addMemberIds: [reader.userId] }));
    expect(await push()).toMatchObject({ status: 201 });
    expect((await admin.delete(`/api/users/${reader.userId}`)).status).toBe(204);
    expect((await ok(admin.get(`/api/triggers/${trigger.id}`))).updatedBy).toBeNull();
    expect(await push()).toEqual({
      status: 202,
      body: {
        queued: false,
        reason:
          'The pipeline may not run now: The definition deploys to prod-eu, and the person who last changed this trigger is no longer in the account: someone who may read the cluster must save the trigger again.',
      },
    });
    expect(await runsOf(pipeline.id)).toBe(2);

    // A definition that deploys nowhere needs nobody's access to clusters.
    const current = await ok<{ version: number }>(admin.get(`/api/pipelines/${pipeline.id}`));
    await ok(
      admin.patch(
        `/api/pipelines/${pipeline.id}`,
        { source: inline(NO_DEPLOY) },
        { headers: { 'if-match': etagOf(current.version) } },
      ),
    );
    expect(await push()).toMatchObject({ status: 201 });
    expect(await runsOf(pipeline.id)).toBe(3);
  });

  it('records who created the trigger and who changed it last, a rotation included', async () => {
    const { admin, outsider, reader } = await setUp();
    const { trigger } = await triggered(outsider, admin);
    const path = `/api/triggers/${trigger.id}`;
    const stored = async () =>
      (await t.deps.db.select().from(triggers).where(eq(triggers.id, trigger.id)))[0]!.updatedBy;

    expect(trigger.updatedBy).toEqual({ id: outsider.userId, name: await nameOf(outsider) });
    expect(await stored()).toBe(outsider.userId);

    // A change that changes no setting still hands the trigger over, and the log says so.
    const changed = await ok<{ updatedBy: unknown }>(reader.patch(path, {}));
    expect(changed.updatedBy).toEqual({ id: reader.userId, name: await nameOf(reader) });
    expect(await stored()).toBe(reader.userId);
    const audit = await ok<{ items: { before: unknown; after: unknown }[] }>(
      admin.get(`/api/audit?targetId=${trigger.id}&action=trigger.updated`),
    );
    expect(audit.items).toMatchObject([
      { before: { actsFor: await nameOf(outsider) }, after: { actsFor: await nameOf(reader) } },
    ]);

    await ok(admin.post(`${path}/rotate-secret`));
    expect(await stored()).toBe(admin.userId);
    expect((await ok(outsider.get(path))).updatedBy).toEqual({
      id: admin.userId,
      name: await nameOf(admin),
    });
    const listed = await ok<{ items: { id: string; updatedBy: unknown }[] }>(
      admin.get(
        `/api/pipelines/${(await ok<{ pipelineId: string }>(admin.get(path))).pipelineId}/triggers`,
      ),
    );
    expect(listed.items[0]!.updatedBy).toEqual({ id: admin.userId, name: await nameOf(admin) });
  });
});

describe('triggers made before updated_by (the migration)', () => {
  it('act for the person the audit log names as their last changer, when still in the account', async () => {
    const migration = migrationNamed('_trigger_updated_by');
    const db = newPGlite();
    try {
      await migration.applyBefore(db);
      const account = '00000000-0000-4000-8000-000000000001';
      const person = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;
      const [ada, alan, gone] = [person(1), person(2), person(3)] as const;
      const trigger = (n: number) => `00000000-0000-4000-8000-00000000020${n}`;
      const [kept, handed, orphaned, silent] = [trigger(1), trigger(2), trigger(3), trigger(4)];
      await db.exec(`
        insert into accounts (id, name) values ('${account}', 'Old');
        insert into users (id, account_id, email, name, status) values
          ('${ada}', '${account}', 'ada@example.com', 'Ada', 'active'),
          ('${alan}', '${account}', 'alan@example.com', 'Alan', 'active');
        insert into pipelines (id, account_id, name, project, created_at, updated_at)
          values ('00000000-0000-4000-8000-000000000301', '${account}', 'ship', 'payments', now(), now());
        insert into git_providers (id, account_id, name, kind, base_url, created_at, updated_at)
          values ('00000000-0000-4000-8000-000000000401', '${account}', 'github', 'github', 'https://api.github.com', now(), now());
        insert into runners (id, account_id, name, created_at)
          values ('00000000-0000-4000-8000-000000000501', '${account}', 'dc', now());
      `);
      for (const id of [kept, handed, orphaned, silent]) {
        await db.exec(`
          insert into triggers (id, account_id, pipeline_id, git_provider_id, runner_id, repository,
            events, secret_sealed, secret_rotated_at, created_at, updated_at)
          values ('${id}', '${account}', '00000000-0000-4000-8000-000000000301',
            '00000000-0000-4000-8000-000000000401', '00000000-0000-4000-8000-000000000501',
            'acme/api', '{push}', 'sealed', now(), now(), now());
        `);
      }
      const entry = (target: string, actor: string, action: string, minute: number) => `
        insert into audit_entries (account_id, at, actor_user_id, actor_name, actor_email, action,
          target_type, target_id, target_name)
        values ('${account}', '2026-01-01T00:${String(minute).padStart(2, '0')}:00Z', '${actor}',
          'Someone', 'someone@example.com', '${action}', 'trigger', '${target}', 'acme/api');`;
      await db.exec(
        [
          entry(kept, ada, 'trigger.created', 1),
          entry(handed, ada, 'trigger.created', 1),
          entry(handed, alan, 'trigger.secret-rotated', 2),
          // The last change was made by someone no longer in the account: nobody, not Ada.
          entry(orphaned, ada, 'trigger.created', 1),
          entry(orphaned, gone, 'trigger.updated', 3),
        ].join('\n'),
      );
      await migration.apply(db);
      const { rows } = await db.query<{ id: string; updated_by: string | null }>(
        'select id, updated_by from triggers order by id',
      );
      expect(rows).toEqual([
        { id: kept, updated_by: ada },
        { id: handed, updated_by: alan },
        { id: orphaned, updated_by: null },
        { id: silent, updated_by: null },
      ]);
    } finally {
      await db.close();
    }
  });
});
