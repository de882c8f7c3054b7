import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createdRunnerSchema, runnerPageSchema, runnerSchema } from '../../../contract/runners';
import type { RunTrigger } from '../../../contract/runs';
import { runners, runs } from '../../db/schema';
import { accessScene, ok } from '../../testing/access-scene';
import { runnerScene } from '../../testing/runner-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { queueNotifier, queueRun } from '../runs/queue';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const trigger = (triggerId: string): RunTrigger => ({
  kind: 'webhook',
  triggerId,
  event: 'push',
  repository: 'acme/api',
  branch: 'main',
  revision: 'abc123',
  message: 'Fix it',
});

async function scene() {
  const access = await accessScene(t);
  return { ...access, runners: runnerScene(t, access.admin) };
}

/** Queues a run of `pipelineId` straight into the queue, as a webhook would. */
async function queue(
  accountId: string,
  pipelineId: string,
  runnerId: string | null,
): Promise<string> {
  const run = await t.deps.db.transaction((tx) =>
    queueRun(tx, {
      accountId,
      pipelineId,
      trigger: trigger('00000000-0000-4000-8000-000000000001'),
      runnerId,
      steps: ['clone', 'build'],
      at: t.clock.now(),
    }),
  );
  queueNotifier(t.deps).notify(accountId);
  return run.id;
}

async function auditActions(admin: { get(path: string): Promise<Response> }, targetId: string) {
  const page = await ok<{ items: { action: string }[] }>(
    admin.get(`/api/audit?targetId=${targetId}`),
  );
  // Entries of one instant (the test clock stands still) come in no fixed order.
  return page.items.map((entry) => entry.action).sort();
}

describe('runners (administration)', () => {
  it('registers a runner with a one-time token shown once, lists it, and audits it', async () => {
    const { admin } = await scene();
    const res = await admin.post('/api/runners', { name: 'dc-east' });
    expect(res.status).toBe(201);
    const created = createdRunnerSchema.strict().parse(await res.json());
    expect(created).toMatchObject({ name: 'dc-east', state: 'waiting', registeredAt: null });
    expect(created.registrationToken).toMatch(/^prreg_/);
    expect(new Date(created.registrationExpiresAt).getTime() - t.clock.now().getTime()).toBe(
      24 * 3600_000,
    );
    const [stored] = await t.deps.db.select().from(runners).where(eq(runners.id, created.id));
    expect(stored!.registrationTokenHash).not.toContain(created.registrationToken);
    expect(stored!.registrationTokenHash).toHaveLength(64);

    const list = runnerPageSchema.strict().parse(await ok(admin.get('/api/runners?q=east')));
    expect(list.items.map((r) => r.name)).toEqual(['dc-east']);
    const one = runnerSchema.strict().parse(await ok(admin.get(`/api/runners/${created.id}`)));
    expect(JSON.stringify([list, one])).not.toContain(created.registrationToken);
    expect(await auditActions(admin, created.id)).toEqual(['runner.created']);

    const clash = await admin.post('/api/runners', { name: 'DC-EAST' });
    expect(clash.status).toBe(422);
    expect((await clash.json()).errors[0].path).toBe('name');
    expect((await admin.post('/api/runners', { name: 'has space' })).status).toBe(422);
    expect((await admin.get('/api/runners/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('keeps each account’s runners to itself', async () => {
    const first = await scene();
    const runner = await first.runners.runner();
    const second = await scene();
    expect((await second.admin.get(`/api/runners/${runner.id}`)).status).toBe(404);
    expect((await second.admin.delete(`/api/runners/${runner.id}`)).status).toBe(404);
    expect((await ok<{ total: number }>(second.admin.get('/api/runners'))).total).toBe(0);
  });
});

describe('runner protocol', () => {
  it('trades the registration token once for a credential; a used, unknown or expired token is 401', async () => {
    const { admin } = await scene();
    const created = await ok<{ id: string; registrationToken: string }>(
      admin.post('/api/runners', { name: 'east' }),
      201,
    );
    const register = (registrationToken: string) =>
      t.agent().post('/api/runner/v1/register', {
        registrationToken,
        version: '2.3.1',
        appProxy: true,
      });
    const first = await register(created.registrationToken);
    expect(first.status).toBe(201);
    const { runnerId, credential } = await first.json();
    expect(runnerId).toBe(created.id);
    expect(credential).toMatch(/^prrun_/);
    const second = await register(created.registrationToken);
    expect(second.status).toBe(401);
    expect((await second.json()).code).toBe('invalid-registration-token');
    expect((await register('prreg_unknown')).status).toBe(401);

    const runner = await ok<{ state: string; version: string; appProxy: boolean }>(
      admin.get(`/api/runners/${created.id}`),
    );
    expect(runner).toMatchObject({ state: 'online', version: '2.3.1', appProxy: true });

    const late = await ok<{ registrationToken: string }>(
      admin.post('/api/runners', { name: 'late' }),
      201,
    );
    const revoked = await ok<{ id: string; registrationToken: string }>(
      admin.post('/api/runners', { name: 'never' }),
      201,
    );
    await ok(admin.delete(`/api/runners/${revoked.id}`));
    expect((await register(revoked.registrationToken)).status).toBe(401);

    // The administrator's session does not outlive this; nothing below needs it.
    t.clock.advance(24 * 3600_000 + 1);
    expect((await register(late.registrationToken)).status).toBe(401);
  });

  it('answers 204 to a poll with nothing queued, and counts the runner online for 60 s after', async () => {
    const { admin, runners } = await scene();
    const runner = await runners.runner();
    t.clock.advance(5 * 60_000);
    expect((await ok<{ state: string }>(admin.get(`/api/runners/${runner.id}`))).state).toBe(
      'offline',
    );
    const res = await runners.runnerRequest(runner.credential, '/api/runner/v1/poll', {
      waitSeconds: 0,
      version: '1.1.0',
      appProxy: true,
    });
    expect(res.status).toBe(204);
    const polled = await ok<{
      state: string;
      version: string;
      appProxy: boolean;
      lastPollAt: string;
    }>(admin.get(`/api/runners/${runner.id}`));
    expect(polled).toMatchObject({ state: 'online', version: '1.1.0', appProxy: true });
    expect(polled.lastPollAt).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    expect((await ok<{ state: string }>(admin.get(`/api/runners/${runner.id}`))).state).toBe(
      'online',
    );
    t.clock.advance(1);
    expect((await ok<{ state: string }>(admin.get(`/api/runners/${runner.id}`))).state).toBe(
      'offline',
    );
  });

  it('refuses bad poll input with 422, and anything but a runner credential with 401', async () => {
    const { admin, runners } = await scene();
    const runner = await runners.runner();
    for (const body of [{ waitSeconds: 26 }, { waitSeconds: -1 }, { waitSeconds: 1.5 }, { x: 1 }]) {
      const res = await runners.runnerRequest(runner.credential, '/api/runner/v1/poll', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    // Hostile bodies with a valid credential: a 4xx problem, never a 5xx.
    for (const rawBody of [
      '{',
      '',
      'null',
      '[]',
      '"x"',
      '{"__proto__":{"a":1}}',
      '{"steps":"x"}',
    ]) {
      for (const path of ['/api/runner/v1/poll', `/api/runner/v1/jobs/${runner.id}/status`]) {
        const res = await t.agent().request('POST', path, undefined, {
          rawBody,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${runner.credential}`,
          },
        });
        expect(res.status, `${path} ${rawBody}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${rawBody}`).toBeLessThan(500);
      }
    }
    // A person's session, or API token, is no runner credential.
    expect((await admin.post('/api/runner/v1/poll', { waitSeconds: 0 })).status).toBe(401);
    const token = await ok<{ token: string }>(
      admin.post('/api/me/tokens', { name: 'ci', scope: 'read-write', expiresInDays: 30 }),
      201,
    );
    expect((await runners.poll(token.token)).status).toBe(401);
    // And a runner credential is no API token for the person API.
    const asPerson = await t
      .agent()
      .get('/api/runners', { headers: { authorization: `Bearer ${runner.credential}` } });
    expect(asPerson.status).toBe(401);
    expect(
      (
        await t
          .agent()
          .get('/api/me', { headers: { authorization: `Bearer ${runner.credential}` } })
      ).status,
    ).toBe(401);
  });

  it('hands a queued run to one runner, takes its reports, and refuses reports on others’ or finished jobs', async () => {
    const { admin, runners, pipeline, accountId } = await (async () => {
      const s = await scene();
      return { ...s, pipeline: await s.pipeline('api'), accountId: s.admin.accountId };
    })();
    const east = await runners.runner({ name: 'east' });
    const west = await runners.runner({ name: 'west' });
    const runId = await queue(accountId, pipeline.id, east.id);

    // West may not take a run that is for east.
    expect((await runners.poll(west.credential)).status).toBe(204);
    // No body at all is a poll with the defaults.
    const polled = await t.agent().request('POST', '/api/runner/v1/poll', undefined, {
      headers: { authorization: `Bearer ${east.credential}` },
    });
    expect(polled.status).toBe(200);
    const { job } = await polled.json();
    expect(job).toMatchObject({ id: runId, number: 1, steps: ['clone', 'build'], debug: false });
    expect((await runners.poll(east.credential)).status).toBe(204);

    const status = (credential: string, body: unknown, id = runId) =>
      runners.runnerRequest(credential, `/api/runner/v1/jobs/${id}/status`, body);
    const steps = [
      { name: 'clone', state: 'succeeded', message: 'cloned abc123' },
      { name: 'build', state: 'running' },
    ];
    expect((await status(west.credential, { state: 'running', steps })).status).toBe(404);
    expect(
      (
        await status(
          east.credential,
          { state: 'running', steps },
          '00000000-0000-4000-8000-000000000000',
        )
      ).status,
    ).toBe(404);
    expect((await status(east.credential, { state: 'done', steps })).status).toBe(422);
    expect((await status(east.credential, { state: 'running', steps })).status).toBe(204);
    let run = await ok<{ state: string; steps: unknown[]; runner: { id: string } }>(
      admin.get(`/api/runs/${runId}`),
    );
    expect(run).toMatchObject({ state: 'running', steps, runner: { id: east.id } });

    const done = steps.map((step) => ({ ...step, state: 'succeeded' }));
    expect((await status(east.credential, { state: 'succeeded', steps: done })).status).toBe(204);
    run = await ok(admin.get(`/api/runs/${runId}`));
    expect(run).toMatchObject({ state: 'succeeded', finishedAt: t.clock.now().toISOString() });
    const again = await status(east.credential, { state: 'failed', steps: done });
    expect(again.status).toBe(409);
    expect((await ok<{ state: string }>(admin.get(`/api/runs/${runId}`))).state).toBe('succeeded');
  });

  it('never hands the same run to two polls at once', async () => {
    const s = await scene();
    const pipeline = await s.pipeline('api');
    const pollers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => s.runners.runner()));
    // Rounds of six simultaneous polls for four runs (on PostgreSQL they truly run at once).
    for (let round = 0; round < 3; round += 1) {
      const queued: string[] = [];
      for (let i = 0; i < 4; i += 1) queued.push(await queue(s.admin.accountId, pipeline.id, null));
      const answers = await Promise.all(
        pollers.map(async (runner) => ({ runner, res: await s.runners.poll(runner.credential) })),
      );
      const claimed = new Map<string, string>();
      for (const { runner, res } of answers) {
        if (res.status === 204) continue;
        expect(res.status).toBe(200);
        const { job } = await res.json();
        expect(claimed.has(job.id), `run ${job.id} handed out twice`).toBe(false);
        claimed.set(job.id, runner.id);
      }
      // Whatever a poll skipped because another held it, a later poll takes.
      for (const runner of pollers) {
        const res = await s.runners.poll(runner.credential);
        if (res.status === 200) claimed.set((await res.json()).job.id, runner.id);
      }
      expect([...claimed.keys()].sort()).toEqual([...queued].sort());
      const rows = await t.deps.db.select().from(runs).where(eq(runs.pipelineId, pipeline.id));
      for (const row of rows.filter((r) => queued.includes(r.id))) {
        expect(row.state).toBe('running');
        expect(row.claimedByRunnerId).toBe(claimed.get(row.id));
      }
    }
  });

  it('wakes a waiting poll as soon as a run is queued', async () => {
    const s = await scene();
    const pipeline = await s.pipeline('api');
    const runner = await s.runners.runner();
    const started = Date.now();
    const waiting = s.runners.poll(runner.credential, 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const runId = await queue(s.admin.accountId, pipeline.id, runner.id);
    const res = await waiting;
    expect(res.status).toBe(200);
    expect((await res.json()).job.id).toBe(runId);
    // Woken by the notifier, well before the 20 s and in practice before the re-check.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waits out waitSeconds and answers 204, and stops when the client goes away', async () => {
    const s = await scene();
    const runner = await s.runners.runner();
    const started = Date.now();
    expect((await s.runners.poll(runner.credential, 1)).status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);

    const controller = new AbortController();
    const abortedAt = Date.now();
    const pending = t.app.request('/api/runner/v1/poll', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${runner.credential}` },
      body: JSON.stringify({ waitSeconds: 25 }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const res = await pending;
    expect(res.status).toBe(204);
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
  });

  it('revokes a runner: 401 at its next poll, its runs cancelled, the row kept, one audit entry', async () => {
    const s = await scene();
    const pipeline = await s.pipeline('api');
    const runner = await s.runners.runner({ name: 'doomed' });
    const claimedId = await queue(s.admin.accountId, pipeline.id, runner.id);
    expect((await s.runners.poll(runner.credential)).status).toBe(200);
    const waitingId = await queue(s.admin.accountId, pipeline.id, runner.id);
    const anyId = await queue(s.admin.accountId, pipeline.id, null);

    const revoked = runnerSchema
      .strict()
      .parse(await ok(s.admin.delete(`/api/runners/${runner.id}`)));
    expect(revoked).toMatchObject({ state: 'revoked', revokedAt: t.clock.now().toISOString() });
    const res = await s.runners.poll(runner.credential);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid-runner-credential');
    expect(
      (
        await s.runners.runnerRequest(
          runner.credential,
          `/api/runner/v1/jobs/${claimedId}/status`,
          {
            state: 'succeeded',
            steps: [],
          },
        )
      ).status,
    ).toBe(401);

    const states = async (id: string) =>
      (await ok<{ state: string }>(s.admin.get(`/api/runs/${id}`))).state;
    expect(await states(claimedId)).toBe('cancelled');
    expect(await states(waitingId)).toBe('cancelled');
    expect(await states(anyId)).toBe('queued');

    // Revoking again changes nothing and writes nothing.
    expect((await ok<{ state: string }>(s.admin.delete(`/api/runners/${runner.id}`))).state).toBe(
      'revoked',
    );
    expect(await auditActions(s.admin, runner.id)).toEqual(['runner.created', 'runner.revoked']);
    const list = await ok<{ items: { name: string; state: string }[] }>(
      s.admin.get('/api/runners'),
    );
    expect(list.items).toContainEqual(
      expect.objectContaining({ name: 'doomed', state: 'revoked' }),
    );
  });
});
