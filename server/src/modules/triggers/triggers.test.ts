import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  triggerListSchema,
  triggerSchema,
  triggerWithSecretSchema,
} from '../../../contract/triggers';
import { runnerChoiceListSchema } from '../../../contract/runners';
import { etagOf } from '../../../contract/versions';
import { triggers } from '../../db/schema';
import type { paths } from '../../../contract/api-paths.gen';
import { accessScene } from '../../testing/access-scene';
import { auditPage, expectData } from '../../testing/api-client';
import { runnerScene } from '../../testing/runner-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://ci.example.com' } });
});
afterAll(() => t.close());

async function setUp() {
  const scene = await accessScene(t);
  const runners = runnerScene(t, scene.admin);
  const github = await runners.gitProvider('github');
  const gitlab = await runners.gitProvider('gitlab');
  const proxied = await runners.runner({ appProxy: true, name: 'proxied' });
  const plain = await runners.runner({ appProxy: false, name: 'plain' });
  const pipeline = await scene.pipeline('api', ['prod']);
  const path = `/api/pipelines/${pipeline.id}/triggers`;
  const valid: TriggerInput = {
    gitProviderId: github.id,
    runnerId: proxied.id,
    repository: 'acme/api',
    events: ['push', 'pull_request'],
    branchFilter: '^main$',
    modifiedFilesGlob: 'src/**',
  };
  const ofPipeline = { params: { path: { id: pipeline.id } } };
  /** Adds a trigger to the pipeline as `agent`. */
  const add = (agent: TestAgent, body: TriggerInput = valid) =>
    agent.api.POST('/api/pipelines/{id}/triggers', { ...ofPipeline, body });
  const listAs = (agent: TestAgent) => agent.api.GET('/api/pipelines/{id}/triggers', ofPipeline);
  return {
    ...scene,
    runners,
    github,
    gitlab,
    proxied,
    plain,
    pipeline,
    path,
    valid,
    ofPipeline,
    add,
    listAs,
  };
}

type TriggerInput =
  paths['/api/pipelines/{id}/triggers']['post']['requestBody']['content']['application/json'];
type TriggerChange =
  paths['/api/triggers/{id}']['patch']['requestBody']['content']['application/json'];
const byId = (id: string) => ({ params: { path: { id } } });
const change = (agent: TestAgent, id: string, body: TriggerChange, ifMatch?: string) =>
  agent.api.PATCH('/api/triggers/{id}', {
    params: { path: { id }, header: ifMatch === undefined ? undefined : { 'if-match': ifMatch } },
    body,
  });

async function auditOf(admin: TestAgent, targetId: string) {
  const page = await auditPage(admin, { targetId });
  // Entries of one instant (the test clock stands still) come in no fixed order.
  return page.items.sort((a, b) => (a.action < b.action ? -1 : 1));
}

describe('git triggers', () => {
  it('creates a trigger with its secret shown once, and never again', async () => {
    const { admin, add, listAs, pipeline, github, proxied } = await setUp();
    const { data, response: res } = await add(admin);
    expect(res.status).toBe(201);
    const created = triggerWithSecretSchema.strict().parse(data);
    expect(res.headers.get('location')).toBe(`/api/triggers/${created.id}`);
    expect(created).toMatchObject({
      pipelineId: pipeline.id,
      gitProvider: { id: github.id, kind: 'github', behindFirewall: false },
      runner: { id: proxied.id, name: 'proxied', appProxy: true },
      repository: 'acme/api',
      events: ['push', 'pull_request'],
      branchFilter: '^main$',
      modifiedFilesGlob: 'src/**',
      webhookUrl: `https://ci.example.com/api/hooks/${created.id}`,
    });
    expect(created.secret.length).toBeGreaterThanOrEqual(32);

    const [stored] = await t.deps.db.select().from(triggers).where(eq(triggers.id, created.id));
    expect(stored!.secretSealed).not.toContain(created.secret);
    expect(t.deps.secrets.open(stored!.secretSealed)).toBe(created.secret);

    const list = triggerListSchema.strict().parse(await expectData(listAs(admin)));
    const one = triggerSchema
      .strict()
      .parse(await expectData(admin.api.GET('/api/triggers/{id}', byId(created.id))));
    const changed = await expectData(change(admin, created.id, { branchFilter: null }));
    expect(list.items.map((item) => item.id)).toEqual([created.id]);
    for (const answer of [list, one, changed]) {
      expect(JSON.stringify(answer)).not.toContain(created.secret);
      expect(answer).not.toHaveProperty('secret');
    }
    const audit = await auditOf(admin, created.id);
    expect(audit.map((entry) => entry.action)).toEqual(['trigger.created', 'trigger.updated']);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it('refuses every bad setting with a 422 on its field', async () => {
    const s = await setUp();
    // raw: some of these settings the types forbid (an event that does not exist).
    const expectInvalid = async (change: Record<string, unknown>, field: string, text: RegExp) => {
      const res = await s.admin.post(s.path, { ...s.valid, ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      const problem = await res.json();
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const error = problem.errors.find((e: { path: string }) => e.path === field);
      expect(error, JSON.stringify(problem.errors)).toBeDefined();
      expect(error.message).toMatch(text);
    };
    await expectInvalid(
      { events: ['merge_request'] },
      'events',
      /GitHub does not send merge_request/,
    );
    await expectInvalid(
      { gitProviderId: s.gitlab.id, repository: 'group/project', events: ['pull_request'] },
      'events',
      /GitLab does not send pull_request/,
    );
    await expectInvalid({ runnerId: s.plain.id }, 'events', /app-proxy.*plain has none/);
    await expectInvalid({ events: [] }, 'events', /at least one/);
    await expectInvalid({ events: ['deploy'] }, 'events.0', /events/);
    await expectInvalid({ repository: 'just-a-name' }, 'repository', /owner\/name/);
    await expectInvalid({ repository: 'a/b/c' }, 'repository', /owner\/name/);
    await expectInvalid({ repository: 'acme/../api' }, 'repository', /owner\/name/);
    await expectInvalid({ repository: 'acme/a pi' }, 'repository', /owner\/name/);
    await expectInvalid({ branchFilter: '(' }, 'branchFilter', /regular expression/);
    await expectInvalid({ branchFilter: '(a)\\1' }, 'branchFilter', /regular expression/);
    await expectInvalid({ modifiedFilesGlob: 'src/{a,b' }, 'modifiedFilesGlob', /glob/);
    await expectInvalid(
      { gitProviderId: '00000000-0000-4000-8000-000000000000' },
      'gitProviderId',
      /no such git provider/,
    );
    await expectInvalid({ runnerId: 'nope' }, 'runnerId', /runner/);

    // GitLab nests groups; the plain runner is fine for pushes.
    const nested = await s.add(s.admin, {
      ...s.valid,
      gitProviderId: s.gitlab.id,
      runnerId: s.plain.id,
      repository: 'platform/backend/api',
      events: ['push', 'tag_push'],
    });
    expect(nested.response.status).toBe(201);

    const revokedRunner = await s.runners.runner({ name: 'gone' });
    await expectData(s.admin.api.DELETE('/api/runners/{id}', byId(revokedRunner.id)));
    await expectInvalid({ runnerId: revokedRunner.id }, 'runnerId', /revoked/);

    // Another account's provider is no provider here.
    const other = await setUp();
    await expectInvalid(
      { gitProviderId: other.github.id },
      'gitProviderId',
      /no such git provider/,
    );

    const list = await expectData(s.listAs(s.admin));
    expect(list.items).toHaveLength(1);
  });

  it('checks changes the same way, and keeps what was saved when one is refused', async () => {
    const s = await setUp();
    const created = await expectData(s.add(s.admin), 201);
    const path = `/api/triggers/${created.id}`;
    const refused = await change(s.admin, created.id, { runnerId: s.plain.id });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.errors?.[0]?.path).toBe('runnerId');
    expect((await change(s.admin, created.id, { branchFilter: '[' })).response.status).toBe(422);
    expect(
      (await change(s.admin, created.id, { gitProviderId: s.gitlab.id })).response.status,
    ).toBe(422);
    // raw: a field the types forbid.
    expect((await s.admin.patch(path, { unknown: true })).status).toBe(422);
    const kept = await expectData(s.admin.api.GET('/api/triggers/{id}', byId(created.id)));
    expect(kept).toMatchObject({ runner: { id: s.proxied.id }, branchFilter: '^main$' });

    const changed = await expectData(
      change(s.admin, created.id, {
        runnerId: s.plain.id,
        events: ['push'],
        modifiedFilesGlob: '',
      }),
    );
    expect(changed).toMatchObject({
      runner: { id: s.plain.id },
      events: ['push'],
      modifiedFilesGlob: null,
    });
    const audit = await auditOf(s.admin, created.id);
    expect(audit.map((e) => e.action)).toEqual(['trigger.created', 'trigger.updated']);
    expect(audit[1]!.before).toMatchObject({ runner: 'proxied', events: ['push', 'pull_request'] });
    expect(audit[1]!.after).toMatchObject({ runner: 'plain', events: ['push'] });
  });

  it('rotates the secret: a new one shown once, audited without it', async () => {
    const s = await setUp();
    const created = await expectData(s.add(s.admin), 201);
    t.clock.advance(1000);
    const rotated = triggerWithSecretSchema
      .strict()
      .parse(
        await expectData(s.admin.api.POST('/api/triggers/{id}/rotate-secret', byId(created.id))),
      );
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.secretRotatedAt).toBe(t.clock.now().toISOString());
    const [stored] = await t.deps.db.select().from(triggers).where(eq(triggers.id, created.id));
    expect(t.deps.secrets.open(stored!.secretSealed)).toBe(rotated.secret);
    const audit = await auditOf(s.admin, created.id);
    expect(audit.map((e) => e.action)).toEqual(['trigger.created', 'trigger.secret-rotated']);
    expect(audit[1]!.after).toMatchObject({ secret: '[redacted: changed]' });
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it('deletes a trigger with one audit entry; its webhook then answers 404', async () => {
    const s = await setUp();
    const created = await expectData(s.add(s.admin), 201);
    const id = byId(created.id);
    expect((await s.admin.api.DELETE('/api/triggers/{id}', id)).response.status).toBe(204);
    expect((await s.admin.api.GET('/api/triggers/{id}', id)).response.status).toBe(404);
    expect((await s.admin.api.DELETE('/api/triggers/{id}', id)).response.status).toBe(404);
    const hook = await t.app.request(`/api/hooks/${created.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(404);
    const audit = await auditOf(s.admin, created.id);
    expect(audit.map((e) => e.action)).toEqual(['trigger.created', 'trigger.deleted']);
  });

  it('follows the access rules: read to see, update to change, audited for whoever changes', async () => {
    const s = await setUp();
    const created = await expectData(s.add(s.admin), 201);
    const readers = await s.team('readers');
    const editors = await s.team('editors');
    await s.rule({
      teamId: readers,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['prod'],
    });
    await s.rule({
      teamId: editors,
      resourceType: 'pipeline',
      privileges: ['update'],
      tags: ['prod'],
    });
    const reader = await s.person([readers]);
    const editor = await s.person([editors]);
    const stranger = await s.person([]);
    const one = byId(created.id);
    const push = (agent: TestAgent) => change(agent, created.id, { events: ['push'] });
    const rotate = (agent: TestAgent) => agent.api.POST('/api/triggers/{id}/rotate-secret', one);

    // Without read the pipeline's triggers do not exist.
    expect((await s.listAs(stranger)).response.status).toBe(404);
    expect((await stranger.api.GET('/api/triggers/{id}', one)).response.status).toBe(404);
    expect((await push(stranger)).response.status).toBe(404);
    expect((await s.add(stranger)).response.status).toBe(404);

    // Read sees them, without secrets, and may not change them.
    expect((await expectData(s.listAs(reader))).items).toHaveLength(1);
    expect((await expectData(reader.api.GET('/api/triggers/{id}', one))).id).toBe(created.id);
    for (const { response, error } of [
      await s.add(reader),
      await push(reader),
      await rotate(reader),
      await reader.api.DELETE('/api/triggers/{id}', one),
    ]) {
      expect(response.status).toBe(403);
      expect(error).toMatchObject({ code: 'missing-privilege', privilege: 'update' });
    }

    // Another account's administrator sees nothing of them.
    const other = await accessScene(t);
    for (const { response } of [
      await s.listAs(other.admin),
      await other.admin.api.GET('/api/triggers/{id}', one),
      await push(other.admin),
      await rotate(other.admin),
      await other.admin.api.DELETE('/api/triggers/{id}', one),
    ]) {
      expect(response.status).toBe(404);
    }

    // Update may change them, and each change is audited under their name.
    const added = await expectData(s.add(editor), 201);
    expect(added.secret).toBeTruthy();
    await expectData(push(editor));
    await expectData(rotate(editor));
    expect((await editor.api.DELETE('/api/triggers/{id}', byId(added.id))).response.status).toBe(
      204,
    );
    const audit = await auditOf(s.admin, created.id);
    expect(audit.map((e) => e.action)).toEqual([
      'trigger.created',
      'trigger.secret-rotated',
      'trigger.updated',
    ]);
    expect((await auditOf(s.admin, added.id)).map((e) => e.action)).toEqual([
      'trigger.created',
      'trigger.deleted',
    ]);
  });

  it('lists the runner choices to whoever may update the pipeline: not revoked, by name, names only', async () => {
    const s = await setUp();
    const revoked = await s.runners.runner({ name: 'gone' });
    await expectData(s.admin.api.DELETE('/api/runners/{id}', byId(revoked.id)));
    const waiting = await expectData(
      s.admin.api.POST('/api/runners', { body: { name: 'aaa-new' } }),
      201,
    );
    // Another account's runners are never listed.
    const other = await accessScene(t);
    await runnerScene(t, other.admin).runner({ name: 'elsewhere', appProxy: true });

    const choices = (agent: TestAgent) =>
      agent.api.GET('/api/pipelines/{id}/runner-choices', s.ofPipeline);
    const answer = runnerChoiceListSchema.strict().parse(await expectData(choices(s.admin)));
    expect(answer.items).toEqual([
      { id: waiting.id, name: 'aaa-new', appProxy: false, state: 'waiting' },
      { id: s.plain.id, name: 'plain', appProxy: false, state: 'online' },
      { id: s.proxied.id, name: 'proxied', appProxy: true, state: 'online' },
    ]);
    for (const item of answer.items) {
      expect(Object.keys(item).sort()).toEqual(['appProxy', 'id', 'name', 'state']);
    }

    const readers = await s.team('readers');
    const editors = await s.team('editors');
    await s.rule({
      teamId: readers,
      resourceType: 'pipeline',
      privileges: ['read'],
      tags: ['prod'],
    });
    await s.rule({
      teamId: editors,
      resourceType: 'pipeline',
      privileges: ['update'],
      tags: ['prod'],
    });
    const reader = await s.person([readers]);
    const editor = await s.person([editors]);
    const stranger = await s.person([]);

    // A member with update chooses among the same runners, though the runners list is not theirs.
    expect(await expectData(choices(editor))).toEqual(answer);
    expect((await editor.api.GET('/api/runners')).response.status).toBe(403);
    // Read only: 403 missing-privilege, as adding a trigger.
    const refused = await choices(reader);
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'missing-privilege', privilege: 'update' });
    // Without read, or from another account, the pipeline does not exist.
    expect((await choices(stranger)).response.status).toBe(404);
    expect((await choices(other.admin)).response.status).toBe(404);
  });

  it('carries a version: a stale If-Match is 412 and changes nothing; rotation counts as a change', async () => {
    const s = await setUp();
    const created = await s.add(s.admin);
    expect(created.response.headers.get('etag')).toBe(etagOf(1));
    const { id, version } = triggerWithSecretSchema.parse(created.data);
    expect(version).toBe(1);
    const remove = (ifMatch: string) =>
      s.admin.api.DELETE('/api/triggers/{id}', {
        params: { path: { id }, header: { 'if-match': ifMatch } },
      });

    const first = await change(s.admin, id, { branchFilter: null }, '"1"');
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('etag')).toBe(etagOf(2));

    const stale = await change(s.admin, id, { repository: 'acme/web' }, etagOf(1));
    expect(stale.response.status).toBe(412);
    expect(stale.response.headers.get('etag')).toBe(etagOf(2));
    expect(stale.error).toMatchObject({ code: 'stale-version' });
    expect((await remove(etagOf(1))).response.status).toBe(412);
    const get = await s.admin.api.GET('/api/triggers/{id}', byId(id));
    expect(get.response.headers.get('etag')).toBe(etagOf(2));
    expect(triggerSchema.parse(get.data)).toMatchObject({
      repository: 'acme/api',
      branchFilter: null,
      version: 2,
    });
    expect((await auditOf(s.admin, id)).map((e) => e.action)).toEqual([
      'trigger.created',
      'trigger.updated',
    ]);

    // Rotation is a change: an edit based on the version before it is stale.
    const rotated = await s.admin.api.POST('/api/triggers/{id}/rotate-secret', byId(id));
    expect(rotated.response.headers.get('etag')).toBe(etagOf(3));
    expect(triggerWithSecretSchema.parse(rotated.data).version).toBe(3);
    const afterRotation = await change(s.admin, id, { events: ['push'] }, etagOf(2));
    expect(afterRotation.response.status).toBe(412);

    // Weak (as compression sends it back), `*` and no If-Match apply.
    const weak = await change(s.admin, id, { events: ['push'] }, 'W/"3"');
    expect(weak.response.status).toBe(200);
    const star = await change(s.admin, id, { modifiedFilesGlob: null }, '*');
    expect(star.response.headers.get('etag')).toBe(etagOf(5));
    expect(await expectData(change(s.admin, id, { repository: 'acme/web' }))).toMatchObject({
      version: 6,
    });
    expect((await remove('W/"6"')).response.status).toBe(204);
  });
});
