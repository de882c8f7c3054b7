import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { GitProviderKind } from '../../../contract/integrations';
import { runSchema } from '../../../contract/runs';
import { hookDeliveries, triggers } from '../../db/schema';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { accessScene, ok } from '../../testing/access-scene';
import { deliver, runCountOf, runnerScene, sign } from '../../testing/runner-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { HOOK_DELIVERY_MEMORY_MS } from './hooks.service';
import { hmacSignature, validHmacSignature, validToken } from './signatures';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface TriggerSetup {
  kind?: GitProviderKind;
  repository?: string;
  events?: string[];
  branchFilter?: string | null;
  modifiedFilesGlob?: string | null;
}

/** A pipeline, a runner with the app-proxy and a trigger on them; the secret and the rest. */
async function setUp(setup: TriggerSetup = {}) {
  const scene = await accessScene(t);
  const runners = runnerScene(t, scene.admin);
  const kind = setup.kind ?? 'github';
  const provider = await runners.gitProvider(kind);
  const runner = await runners.runner({ appProxy: true });
  const pipeline = await scene.pipeline('api');
  const trigger = await ok<{ id: string; secret: string }>(
    scene.admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
      gitProviderId: provider.id,
      runnerId: runner.id,
      repository: setup.repository ?? 'acme/api',
      events: setup.events ?? ['push', 'pull_request'],
      branchFilter: setup.branchFilter ?? null,
      modifiedFilesGlob: setup.modifiedFilesGlob ?? null,
    }),
    201,
  );
  return { ...scene, runners, runner, pipeline, trigger };
}

const runsOf = (pipelineId: string) => runCountOf(t, pipelineId);

describe('webhook signatures', () => {
  it('match GitHub’s published example vector', () => {
    // docs.github.com, "Validating webhook deliveries": secret, payload and expected signature.
    const secret = "It's a Secret to Everybody";
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(hmacSignature(secret, 'Hello, World!')).toBe(expected);
    expect(validHmacSignature(secret, 'Hello, World!', expected)).toBe(true);
    expect(validHmacSignature(secret, 'Hello, World!', expected.toUpperCase())).toBe(true);
    expect(validHmacSignature(secret, 'Hello, World?', expected)).toBe(false);
    expect(validHmacSignature(secret, 'Hello, World!', expected.slice(0, -1))).toBe(false);
    expect(validHmacSignature(secret, 'Hello, World!', undefined)).toBe(false);
  });

  it('break when any byte of the body changes, or the secret differs (property test)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.string({ minLength: 1 }),
        (secret, body, at, flip, otherSecret) => {
          const signature = hmacSignature(secret, body);
          expect(validHmacSignature(secret, body, signature)).toBe(true);
          const changed = Uint8Array.from(body);
          const index = at % changed.length;
          changed[index] = changed[index]! ^ flip;
          expect(validHmacSignature(secret, changed, signature)).toBe(false);
          const longer = Uint8Array.from([...body, flip]);
          expect(validHmacSignature(secret, longer, signature)).toBe(false);
          if (otherSecret !== secret) {
            expect(validHmacSignature(otherSecret, body, signature)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compare GitLab tokens exactly', () => {
    expect(validToken('s3cret', 's3cret')).toBe(true);
    expect(validToken('s3cret', 's3cret ')).toBe(false);
    expect(validToken('s3cret', '')).toBe(false);
    expect(validToken('s3cret', undefined)).toBe(false);
  });
});

describe('POST /api/hooks/:triggerId', () => {
  it('queues a run for a signed GitHub push, which the trigger’s runner then claims', async () => {
    const { trigger, pipeline, runner, runners, admin } = await setUp();
    const body = fixture('github-push');
    const res = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(res.status).toBe(201);
    const queued = await res.json();
    expect(queued).toMatchObject({ queued: true, number: 1 });

    const run = runSchema.strict().parse(await ok(admin.get(`/api/runs/${queued.runId}`)));
    expect(run).toMatchObject({
      state: 'queued',
      number: 1,
      runner: { id: runner.id },
      trigger: {
        kind: 'webhook',
        triggerId: trigger.id,
        event: 'push',
        repository: 'acme/api',
        branch: 'main',
        revision: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        message: 'Update README.md',
      },
    });

    const polled = await runners.poll(runner.credential);
    expect(polled.status).toBe(200);
    const { job } = await polled.json();
    expect(job).toMatchObject({
      id: queued.runId,
      number: 1,
      pipeline: { id: pipeline.id, project: 'payments', name: 'api' },
      steps: ['hello'],
      plan: [{ name: 'hello', type: 'freestyle', state: 'pending' }],
    });
    expect((await ok(admin.get(`/api/runs/${queued.runId}`))).state).toBe('running');
  });

  it('queues nothing while the pipeline’s source is turned off, and says why (P-4.2)', async () => {
    const { trigger, pipeline, admin } = await setUp();
    const off = await admin.put('/api/settings/pipeline-sources', {
      inline: false,
      git: true,
      url: true,
    });
    expect(off.status).toBe(200);
    const body = fixture('github-push');
    const headers = (id: string) => ({
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
      'x-github-delivery': id,
    });
    const refused = await deliver(t, trigger.id, body, headers('off-1'));
    expect(refused.status).toBe(202);
    expect((await refused.json()).reason).toMatch(/Inline definitions are turned off/);
    expect(await runsOf(pipeline.id)).toBe(0);

    await admin.put('/api/settings/pipeline-sources', { inline: true, git: true, url: true });
    const queued = await deliver(t, trigger.id, body, headers('on-1'));
    expect(queued.status).toBe(201);
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('reads each provider’s real payload shape: event, branch, revision and message', async () => {
    const cases: Array<{
      kind: GitProviderKind;
      repository: string;
      events: string[];
      file: string;
      headers: (secret: string, body: string) => Record<string, string>;
      expected: Record<string, unknown>;
    }> = [
      {
        kind: 'github-enterprise',
        repository: 'acme/api',
        events: ['pull_request'],
        file: 'github-pull-request',
        headers: (secret, body) => ({
          'x-github-event': 'pull_request',
          'x-hub-signature-256': sign(secret, body),
        }),
        expected: {
          event: 'pull_request',
          branch: 'changes',
          revision: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
          message: 'Update the README with new information.',
        },
      },
      {
        kind: 'gitlab',
        repository: 'platform/backend/diaspora',
        events: ['push'],
        file: 'gitlab-push',
        headers: (secret) => ({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': secret }),
        expected: {
          event: 'push',
          branch: 'main',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          message: 'fixed readme',
        },
      },
      {
        kind: 'gitlab',
        repository: 'platform/backend/diaspora',
        events: ['tag_push'],
        file: 'gitlab-tag-push',
        headers: (secret) => ({ 'x-gitlab-event': 'Tag Push Hook', 'x-gitlab-token': secret }),
        expected: {
          event: 'tag_push',
          branch: 'v1.0.0',
          revision: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7',
        },
      },
      {
        kind: 'gitlab',
        repository: 'platform/backend/diaspora',
        events: ['merge_request'],
        file: 'gitlab-merge-request',
        headers: (secret) => ({ 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': secret }),
        expected: {
          event: 'merge_request',
          branch: 'ms-viewport',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          message: 'MS-Viewport',
        },
      },
      {
        kind: 'bitbucket-server',
        repository: 'PROJ/repository',
        events: ['repo:refs_changed'],
        file: 'bitbucket-server-refs-changed',
        headers: (secret, body) => ({
          'x-event-key': 'repo:refs_changed',
          'x-hub-signature': sign(secret, body),
          'x-request-id': 'b0d7d6d2-5d43-4b8f-a08b-0d0ec1f7d3c5',
        }),
        expected: {
          event: 'repo:refs_changed',
          branch: 'master',
          revision: '178864a7d521b6f5e720b386b2c2b0ef8563e0dc',
        },
      },
      {
        kind: 'bitbucket-server',
        repository: 'PROJ/repository',
        events: ['pr:opened'],
        file: 'bitbucket-server-pr-opened',
        headers: (secret, body) => ({
          'x-event-key': 'pr:opened',
          'x-hub-signature': sign(secret, body),
        }),
        expected: {
          event: 'pr:opened',
          branch: 'a-branch',
          revision: 'ef8755f06ee4b28c96a847a95cb8ec8ed6ddd1ca',
          message: 'a new file added',
        },
      },
    ];
    for (const c of cases) {
      const { trigger, admin } = await setUp({
        kind: c.kind,
        repository: c.repository,
        events: c.events,
      });
      const body = fixture(c.file);
      const res = await deliver(t, trigger.id, body, c.headers(trigger.secret, body));
      expect(res.status, `${c.file}: ${await res.clone().text()}`).toBe(201);
      const { runId } = await res.json();
      const run = await ok<{ trigger: Record<string, unknown> }>(admin.get(`/api/runs/${runId}`));
      expect(run.trigger, c.file).toMatchObject({ ...c.expected, repository: c.repository });
    }
  });

  it('answers 401 to a wrong or missing signature, and queues nothing', async () => {
    const github = await setUp();
    const body = fixture('github-push');
    const attempts: Array<Record<string, string>> = [
      { 'x-github-event': 'push' },
      { 'x-github-event': 'push', 'x-hub-signature-256': sign('another secret', body) },
      { 'x-github-event': 'push', 'x-hub-signature-256': sign(github.trigger.secret, `${body} `) },
      { 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=' },
      // The older SHA-1 header alone is not enough.
      { 'x-github-event': 'push', 'x-hub-signature': sign(github.trigger.secret, body) },
    ];
    for (const headers of attempts) {
      const res = await deliver(t, github.trigger.id, body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect((await res.json()).code).toBe('invalid-signature');
    }
    expect(await runsOf(github.pipeline.id)).toBe(0);

    const gitlab = await setUp({
      kind: 'gitlab',
      repository: 'platform/backend/diaspora',
      events: ['push'],
    });
    const push = fixture('gitlab-push');
    for (const token of [undefined, 'wrong', `${gitlab.trigger.secret}x`]) {
      const res = await deliver(
        t,
        gitlab.trigger.id,
        push,
        token ? { 'x-gitlab-token': token } : {},
      );
      expect(res.status).toBe(401);
    }
    // GitLab's secret is not a signature: an HMAC of the body does not pass either.
    const hmac = await deliver(t, gitlab.trigger.id, push, {
      'x-hub-signature-256': sign(gitlab.trigger.secret, push),
    });
    expect(hmac.status).toBe(401);
    expect(await runsOf(gitlab.pipeline.id)).toBe(0);

    const bitbucket = await setUp({
      kind: 'bitbucket-server',
      repository: 'PROJ/repository',
      events: ['repo:refs_changed'],
    });
    const refs = fixture('bitbucket-server-refs-changed');
    const wrong = await deliver(t, bitbucket.trigger.id, refs, {
      'x-event-key': 'repo:refs_changed',
      'x-hub-signature': sign('not it', refs),
    });
    expect(wrong.status).toBe(401);
    expect(await runsOf(bitbucket.pipeline.id)).toBe(0);
  });

  it('answers 404 to an unknown trigger, 415 to a body that is not JSON, 400 to signed nonsense', async () => {
    const { trigger, pipeline } = await setUp();
    const body = fixture('github-push');
    const headers = { 'x-github-event': 'push', 'x-hub-signature-256': sign(trigger.secret, body) };
    expect((await deliver(t, '00000000-0000-4000-8000-000000000000', body, headers)).status).toBe(
      404,
    );
    expect((await deliver(t, 'not-an-id', body, headers)).status).toBe(404);

    const form = await t.app.request(`/api/hooks/${trigger.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: `payload=${encodeURIComponent(body)}`,
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toContain('application/problem+json');
    const none = await t.app.request(`/api/hooks/${trigger.id}`, {
      method: 'POST',
      headers,
      body,
    });
    expect(none.status).toBe(415);

    for (const nonsense of ['{', '[1,2]', '"text"', 'null']) {
      const res = await deliver(t, trigger.id, nonsense, {
        'x-github-event': 'push',
        'x-hub-signature-256': sign(trigger.secret, nonsense),
      });
      expect(res.status, nonsense).toBe(400);
    }
    // Charset parameters are fine.
    const charset = await deliver(t, trigger.id, body, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(201);
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('answers 413 to a body over 1 MiB, declared or streamed, before checking anything in it', async () => {
    const { trigger, pipeline } = await setUp();
    const big = JSON.stringify({ ref: 'refs/heads/main', padding: 'x'.repeat(1024 * 1024) });
    const declared = await deliver(t, trigger.id, big, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, big),
    });
    expect(declared.status).toBe(413);

    // Without a Content-Length: counted while reading.
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i += 1) controller.enqueue(encoder.encode('x'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await t.app.request(`/api/hooks/${trigger.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
      body: stream,
      // Node needs this for a streamed request body.
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(await runsOf(pipeline.id)).toBe(0);
  });

  it('answers 202 and queues nothing for ping, unselected events, other repositories, deletions and actions that do not run', async () => {
    const { trigger, pipeline } = await setUp({ events: ['push'] });
    const send = async (event: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const res = await deliver(t, trigger.id, body, {
        'x-github-event': event,
        'x-hub-signature-256': sign(trigger.secret, body),
      });
      expect(res.status, body).toBe(202);
      const answer = await res.json();
      expect(answer.queued).toBe(false);
      return answer.reason as string;
    };
    expect(await send('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).toMatch(/ping/i);
    expect(await send('pull_request', JSON.parse(fixture('github-pull-request')))).toMatch(
      /does not select the pull_request event/,
    );
    expect(await send('issues', { action: 'opened' })).toMatch(/does not select the issues/);
    const push = JSON.parse(fixture('github-push'));
    expect(await send('push', { ...push, repository: { full_name: 'acme/other' } })).toMatch(
      /acme\/other/,
    );
    expect(
      await send('push', { ...push, deleted: true, after: '0'.repeat(40), commits: [] }),
    ).toMatch(/deleted/);
    expect(await runsOf(pipeline.id)).toBe(0);

    const prs = await setUp({ events: ['pull_request'] });
    const closed = { ...JSON.parse(fixture('github-pull-request')), action: 'closed' };
    const body = JSON.stringify(closed);
    const res = await deliver(t, prs.trigger.id, body, {
      'x-github-event': 'pull_request',
      'x-hub-signature-256': sign(prs.trigger.secret, body),
    });
    expect(res.status).toBe(202);
    expect(await runsOf(prs.pipeline.id)).toBe(0);
  });

  it('runs GitLab merge requests only for new code: opened, reopened, or updated with new commits', async () => {
    const { trigger, pipeline } = await setUp({
      kind: 'gitlab',
      repository: 'platform/backend/diaspora',
      events: ['merge_request'],
    });
    const mr = JSON.parse(fixture('gitlab-merge-request'));
    const send = async (attributes: Record<string, unknown>) =>
      (
        await deliver(
          t,
          trigger.id,
          JSON.stringify({ ...mr, object_attributes: { ...mr.object_attributes, ...attributes } }),
          { 'x-gitlab-token': trigger.secret },
        )
      ).status;
    expect(await send({ action: 'update' })).toBe(202);
    expect(await send({ action: 'close' })).toBe(202);
    expect(await send({ action: 'merge' })).toBe(202);
    expect(await runsOf(pipeline.id)).toBe(0);
    expect(await send({ action: 'update', oldrev: 'a1b2c3' })).toBe(201);
    expect(await send({ action: 'reopen' })).toBe(201);
  });

  it('filters branches with the RE2 filter and files with the glob', async () => {
    const { trigger, pipeline } = await setUp({
      events: ['push'],
      branchFilter: '^(main|release/.+)$',
      modifiedFilesGlob: 'src/billing/**',
    });
    const push = JSON.parse(fixture('github-push'));
    const send = async (payload: unknown) => {
      const body = JSON.stringify(payload);
      return deliver(t, trigger.id, body, {
        'x-github-event': 'push',
        'x-hub-signature-256': sign(trigger.secret, body),
      });
    };
    const feature = await send({ ...push, ref: 'refs/heads/feature/x' });
    expect(feature.status).toBe(202);
    expect((await feature.json()).reason).toMatch(/feature\/x does not match/);

    const docsOnly = await send({
      ...push,
      commits: [{ ...push.commits[0], added: [], modified: ['docs/index.md'], removed: [] }],
    });
    expect(docsOnly.status).toBe(202);
    expect((await docsOnly.json()).reason).toMatch(/No modified file matches/);
    expect(await runsOf(pipeline.id)).toBe(0);

    expect((await send(push)).status).toBe(201);
    const release = await send({ ...push, ref: 'refs/heads/release/2.1' });
    expect(release.status).toBe(201);
    expect((await release.json()).number).toBe(2);
  });

  it('queues a Bitbucket Server push even with a glob, since its payload lists no files', async () => {
    const { trigger } = await setUp({
      kind: 'bitbucket-server',
      repository: 'PROJ/repository',
      events: ['repo:refs_changed'],
      modifiedFilesGlob: 'nothing/matches/**',
    });
    const body = fixture('bitbucket-server-refs-changed');
    const res = await deliver(t, trigger.id, body, {
      'x-event-key': 'repo:refs_changed',
      'x-hub-signature': sign(trigger.secret, body),
    });
    expect(res.status).toBe(201);
  });

  it('queues nothing once the trigger’s runner is revoked, and says why', async () => {
    const { trigger, runner, admin, pipeline } = await setUp({ events: ['push'] });
    await ok(admin.delete(`/api/runners/${runner.id}`));
    const body = fixture('github-push');
    const res = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
    });
    expect(res.status).toBe(202);
    expect((await res.json()).reason).toMatch(/revoked/);
    expect(await runsOf(pipeline.id)).toBe(0);
  });

  it('refuses with 422 a signed delivery whose branch, revision or message cannot be stored, and queues nothing', async () => {
    const { trigger, pipeline } = await setUp();
    const push = JSON.parse(fixture('github-push'));
    const cases: [string, (payload: typeof push) => void][] = [
      ['branch', (payload) => (payload.ref = 'refs/heads/ma\u0000in')],
      ['revision', (payload) => (payload.after = '0d1a26e6\u0000')],
      ['message', (payload) => (payload.head_commit.message = 'Update \ud800README')],
      ['message', (payload) => (payload.head_commit.message = 'Update \u0000README')],
    ];
    for (const [field, change] of cases) {
      const payload = structuredClone(push);
      change(payload);
      const body = JSON.stringify(payload);
      const res = await deliver(t, trigger.id, body, {
        'x-github-event': 'push',
        'x-hub-signature-256': sign(trigger.secret, body),
      });
      expect(res.status, body.slice(0, 80)).toBe(422);
      const problem = await res.json();
      expect(problem.errors).toEqual([
        { path: field, message: expect.stringMatching(/U\+0000|surrogate/) },
      ]);
    }
    expect(await runsOf(pipeline.id)).toBe(0);

    // A long message is cut to 2000 characters without splitting an emoji into a lone half.
    const long = structuredClone(push);
    long.head_commit.message = `${'a'.repeat(1999)}😀 and more`;
    const body = JSON.stringify(long);
    const res = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
    });
    expect(res.status).toBe(201);
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('answers any signed JSON with a 201, a 202, a 400 or a 422, never a 5xx (property test)', async () => {
    const github = await setUp({
      events: ['push', 'pull_request'],
      branchFilter: 'a',
      modifiedFilesGlob: '*.ts',
    });
    const gitlab = await setUp({
      kind: 'gitlab',
      repository: 'g/p',
      events: ['push', 'merge_request'],
    });
    const bitbucket = await setUp({
      kind: 'bitbucket-server',
      repository: 'P/r',
      events: ['repo:refs_changed', 'pr:opened'],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom('push', 'pull_request', 'merge_request', 'repo:refs_changed', 'pr:opened'),
        async (value, event) => {
          const body = JSON.stringify(value) ?? 'null';
          for (const res of [
            await deliver(t, github.trigger.id, body, {
              'x-github-event': event,
              'x-hub-signature-256': sign(github.trigger.secret, body),
            }),
            await deliver(t, gitlab.trigger.id, body, { 'x-gitlab-token': gitlab.trigger.secret }),
            await deliver(t, bitbucket.trigger.id, body, {
              'x-event-key': event,
              'x-hub-signature': sign(bitbucket.trigger.secret, body),
            }),
          ]) {
            expect([201, 202, 400, 422], body).toContain(res.status);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops accepting the old secret once it is rotated', async () => {
    const { trigger, admin } = await setUp({ events: ['push'] });
    const rotated = await ok<{ secret: string }>(
      admin.post(`/api/triggers/${trigger.id}/rotate-secret`),
    );
    const body = fixture('github-push');
    const old = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
    });
    expect(old.status).toBe(401);
    const fresh = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(rotated.secret, body),
    });
    expect(fresh.status).toBe(201);
  });

  it('refuses, and does not fail, a delivery whose secret this server cannot open (another key)', async () => {
    const { trigger } = await setUp({ events: ['push'] });
    const foreign = ephemeralSecretBox().seal(trigger.secret);
    await t.deps.db
      .update(triggers)
      .set({ secretSealed: foreign })
      .where(eq(triggers.id, trigger.id));
    const body = fixture('github-push');
    const res = await deliver(t, trigger.id, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(trigger.secret, body),
    });
    expect(res.status).toBe(401);
  });
});

describe('replayed deliveries', () => {
  const githubPush = (secret: string, body: string, deliveryId: string | null) => ({
    'x-github-event': 'push',
    'x-hub-signature-256': sign(secret, body),
    'x-github-delivery': deliveryId,
  });

  it('queue one run for a delivery id, however often the signed delivery is sent again', async () => {
    const { trigger, pipeline } = await setUp({ events: ['push'] });
    const body = fixture('github-push');
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    const first = await deliver(t, trigger.id, body, githubPush(trigger.secret, body, id));
    expect(first.status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const again = await deliver(t, trigger.id, body, githubPush(trigger.secret, body, id));
      expect(again.status).toBe(202);
      expect(await again.json()).toEqual({
        queued: false,
        reason: `This delivery (${id}) was already received; a replay queues nothing.`,
      });
    }
    expect(await runsOf(pipeline.id)).toBe(1);

    // The same body under a new delivery id is a new delivery.
    const other = await deliver(
      t,
      trigger.id,
      body,
      githubPush(trigger.secret, body, 'a1b2c3d4-0000-4000-8000-000000000002'),
    );
    expect(other.status).toBe(201);
    expect((await other.json()).number).toBe(2);

    expect(await runsOf(pipeline.id)).toBe(2);

    // Ids are per trigger: another trigger may receive the same id.
    const second = await setUp({ events: ['push'] });
    const elsewhere = await deliver(
      t,
      second.trigger.id,
      body,
      githubPush(second.trigger.secret, body, id),
    );
    expect(elsewhere.status).toBe(201);
  });

  it('refuse a signed delivery without the provider’s delivery id: it could not be told from a replay', async () => {
    const github = await setUp({ events: ['push'] });
    const body = fixture('github-push');
    for (const missing of [null, '', '   ']) {
      const res = await deliver(
        t,
        github.trigger.id,
        body,
        githubPush(github.trigger.secret, body, missing),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        status: 400,
        code: 'delivery-id-missing',
        detail:
          'The delivery has no X-GitHub-Delivery header. GitHub sends one with every delivery; Perimeter needs it to recognise a replay, so it queues nothing without it.',
      });
    }

    const gitlab = await setUp({
      kind: 'gitlab',
      repository: 'platform/backend/diaspora',
      events: ['push'],
    });
    const push = fixture('gitlab-push');
    const fromOldGitlab = await deliver(t, gitlab.trigger.id, push, {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': gitlab.trigger.secret,
      'x-gitlab-event-uuid': null,
    });
    expect(fromOldGitlab.status).toBe(400);
    expect((await fromOldGitlab.json()).detail).toBe(
      'The delivery has no X-Gitlab-Event-UUID header. GitLab sends one with every delivery; Perimeter needs it to recognise a replay, so it queues nothing without it.',
    );

    const bitbucket = await setUp({
      kind: 'bitbucket-server',
      repository: 'PROJ/repository',
      events: ['repo:refs_changed'],
    });
    const refs = fixture('bitbucket-server-refs-changed');
    const noRequestId = await deliver(t, bitbucket.trigger.id, refs, {
      'x-event-key': 'repo:refs_changed',
      'x-hub-signature': sign(bitbucket.trigger.secret, refs),
      'x-request-id': null,
    });
    expect(noRequestId.status).toBe(400);
    expect((await noRequestId.json()).code).toBe('delivery-id-missing');

    // Another provider's header is no substitute.
    const wrongHeader = await deliver(t, github.trigger.id, body, {
      ...githubPush(github.trigger.secret, body, null),
      'x-gitlab-event-uuid': 'a1b2c3d4-0000-4000-8000-00000000000a',
    });
    expect(wrongHeader.status).toBe(400);

    // Nothing was queued or remembered; the signature is judged first (401 before 400).
    for (const s of [github, gitlab, bitbucket]) expect(await runsOf(s.pipeline.id)).toBe(0);
    for (const s of [github, gitlab, bitbucket]) {
      const rows = await t.deps.db
        .select()
        .from(hookDeliveries)
        .where(eq(hookDeliveries.triggerId, s.trigger.id));
      expect(rows).toEqual([]);
    }
    const unsigned = await deliver(t, github.trigger.id, body, {
      ...githubPush('not the secret', body, null),
    });
    expect(unsigned.status).toBe(401);
  });

  it('record an id only once the signature passes, so a forged one blocks nothing', async () => {
    const { trigger, pipeline } = await setUp({ events: ['push'] });
    const body = fixture('github-push');
    const id = 'a1b2c3d4-0000-4000-8000-000000000003';
    const forged = await deliver(t, trigger.id, body, githubPush('not the secret', body, id));
    expect(forged.status).toBe(401);
    // The genuine delivery with that id is not blocked by the forged one.
    expect((await deliver(t, trigger.id, body, githubPush(trigger.secret, body, id))).status).toBe(
      201,
    );
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('are recognised when the first delivery queued nothing, too', async () => {
    const { trigger } = await setUp({ events: ['push'] });
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
    const headers = {
      'x-github-event': 'ping',
      'x-hub-signature-256': sign(trigger.secret, body),
      'x-github-delivery': 'a1b2c3d4-0000-4000-8000-000000000004',
    };
    expect((await (await deliver(t, trigger.id, body, headers)).json()).reason).toMatch(/ping/);
    expect((await (await deliver(t, trigger.id, body, headers)).json()).reason).toMatch(
      /already received/,
    );
  });

  it('recognise GitLab’s X-Gitlab-Event-UUID and Bitbucket Server’s X-Request-Id', async () => {
    const gitlab = await setUp({
      kind: 'gitlab',
      repository: 'platform/backend/diaspora',
      events: ['push'],
    });
    const push = fixture('gitlab-push');
    const gitlabHeaders = {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': gitlab.trigger.secret,
      'x-gitlab-event-uuid': '13792a34-cac6-4fda-95a8-c58e00a3954e',
    };
    expect((await deliver(t, gitlab.trigger.id, push, gitlabHeaders)).status).toBe(201);
    const gitlabAgain = await deliver(t, gitlab.trigger.id, push, gitlabHeaders);
    expect(gitlabAgain.status).toBe(202);
    expect((await gitlabAgain.json()).reason).toMatch(/13792a34-.* was already received/);
    expect(await runsOf(gitlab.pipeline.id)).toBe(1);

    const bitbucket = await setUp({
      kind: 'bitbucket-server',
      repository: 'PROJ/repository',
      events: ['repo:refs_changed'],
    });
    const refs = fixture('bitbucket-server-refs-changed');
    const bitbucketHeaders = {
      'x-event-key': 'repo:refs_changed',
      'x-hub-signature': sign(bitbucket.trigger.secret, refs),
      'x-request-id': 'b0d7d6d2-5d43-4b8f-a08b-0d0ec1f7d3c5',
    };
    expect((await deliver(t, bitbucket.trigger.id, refs, bitbucketHeaders)).status).toBe(201);
    expect((await deliver(t, bitbucket.trigger.id, refs, bitbucketHeaders)).status).toBe(202);
    expect(await runsOf(bitbucket.pipeline.id)).toBe(1);
  });

  it('queue one run when the same delivery arrives twice at once', async () => {
    const { trigger, pipeline } = await setUp({ events: ['push'] });
    const body = fixture('github-push');
    const headers = githubPush(trigger.secret, body, 'a1b2c3d4-0000-4000-8000-000000000005');
    const statuses = await Promise.all(
      [0, 1, 2, 3].map(async () => (await deliver(t, trigger.id, body, headers)).status),
    );
    expect(statuses.sort()).toEqual([201, 202, 202, 202]);
    expect(await runsOf(pipeline.id)).toBe(1);
  });

  it('forget a delivery id after 7 days', async () => {
    const { trigger, pipeline } = await setUp({ events: ['push'] });
    const body = fixture('github-push');
    const headers = githubPush(trigger.secret, body, 'a1b2c3d4-0000-4000-8000-000000000006');
    expect((await deliver(t, trigger.id, body, headers)).status).toBe(201);
    t.clock.advance(HOOK_DELIVERY_MEMORY_MS - 60_000);
    expect((await deliver(t, trigger.id, body, headers)).status).toBe(202);
    t.clock.advance(120_000);
    const later = await deliver(t, trigger.id, body, headers);
    expect(later.status).toBe(201);
    expect(await runsOf(pipeline.id)).toBe(2);
    // The old row was deleted, the new one recorded: one row for the id.
    const rows = await t.deps.db
      .select()
      .from(hookDeliveries)
      .where(eq(hookDeliveries.triggerId, trigger.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.receivedAt.getTime()).toBe(t.clock.now().getTime());
  });
});
