import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backoff,
  runRunner,
  type FetchLike,
  type SavedRunner,
} from '../../../../scripts/runner-agent';
import { accessScene, ok } from '../../testing/access-scene';
import { deliver, runnerScene, sign } from '../../testing/runner-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { queueRun } from '../runs/queue';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ORIGIN = 'http://perimeter.test';

describe('the reference runner (scripts/runner.ts)', () => {
  it('registers, claims a run queued by a signed webhook, reports its steps and finishes it', async () => {
    const scene = await accessScene(t);
    const provider = await runnerScene(t, scene.admin).gitProvider('github');
    const created = await ok<{ id: string; registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'reference' }),
      201,
    );
    const pipeline = await scene.pipeline('api');
    const trigger = await ok<{ id: string; secret: string }>(
      scene.admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
        gitProviderId: provider.id,
        runnerId: created.id,
        repository: 'acme/api',
        events: ['push'],
      }),
      201,
    );
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after: '9f1c2a7e3b5d4c6e8f0a1b2c3d4e5f60718293a4',
      repository: { full_name: 'acme/api' },
      head_commit: { message: 'Ship it' },
      commits: [],
    });
    const queued = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
    });
    expect(queued.status).toBe(201);
    const { runId } = await queued.json();

    // Only the runner protocol, through the app in-process; the runner never learns of anything else.
    const paths: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      expect(url.startsWith(ORIGIN)).toBe(true);
      paths.push(url.slice(ORIGIN.length));
      return t.app.request(url.slice(ORIGIN.length), init);
    };
    let saved: SavedRunner | undefined;
    const lines: string[] = [];
    const result = await runRunner({
      url: ORIGIN,
      fetch,
      registrationToken: created.registrationToken,
      save: (state) => {
        saved = state;
      },
      once: true,
      stepMs: 5,
      waitSeconds: 1,
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ jobs: 1, reason: 'once' });
    expect(saved).toMatchObject({ url: ORIGIN, runnerId: created.id });
    expect(new Set(paths)).toEqual(
      new Set([
        '/api/runner/v1/register',
        '/api/runner/v1/poll',
        `/api/runner/v1/jobs/${runId}/status`,
      ]),
    );
    expect(lines.join('\n')).toContain('Finished payments/api #1: succeeded.');
    expect(lines.join('\n')).not.toContain(saved!.credential);

    const run = await ok<{ state: string; steps: { name: string; state: string }[] }>(
      scene.admin.get(`/api/runs/${runId}`),
    );
    expect(run.state).toBe('succeeded');
    expect(run.steps).toEqual([
      expect.objectContaining({ name: 'hello', state: 'succeeded', message: expect.any(String) }),
    ]);
    const runner = await ok<{ state: string; version: string }>(
      scene.admin.get(`/api/runners/${created.id}`),
    );
    expect(runner).toMatchObject({ state: 'online', version: 'perimeter-reference-runner/1.0.0' });

    // Started again with the saved credential it needs no token; once revoked it stops.
    await ok(scene.admin.delete(`/api/runners/${created.id}`));
    const again = await runRunner({
      url: ORIGIN,
      fetch,
      saved,
      waitSeconds: 0,
      log: () => undefined,
    });
    expect(again).toEqual({ jobs: 0, reason: 'refused' });
  });

  it('reports a job failed, not left running, when stopped during a step', async () => {
    const scene = await accessScene(t);
    const created = await ok<{ id: string; registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'interrupted' }),
      201,
    );
    const pipeline = await scene.pipeline('api');
    const run = await t.deps.db.transaction((tx) =>
      queueRun(tx, {
        accountId: scene.admin.accountId,
        pipelineId: pipeline.id,
        trigger: {
          kind: 'webhook',
          triggerId: '00000000-0000-4000-8000-000000000001',
          event: 'push',
          repository: 'acme/api',
          branch: 'main',
          revision: null,
          message: null,
        },
        runnerId: created.id,
        steps: ['clone', 'build', 'push'],
        at: t.clock.now(),
      }),
    );
    const controller = new AbortController();
    const result = await runRunner({
      url: ORIGIN,
      fetch: async (url, init) => t.app.request(url.slice(ORIGIN.length), init),
      registrationToken: created.registrationToken,
      stepMs: 10_000,
      waitSeconds: 1,
      signal: controller.signal,
      log: (line) => {
        // Stopped in the middle of the first step's 10 s.
        if (line.includes('clone: running')) setTimeout(() => controller.abort(), 50);
      },
    });
    expect(result).toEqual({ jobs: 1, reason: 'stopped' });
    const reported = await ok<{ state: string; steps: { name: string; state: string }[] }>(
      scene.admin.get(`/api/runs/${run.id}`),
    );
    expect(reported.state).toBe('failed');
    expect(reported.steps.map((step) => [step.name, step.state])).toEqual([
      ['clone', 'failed'],
      ['build', 'skipped'],
      ['push', 'skipped'],
    ]);
  });

  it('sends a report again when the network or the server loses it, and the run still finishes', async () => {
    const scene = await accessScene(t);
    const created = await ok<{ id: string; registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'flaky-network' }),
      201,
    );
    const pipeline = await scene.pipeline('api');
    const run = await t.deps.db.transaction((tx) =>
      queueRun(tx, {
        accountId: scene.admin.accountId,
        pipelineId: pipeline.id,
        trigger: {
          kind: 'webhook',
          triggerId: '00000000-0000-4000-8000-000000000002',
          event: 'push',
          repository: 'acme/api',
          branch: 'main',
          revision: null,
          message: null,
        },
        runnerId: created.id,
        steps: ['clone'],
        at: t.clock.now(),
      }),
    );
    // The first report is lost on the way, the second meets a proxy's 503; the rest get through.
    let reports = 0;
    const result = await runRunner({
      url: ORIGIN,
      fetch: async (url, init) => {
        if (url.includes('/status')) {
          reports += 1;
          if (reports === 1) throw new TypeError('fetch failed');
          if (reports === 2) return new Response('busy', { status: 503 });
        }
        return t.app.request(url.slice(ORIGIN.length), init);
      },
      registrationToken: created.registrationToken,
      once: true,
      stepMs: 5,
      retryMs: 5,
      waitSeconds: 1,
    });
    expect(result).toEqual({ jobs: 1, reason: 'once' });
    expect(reports).toBeGreaterThan(2);
    const finished = await ok<{ state: string }>(scene.admin.get(`/api/runs/${run.id}`));
    expect(finished.state).toBe('succeeded');
  });

  it('lets go of a run at its approval step, and finishes it once a person approves it through the API', async () => {
    const scene = await accessScene(t);
    const created = await ok<{ id: string; registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'approvals' }),
      201,
    );
    const pipeline = await ok<{ id: string }>(
      scene.admin.post('/api/pipelines', {
        name: 'release',
        project: 'payments',
        source: {
          type: 'inline',
          yaml: `version: '1.0'
steps:
  build: { type: build, image_name: acme/api }
  approval: { type: pending-approval }
  deploy: { image: alpine:3.20, commands: [echo deploy] }
`,
        },
      }),
      201,
    );
    const run = await ok<{ id: string }>(
      scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, {}),
      201,
    );
    const approver = await scene.person([]);

    const lines: string[] = [];
    let waitingSeen: { state: string } | undefined;
    let approval: Promise<Response> | undefined;
    const result = await runRunner({
      url: ORIGIN,
      fetch: async (url, init) => t.app.request(url.slice(ORIGIN.length), init),
      registrationToken: created.registrationToken,
      once: true,
      stepMs: 5,
      waitSeconds: 1,
      log: (line) => {
        lines.push(line);
        // The runner released the run and polls on: a person approves it now.
        if (line.includes('waiting for approval')) {
          approval = (async () => {
            waitingSeen = await ok<{ state: string }>(scene.admin.get(`/api/runs/${run.id}`));
            return approver.post(`/api/runs/${run.id}/approve`);
          })();
        }
      },
    });
    expect(waitingSeen?.state).toBe('pending-approval');
    expect((await approval!).status).toBe(200);
    // Claimed twice (before and after the approval); `once` waited for the run to finish.
    expect(result).toEqual({ jobs: 2, reason: 'once' });
    const log = lines.join('\n');
    expect(log).toContain('approval: waiting for approval');
    expect(log).toContain('resuming at the first pending one');
    expect(log).toContain('Finished payments/release #1: succeeded.');

    const finished = await ok<{
      state: string;
      runner: { id: string };
      steps: { name: string; state: string; message?: string }[];
      decisions: { decision: string; by: { id: string } }[];
    }>(scene.admin.get(`/api/runs/${run.id}`));
    expect(finished).toMatchObject({
      state: 'succeeded',
      runner: { id: created.id },
      decisions: [{ decision: 'approved', by: { id: approver.userId } }],
    });
    expect(finished.steps.map((step) => [step.name, step.state])).toEqual([
      ['build', 'succeeded'],
      ['approval', 'succeeded'],
      ['deploy', 'succeeded'],
    ]);
    expect(finished.steps[1]!.message).toMatch(/^Approved by Person /);
  });

  it('pauses before each step in debug mode, and reports the steps it loads for a git definition', async () => {
    const scene = await accessScene(t);
    const provider = await runnerScene(t, scene.admin).gitProvider('github');
    const created = await ok<{ registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'debugging' }),
      201,
    );
    const pipeline = await ok<{ id: string }>(
      scene.admin.post('/api/pipelines', {
        name: 'from-git',
        project: 'payments',
        source: {
          type: 'git',
          gitProviderId: provider.id,
          repository: 'acme/api',
          branch: 'main',
          path: 'ci.yml',
        },
      }),
      201,
    );
    const run = await ok<{ id: string; steps: unknown[] }>(
      scene.admin.post(`/api/pipelines/${pipeline.id}/runs`, { debug: true }),
      201,
    );
    expect(run.steps).toEqual([]);
    const lines: string[] = [];
    const result = await runRunner({
      url: ORIGIN,
      fetch: async (url, init) => t.app.request(url.slice(ORIGIN.length), init),
      registrationToken: created.registrationToken,
      once: true,
      stepMs: 5,
      debugPauseMs: 5,
      waitSeconds: 1,
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ jobs: 1, reason: 'once' });
    // Each pause comes before its step starts.
    const order = lines
      .filter((line) => /debug: pausing|: running/.test(line))
      .map((l) => l.trim());
    expect(order).toEqual([
      'debug: pausing 5 ms before clone.',
      'clone: running',
      'debug: pausing 5 ms before run.',
      'run: running',
    ]);
    expect(lines.join('\n')).toContain('loaded 2 step(s) from the git definition');
    const finished = await ok<{ state: string; debug: boolean; steps: unknown[] }>(
      scene.admin.get(`/api/runs/${run.id}`),
    );
    expect(finished).toMatchObject({
      state: 'succeeded',
      debug: true,
      steps: [
        { name: 'clone', type: 'git-clone', state: 'succeeded' },
        { name: 'run', type: 'freestyle', state: 'succeeded' },
      ],
    });
  });

  it('waits longer after each failure in a row, never more than a minute', () => {
    for (let failures = 1; failures <= 20; failures += 1) {
      const ceiling = Math.min(60_000, 5_000 * 2 ** (failures - 1));
      const wait = backoff(5_000, failures);
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
    }
  });

  it('stops cleanly when told to, between polls', async () => {
    const scene = await accessScene(t);
    const created = await ok<{ registrationToken: string }>(
      scene.admin.post('/api/runners', { name: 'stopping' }),
      201,
    );
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const result = await runRunner({
      url: ORIGIN,
      fetch: async (url, init) => t.app.request(url.slice(ORIGIN.length), init),
      registrationToken: created.registrationToken,
      waitSeconds: 25,
      signal: controller.signal,
    });
    expect(result).toEqual({ jobs: 0, reason: 'stopped' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
