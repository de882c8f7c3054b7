import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema } from '../../../contract/audit';
import { pollResponseSchema } from '../../../contract/runners';
import { runApproversSchema, runSchema, type Run, type RunStep } from '../../../contract/runs';
import { accounts, gitProviders, pipelines } from '../../db/schema';
import { accessScene, ok, type AccessScene, type SignedIn } from '../../testing/access-scene';
import { runnerScene } from '../../testing/runner-scene';
import type { TestResponse } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { stepsOfDefinition } from './definition';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const WITH_APPROVAL = `version: '1.0'
steps:
  build:
    type: build
    image_name: acme/api
  approval:
    type: pending-approval
  deploy:
    image: alpine:3.20
    commands: [echo deploy]
`;

/** A pipeline with an inline definition, created by the administrator. */
async function inlinePipeline(
  scene: AccessScene,
  name: string,
  tags: string[] = [],
  yaml = WITH_APPROVAL,
) {
  return ok<{ id: string; project: string; name: string }>(
    scene.admin.post('/api/pipelines', {
      name,
      project: 'payments',
      tags,
      source: { type: 'inline', yaml },
    }),
    201,
  );
}

async function problemOf(res: TestResponse | Promise<TestResponse>) {
  const answer = await res;
  return { status: answer.status, ...(await answer.json()) } as {
    status: number;
    code?: string;
    privilege?: string;
    detail?: string;
    errors?: { path: string; message: string }[];
  };
}

async function runsOf(agent: SignedIn, pipelineId: string): Promise<Run[]> {
  return (await ok<{ items: Run[] }>(agent.get(`/api/pipelines/${pipelineId}/runs`))).items;
}

/**
 * A scene without the default rules: pipelines tagged `eu`; `readers` read them, `runners` run
 * them, `debuggers` run and debug, `approvers` approve (and so read).
 */
async function privilegeScene() {
  const scene = await accessScene(t);
  await scene.withoutDefaultRules();
  const teams = {
    readers: await scene.team('readers'),
    runners: await scene.team('runners'),
    debuggers: await scene.team('debuggers'),
    approvers: await scene.team('approvers'),
  };
  const grant = (teamId: string, privileges: ('read' | 'run' | 'debug' | 'approve')[]) =>
    scene.rule({ teamId, resourceType: 'pipeline', privileges, tags: ['eu'] });
  await grant(teams.readers, ['read']);
  await grant(teams.runners, ['run']);
  await grant(teams.debuggers, ['run', 'debug']);
  await grant(teams.approvers, ['approve']);
  return {
    scene,
    reader: await scene.person([teams.readers]),
    runner: await scene.person([teams.runners]),
    debugger: await scene.person([teams.debuggers]),
    approver: await scene.person([teams.approvers]),
    outsider: await scene.person([]),
    pipeline: await inlinePipeline(scene, 'deploy', ['eu']),
  };
}

/** A run claimed by a registered runner, which reports it waiting at its approval step. */
async function waitingRun(scene: AccessScene, pipelineId: string) {
  const runners = runnerScene(t, scene.admin);
  const runner = await runners.runner();
  const run = await ok<Run>(scene.admin.post(`/api/pipelines/${pipelineId}/runs`, {}), 201);
  const { job } = pollResponseSchema.parse(await ok(runners.poll(runner.credential)));
  expect(job.id).toBe(run.id);
  const report = (state: string, steps: RunStep[]) =>
    runners.runnerRequest(runner.credential, `/api/runner/v1/jobs/${job.id}/status`, {
      state,
      steps,
    });
  const waiting: RunStep[] = [
    { name: 'build', type: 'build', state: 'succeeded', message: 'built' },
    { name: 'approval', type: 'pending-approval', state: 'pending' },
    { name: 'deploy', type: 'freestyle', state: 'pending' },
  ];
  expect((await report('pending-approval', waiting)).status).toBe(204);
  return { runners, runner, run, job, report, waiting };
}

async function auditOf(admin: SignedIn, action: string) {
  return auditPageSchema.parse(await ok(admin.get(`/api/audit?action=${action}`))).items;
}

describe('the steps of an inline definition', () => {
  it('lists the top-level steps in order with their types, freestyle by default, parallel as one step', () => {
    expect(
      stepsOfDefinition(`version: '1.0'
steps:
  zeta: { type: git-clone, repo: acme/api }
  2: { image: alpine }
  checks:
    type: parallel
    steps:
      lint: { image: node }
      test: { image: node }
  approval: { type: pending-approval }
`),
    ).toEqual({
      ok: true,
      steps: [
        { name: 'zeta', type: 'git-clone' },
        { name: '2', type: 'freestyle' },
        { name: 'checks', type: 'parallel' },
        { name: 'approval', type: 'pending-approval' },
      ],
    });
  });

  it('says why a definition cannot run: not YAML, no steps, a step that is not a map, too many aliases', () => {
    const reasons = [
      'steps: [',
      'version: 1.0',
      'steps: {}',
      'steps:\n  build: run it',
      'steps:\n  a: {}\n  a: {}',
      'just text',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`).join('\n')}\nsteps: { x: {} }`,
    ].map((yaml) => {
      const result = stepsOfDefinition(yaml);
      expect(result.ok, yaml).toBe(false);
      return result.ok ? '' : result.reason;
    });
    expect(reasons[0]).toMatch(/^The definition is not valid YAML: .*line 1/);
    expect(reasons[1]).toBe('The definition has no steps: add at least one under steps.');
    expect(reasons[2]).toBe('The definition has no steps: add at least one under steps.');
    expect(reasons[3]).toBe('Step build is not a map of its fields.');
    expect(reasons[4]).toMatch(/Map keys must be unique/);
    expect(reasons[5]).toBe('The definition is not a YAML map with a steps map in it.');
    expect(reasons[6]).toMatch(/^The definition is not valid YAML: .*alias/);
  });
});

describe('POST /api/pipelines/:id/runs', () => {
  it('queues a run with the inline definition’s steps, the caller as its trigger, for any runner', async () => {
    const scene = await accessScene(t);
    const pipeline = await inlinePipeline(scene, 'api');
    const res = await scene.admin.post(`/api/pipelines/${pipeline.id}/runs`);
    expect(res.status).toBe(201);
    const run = runSchema.strict().parse(await res.json());
    expect(res.headers.get('location')).toBe(`/api/runs/${run.id}`);
    expect(run).toMatchObject({
      pipelineId: pipeline.id,
      number: 1,
      state: 'queued',
      debug: false,
      runner: null,
      trigger: { kind: 'manual', userId: scene.admin.userId, userName: expect.any(String) },
      steps: [
        { name: 'build', type: 'build', state: 'pending' },
        { name: 'approval', type: 'pending-approval', state: 'pending' },
        { name: 'deploy', type: 'freestyle', state: 'pending' },
      ],
      decisions: [],
      finishedAt: null,
    });
    expect((await runsOf(scene.admin, pipeline.id)).map((item) => item.id)).toEqual([run.id]);

    // Any runner of the account claims it: the job carries the plan, the source and the mode.
    const runners = runnerScene(t, scene.admin);
    const runner = await runners.runner();
    const { job } = pollResponseSchema.parse(await ok(runners.poll(runner.credential)));
    expect(job).toMatchObject({
      id: run.id,
      debug: false,
      trigger: { kind: 'manual' },
      source: { type: 'inline', yaml: WITH_APPROVAL },
      steps: ['build', 'approval', 'deploy'],
      plan: run.steps,
    });
    const second = await ok<Run>(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    expect(second.number).toBe(2);
  });

  it('answers by privilege: 404 without read, 403 naming run, then debug, before anything else', async () => {
    const {
      scene,
      reader,
      runner,
      debugger: debuggerPerson,
      outsider,
      pipeline,
    } = await privilegeScene();
    const path = `/api/pipelines/${pipeline.id}/runs`;

    expect(await problemOf(outsider.post(path, {}))).toMatchObject({ status: 404 });
    // 404 before the body's privileges or the source: nothing says the pipeline exists.
    await t.deps.db
      .update(accounts)
      .set({ inlineSourceEnabled: false })
      .where(eq(accounts.id, scene.admin.accountId));
    expect(await problemOf(outsider.post(path, { debug: true }))).toMatchObject({ status: 404 });
    expect(await problemOf(reader.post(path, { debug: true }))).toMatchObject({
      status: 403,
      code: 'missing-privilege',
      privilege: 'run',
    });
    expect(await problemOf(runner.post(path, { debug: true }))).toMatchObject({
      status: 403,
      code: 'missing-privilege',
      privilege: 'debug',
    });
    await t.deps.db
      .update(accounts)
      .set({ inlineSourceEnabled: true })
      .where(eq(accounts.id, scene.admin.accountId));
    expect(await runsOf(scene.admin, pipeline.id)).toEqual([]);

    const plain = await ok<Run>(runner.post(path, {}), 201);
    expect(plain).toMatchObject({
      debug: false,
      trigger: { kind: 'manual', userId: runner.userId },
    });
    const debugged = await ok<Run>(debuggerPerson.post(path, { debug: true }), 201);
    expect(debugged.debug).toBe(true);
    const byAdmin = await ok<Run>(scene.admin.post(path, { debug: true }), 201);
    expect(byAdmin.debug).toBe(true);

    // The runner is told: the job of a debug run says so.
    const runners = runnerScene(t, scene.admin);
    const credential = (await runners.runner()).credential;
    const jobs = [];
    for (let i = 0; i < 3; i += 1) {
      jobs.push(pollResponseSchema.parse(await ok(runners.poll(credential))).job);
    }
    // The clock stands still in tests: runs queued at the same instant come in any order.
    jobs.sort((a, b) => a.number - b.number);
    expect(jobs.map((job) => [job.number, job.debug])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);

    const other = await accessScene(t);
    expect(await problemOf(other.admin.post(path, {}))).toMatchObject({ status: 404 });
    expect((await t.agent().post(path, {})).status).toBe(401);
  });

  it('refuses bad input with a 4xx naming the field, and queues nothing', async () => {
    const scene = await accessScene(t);
    const pipeline = await inlinePipeline(scene, 'bad-input');
    const path = `/api/pipelines/${pipeline.id}/runs`;
    const debug = await problemOf(scene.admin.post(path, { debug: 'yes' }));
    expect(debug.status).toBe(422);
    expect(debug.errors).toEqual([{ path: 'debug', message: 'debug is true or false.' }]);
    expect((await scene.admin.post(path, { debug: false, runner: 'x' })).status).toBe(422);
    expect((await scene.admin.post(path, ['debug'])).status).toBe(422);
    const malformed = await scene.admin.request('POST', path, undefined, {
      headers: { 'content-type': 'application/json' },
      rawBody: '{"debug": tru',
    });
    expect(malformed.status).toBe(400);
    expect((await scene.admin.post('/api/pipelines/not-an-id/runs', {})).status).toBe(422);
    expect(
      (await scene.admin.post('/api/pipelines/00000000-0000-4000-8000-000000000000/runs', {}))
        .status,
    ).toBe(404);
    expect(await runsOf(scene.admin, pipeline.id)).toEqual([]);
  });

  it('answers 409 with the reason while the source is turned off, and runs again once it is on', async () => {
    const scene = await accessScene(t);
    const pipeline = await inlinePipeline(scene, 'switched');
    const path = `/api/pipelines/${pipeline.id}/runs`;
    const turn = (on: boolean) =>
      t.deps.db
        .update(accounts)
        .set({ inlineSourceEnabled: on })
        .where(eq(accounts.id, scene.admin.accountId));
    await turn(false);
    const refused = await problemOf(scene.admin.post(path, {}));
    expect(refused).toMatchObject({ status: 409, code: 'source-disabled' });
    expect(refused.detail).toMatch(/^Inline definitions are turned off for this account/);
    const pipelineView = await ok<{ runnable: { reason: string } }>(
      scene.admin.get(`/api/pipelines/${pipeline.id}`),
    );
    expect(refused.detail).toBe(pipelineView.runnable.reason);
    expect(await runsOf(scene.admin, pipeline.id)).toEqual([]);
    await turn(true);
    expect((await scene.admin.post(path, {})).status).toBe(201);
  });

  it('queues a git definition with no steps, and refuses it while restrictions refuse it or its provider is gone', async () => {
    const scene = await accessScene(t);
    const provider = await runnerScene(t, scene.admin).gitProvider('github');
    const pipeline = await ok<{ id: string }>(
      scene.admin.post('/api/pipelines', {
        name: 'from-git',
        project: 'payments',
        source: {
          type: 'git',
          gitProviderId: provider.id,
          repository: 'acme/api',
          branch: 'main',
          path: '.perimeter/ci.yml',
        },
      }),
      201,
    );
    const path = `/api/pipelines/${pipeline.id}/runs`;
    const run = await ok<Run>(scene.admin.post(path, {}), 201);
    expect(run.steps).toEqual([]);
    const runners = runnerScene(t, scene.admin);
    const { job } = pollResponseSchema.parse(
      await ok(runners.poll((await runners.runner()).credential)),
    );
    expect(job).toMatchObject({
      id: run.id,
      plan: [],
      source: {
        type: 'git',
        gitProvider: { name: provider.name, kind: 'github', baseUrl: provider.baseUrl },
        repository: 'acme/api',
        branch: 'main',
        path: '.perimeter/ci.yml',
      },
    });

    // Restricted to the branch pipeline-definition after the pipeline was saved.
    await t.deps.db
      .update(gitProviders)
      .set({ restrictBranches: '/^((pipeline-definition)$).*/g' })
      .where(eq(gitProviders.id, provider.id));
    const restricted = await problemOf(scene.admin.post(path, {}));
    expect(restricted).toMatchObject({ status: 409, code: 'restricted' });
    expect(restricted.detail).toContain(provider.name);
    expect(restricted.detail).toContain('main');

    await t.deps.db.delete(gitProviders).where(eq(gitProviders.id, provider.id));
    expect(await problemOf(scene.admin.post(path, {}))).toMatchObject({
      status: 409,
      code: 'provider-missing',
    });
    expect((await runsOf(scene.admin, pipeline.id)).length).toBe(1);
  });

  it('queues a url definition with no steps: the runner loads it', async () => {
    const scene = await accessScene(t);
    const pipeline = await ok<{ id: string }>(
      scene.admin.post('/api/pipelines', {
        name: 'from-url',
        project: 'payments',
        source: { type: 'url', url: 'https://example.com/ci.yml' },
      }),
      201,
    );
    const run = await ok<Run>(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    expect(run).toMatchObject({ state: 'queued', steps: [] });
  });

  it('answers 409 definition-invalid for an inline definition that is not YAML or has no steps', async () => {
    const scene = await accessScene(t);
    for (const [name, yaml, reason] of [
      ['broken', 'steps: [', /^The definition is not valid YAML/],
      ['empty', "version: '1.0'\nstages: [test]\n", /^The definition has no steps/],
    ] as const) {
      // Saving refuses such a definition (422); one saved before that check still reaches here.
      const pipeline = await inlinePipeline(scene, name);
      await t.deps.db
        .update(pipelines)
        .set({ inlineYaml: yaml })
        .where(eq(pipelines.id, pipeline.id));
      const refused = await problemOf(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}));
      expect(refused).toMatchObject({ status: 409, code: 'definition-invalid' });
      expect(refused.detail).toMatch(reason);
      expect(await runsOf(scene.admin, pipeline.id)).toEqual([]);
    }
  });
});

describe('a run waiting for approval', () => {
  it('waits when the runner reaches the approval step, is approved, and the same runner carries on', async () => {
    const { scene, reader, approver, runner: member, pipeline } = await privilegeScene();
    const { runners, runner, run, report, waiting } = await waitingRun(scene, pipeline.id);

    const seen = await ok<Run>(reader.get(`/api/runs/${run.id}`));
    expect(seen).toMatchObject({
      state: 'pending-approval',
      runner: { id: runner.id, name: runner.name },
      finishedAt: null,
    });
    // The runner let go of it: a further report is refused, and polls hand out nothing.
    expect(await problemOf(report('running', waiting))).toMatchObject({
      status: 409,
      code: 'job-waiting',
    });
    expect((await runners.poll(runner.credential)).status).toBe(204);

    // Who may approve: the administrator and the approvers, not those who only read or run.
    const approvers = runApproversSchema
      .strict()
      .parse(await ok(reader.get(`/api/runs/${run.id}/approvers`)));
    expect(approvers.truncated).toBe(false);
    expect(approvers.items.map((person) => person.id).sort()).toEqual(
      [scene.admin.userId, approver.userId].sort(),
    );

    expect(await problemOf(member.post(`/api/runs/${run.id}/approve`))).toMatchObject({
      status: 403,
      code: 'missing-privilege',
      privilege: 'approve',
    });
    const approved = runSchema
      .strict()
      .parse(await ok(approver.post(`/api/runs/${run.id}/approve`)));
    const approverName = approved.decisions[0]?.by.name;
    expect(approved).toMatchObject({
      state: 'queued',
      runner: { id: runner.id },
      steps: [
        { name: 'build', state: 'succeeded' },
        {
          name: 'approval',
          state: 'succeeded',
          message: `Approved by ${approverName}`,
          finishedAt: t.clock.now().toISOString(),
        },
        { name: 'deploy', state: 'pending' },
      ],
      decisions: [
        {
          step: 'approval',
          decision: 'approved',
          by: { id: approver.userId, name: expect.stringMatching(/^Person /) },
          at: t.clock.now().toISOString(),
        },
      ],
    });
    // A report in between (before the runner claims it again) is refused.
    expect(await problemOf(report('running', waiting))).toMatchObject({
      status: 409,
      code: 'job-queued',
    });

    // Queued again for the runner that had it: another runner does not get it.
    const other = await runners.runner();
    expect((await runners.poll(other.credential)).status).toBe(204);
    const { job } = pollResponseSchema.parse(await ok(runners.poll(runner.credential)));
    expect(job.id).toBe(run.id);
    expect(job.plan.map((step) => [step.name, step.state])).toEqual([
      ['build', 'succeeded'],
      ['approval', 'succeeded'],
      ['deploy', 'pending'],
    ]);
    const done = job.plan.map((step) => ({ ...step, state: 'succeeded' as const }));
    expect((await report('succeeded', done)).status).toBe(204);
    expect(await ok<Run>(reader.get(`/api/runs/${run.id}`))).toMatchObject({
      state: 'succeeded',
      decisions: [{ decision: 'approved' }],
    });

    // Finished: nothing more to approve or deny, and no audit entry for the refusals.
    for (const verb of ['approve', 'deny']) {
      expect(await problemOf(approver.post(`/api/runs/${run.id}/${verb}`))).toMatchObject({
        status: 409,
        code: 'not-waiting',
      });
    }
    const entries = await auditOf(scene.admin, 'run.approved');
    expect(entries).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: approver.userId }),
        target: { type: 'run', id: run.id, name: 'payments/deploy #1' },
        before: { state: 'pending-approval', step: 'approval' },
        after: { state: 'queued', step: 'approval', decision: 'approved' },
      }),
    ]);
    expect(await auditOf(scene.admin, 'run.denied')).toEqual([]);
  });

  it('ends denied: the step fails, the later steps are skipped, the runner’s reports are refused', async () => {
    const { scene, approver, pipeline } = await privilegeScene();
    const { runners, runner, run, report, waiting } = await waitingRun(scene, pipeline.id);
    const denied = await ok<Run>(approver.post(`/api/runs/${run.id}/deny`));
    expect(denied).toMatchObject({
      state: 'denied',
      finishedAt: t.clock.now().toISOString(),
      steps: [
        { name: 'build', state: 'succeeded' },
        { name: 'approval', state: 'failed', message: expect.stringMatching(/^Denied by Person /) },
        { name: 'deploy', state: 'skipped' },
      ],
      decisions: [{ step: 'approval', decision: 'denied', by: { id: approver.userId } }],
    });
    expect(await problemOf(report('running', waiting))).toMatchObject({
      status: 409,
      code: 'job-finished',
    });
    expect((await runners.poll(runner.credential)).status).toBe(204);
    expect(await problemOf(approver.post(`/api/runs/${run.id}/approve`))).toMatchObject({
      status: 409,
      code: 'not-waiting',
    });
    const entries = await auditOf(scene.admin, 'run.denied');
    expect(entries.map((entry) => [entry.target.name, entry.after])).toEqual([
      ['payments/deploy #1', { state: 'denied', step: 'approval', decision: 'denied' }],
    ]);
    expect(await auditOf(scene.admin, 'run.approved')).toEqual([]);
  });

  it('refuses a report of pending-approval without a pending approval step (422)', async () => {
    const scene = await accessScene(t);
    const pipeline = await inlinePipeline(scene, 'no-step');
    const runners = runnerScene(t, scene.admin);
    const runner = await runners.runner();
    await ok(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    const { job } = pollResponseSchema.parse(await ok(runners.poll(runner.credential)));
    const path = `/api/runner/v1/jobs/${job.id}/status`;
    for (const steps of [
      [{ name: 'build', type: 'build', state: 'pending' }],
      [{ name: 'approval', type: 'pending-approval', state: 'succeeded' }],
    ]) {
      const refused = await problemOf(
        runners.runnerRequest(runner.credential, path, { state: 'pending-approval', steps }),
      );
      expect(refused.status).toBe(422);
      expect(refused.errors?.[0]?.path).toBe('steps');
    }
    expect(await ok<Run>(scene.admin.get(`/api/runs/${job.id}`))).toMatchObject({
      state: 'running',
    });
  });

  it('answers approve and deny by privilege: 404 without read or in another account, 403 without approve, 409 unless waiting', async () => {
    const { scene, reader, runner: member, outsider, approver, pipeline } = await privilegeScene();
    const { run } = await waitingRun(scene, pipeline.id);
    const other = await accessScene(t);
    for (const verb of ['approve', 'deny']) {
      const path = `/api/runs/${run.id}/${verb}`;
      expect((await outsider.post(path)).status).toBe(404);
      expect((await other.admin.post(path)).status).toBe(404);
      expect((await t.agent().post(path)).status).toBe(401);
      for (const person of [reader, member]) {
        expect(await problemOf(person.post(path))).toMatchObject({
          status: 403,
          privilege: 'approve',
        });
      }
      expect(
        (await approver.post('/api/runs/00000000-0000-4000-8000-000000000000/' + verb)).status,
      ).toBe(404);
      expect((await approver.post(`/api/runs/not-an-id/${verb}`)).status).toBe(422);
    }
    expect((await outsider.get(`/api/runs/${run.id}/approvers`)).status).toBe(404);
    expect((await other.admin.get(`/api/runs/${run.id}/approvers`)).status).toBe(404);
    expect(await ok<Run>(scene.admin.get(`/api/runs/${run.id}`))).toMatchObject({
      state: 'pending-approval',
      decisions: [],
    });
    expect(await auditOf(scene.admin, 'run.approved')).toEqual([]);

    // A queued run (not claimed yet) is not waiting either.
    const queued = await ok<Run>(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    expect(await problemOf(approver.post(`/api/runs/${queued.id}/approve`))).toMatchObject({
      status: 409,
      code: 'not-waiting',
    });
    // The administrator holds approve without a rule.
    expect(await ok<Run>(scene.admin.post(`/api/runs/${run.id}/approve`))).toMatchObject({
      state: 'queued',
    });
  });

  it('lets one of two people approving at once win; the other gets 409 and nothing is recorded twice', async () => {
    const { scene, approver, pipeline } = await privilegeScene();
    const { run } = await waitingRun(scene, pipeline.id);
    const answers = await Promise.all([
      approver.post(`/api/runs/${run.id}/approve`),
      scene.admin.post(`/api/runs/${run.id}/deny`),
    ]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    const after = await ok<Run>(scene.admin.get(`/api/runs/${run.id}`));
    expect(after.decisions).toHaveLength(1);
    const entries = [
      ...(await auditOf(scene.admin, 'run.approved')),
      ...(await auditOf(scene.admin, 'run.denied')),
    ];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.action).toBe(
      after.decisions[0]!.decision === 'approved' ? 'run.approved' : 'run.denied',
    );
  });

  it('names only active people among the approvers', async () => {
    const scene = await accessScene(t);
    const pipeline = await inlinePipeline(scene, 'invitees');
    const run = await ok<Run>(scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}), 201);
    const member = await scene.person([]);
    const invited = await ok<{ id: string }>(
      scene.admin.post('/api/users', {
        email: `invitee-${run.id.slice(0, 8)}@example.com`,
        name: 'Invitee',
      }),
      201,
    );
    const approvers = await ok<{ items: { id: string }[] }>(
      member.get(`/api/runs/${run.id}/approvers`),
    );
    // The default rules give everyone approve on untagged pipelines.
    const ids = approvers.items.map((person) => person.id);
    expect(ids).toEqual(expect.arrayContaining([scene.admin.userId, member.userId]));
    expect(ids).not.toContain(invited.id);
  });
});
