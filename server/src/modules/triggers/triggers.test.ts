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
import { accessScene, ok } from '../../testing/access-scene';
import { runnerScene } from '../../testing/runner-scene';
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
  const valid = {
    gitProviderId: github.id,
    runnerId: proxied.id,
    repository: 'acme/api',
    events: ['push', 'pull_request'],
    branchFilter: '^main$',
    modifiedFilesGlob: 'src/**',
  };
  return { ...scene, runners, github, gitlab, proxied, plain, pipeline, path, valid };
}

async function auditOf(admin: { get(path: string): Promise<Response> }, targetId: string) {
  const page = await ok<{ items: { action: string; before: unknown; after: unknown }[] }>(
    admin.get(`/api/audit?targetId=${targetId}`),
  );
  // Entries of one instant (the test clock stands still) come in no fixed order.
  return page.items.sort((a, b) => (a.action < b.action ? -1 : 1));
}

describe('git triggers', () => {
  it('creates a trigger with its secret shown once, and never again', async () => {
    const { admin, path, valid, pipeline, github, proxied } = await setUp();
    const res = await admin.post(path, valid);
    expect(res.status).toBe(201);
    const created = triggerWithSecretSchema.strict().parse(await res.json());
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

    const list = triggerListSchema.strict().parse(await ok(admin.get(path)));
    const one = triggerSchema.strict().parse(await ok(admin.get(`/api/triggers/${created.id}`)));
    const changed = await ok(admin.patch(`/api/triggers/${created.id}`, { branchFilter: null }));
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
    const nested = await s.admin.post(s.path, {
      ...s.valid,
      gitProviderId: s.gitlab.id,
      runnerId: s.plain.id,
      repository: 'platform/backend/api',
      events: ['push', 'tag_push'],
    });
    expect(nested.status).toBe(201);

    const revokedRunner = await s.runners.runner({ name: 'gone' });
    await ok(s.admin.delete(`/api/runners/${revokedRunner.id}`));
    await expectInvalid({ runnerId: revokedRunner.id }, 'runnerId', /revoked/);

    // Another account's provider is no provider here.
    const other = await setUp();
    await expectInvalid(
      { gitProviderId: other.github.id },
      'gitProviderId',
      /no such git provider/,
    );

    const list = await ok<{ items: unknown[] }>(s.admin.get(s.path));
    expect(list.items).toHaveLength(1);
  });

  it('checks changes the same way, and keeps what was saved when one is refused', async () => {
    const s = await setUp();
    const created = await ok<{ id: string }>(s.admin.post(s.path, s.valid), 201);
    const path = `/api/triggers/${created.id}`;
    const refused = await s.admin.patch(path, { runnerId: s.plain.id });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0].path).toBe('runnerId');
    expect((await s.admin.patch(path, { branchFilter: '[' })).status).toBe(422);
    expect((await s.admin.patch(path, { gitProviderId: s.gitlab.id })).status).toBe(422);
    expect((await s.admin.patch(path, { unknown: true })).status).toBe(422);
    const kept = await ok(s.admin.get(path));
    expect(kept).toMatchObject({ runner: { id: s.proxied.id }, branchFilter: '^main$' });

    const changed = await ok(
      s.admin.patch(path, { runnerId: s.plain.id, events: ['push'], modifiedFilesGlob: '' }),
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
    const created = await ok<{ id: string; secret: string }>(s.admin.post(s.path, s.valid), 201);
    t.clock.advance(1000);
    const rotated = triggerWithSecretSchema
      .strict()
      .parse(await ok(s.admin.post(`/api/triggers/${created.id}/rotate-secret`)));
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
    const created = await ok<{ id: string }>(s.admin.post(s.path, s.valid), 201);
    expect((await s.admin.delete(`/api/triggers/${created.id}`)).status).toBe(204);
    expect((await s.admin.get(`/api/triggers/${created.id}`)).status).toBe(404);
    expect((await s.admin.delete(`/api/triggers/${created.id}`)).status).toBe(404);
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
    const created = await ok<{ id: string }>(s.admin.post(s.path, s.valid), 201);
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
    const one = `/api/triggers/${created.id}`;

    // Without read the pipeline's triggers do not exist.
    expect((await stranger.get(s.path)).status).toBe(404);
    expect((await stranger.get(one)).status).toBe(404);
    expect((await stranger.patch(one, { events: ['push'] })).status).toBe(404);
    expect((await stranger.post(s.path, s.valid)).status).toBe(404);

    // Read sees them, without secrets, and may not change them.
    expect((await ok<{ items: unknown[] }>(reader.get(s.path))).items).toHaveLength(1);
    expect((await ok(reader.get(one))).id).toBe(created.id);
    for (const res of [
      await reader.post(s.path, s.valid),
      await reader.patch(one, { events: ['push'] }),
      await reader.post(`${one}/rotate-secret`),
      await reader.delete(one),
    ]) {
      expect(res.status).toBe(403);
      const problem = await res.json();
      expect(problem).toMatchObject({ code: 'missing-privilege', privilege: 'update' });
    }

    // Another account's administrator sees nothing of them.
    const other = await accessScene(t);
    for (const res of [
      await other.admin.get(s.path),
      await other.admin.get(one),
      await other.admin.patch(one, { events: ['push'] }),
      await other.admin.post(`${one}/rotate-secret`),
      await other.admin.delete(one),
    ]) {
      expect(res.status).toBe(404);
    }

    // Update may change them, and each change is audited under their name.
    const added = await ok<{ id: string; secret: string }>(editor.post(s.path, s.valid), 201);
    expect(added.secret).toBeTruthy();
    await ok(editor.patch(one, { events: ['push'] }));
    await ok(editor.post(`${one}/rotate-secret`));
    expect((await editor.delete(`/api/triggers/${added.id}`)).status).toBe(204);
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
    await ok(s.admin.delete(`/api/runners/${revoked.id}`));
    const waiting = await ok<{ id: string }>(
      s.admin.post('/api/runners', { name: 'aaa-new' }),
      201,
    );
    // Another account's runners are never listed.
    const other = await accessScene(t);
    await runnerScene(t, other.admin).runner({ name: 'elsewhere', appProxy: true });

    const choices = `/api/pipelines/${s.pipeline.id}/runner-choices`;
    const answer = runnerChoiceListSchema.strict().parse(await ok(s.admin.get(choices)));
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
    expect(await ok(editor.get(choices))).toEqual(answer);
    expect((await editor.get('/api/runners')).status).toBe(403);
    // Read only: 403 missing-privilege, as adding a trigger.
    const refused = await reader.get(choices);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'missing-privilege', privilege: 'update' });
    // Without read, or from another account, the pipeline does not exist.
    expect((await stranger.get(choices)).status).toBe(404);
    expect((await other.admin.get(choices)).status).toBe(404);
  });

  it('carries a version: a stale If-Match is 412 and changes nothing; rotation counts as a change', async () => {
    const s = await setUp();
    const created = await s.admin.post(s.path, s.valid);
    expect(created.headers.get('etag')).toBe(etagOf(1));
    const { id, version } = triggerWithSecretSchema.parse(await created.json());
    expect(version).toBe(1);
    const path = `/api/triggers/${id}`;

    const first = await s.admin.patch(
      path,
      { branchFilter: null },
      { headers: { 'if-match': '"1"' } },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(etagOf(2));

    const stale = await s.admin.patch(
      path,
      { repository: 'acme/web' },
      { headers: { 'if-match': etagOf(1) } },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(etagOf(2));
    expect(await stale.json()).toMatchObject({ code: 'stale-version' });
    expect((await s.admin.delete(path, { headers: { 'if-match': etagOf(1) } })).status).toBe(412);
    const get = await s.admin.get(path);
    expect(get.headers.get('etag')).toBe(etagOf(2));
    expect(triggerSchema.parse(await get.json())).toMatchObject({
      repository: 'acme/api',
      branchFilter: null,
      version: 2,
    });
    expect((await auditOf(s.admin, id)).map((e) => e.action)).toEqual([
      'trigger.created',
      'trigger.updated',
    ]);

    // Rotation is a change: an edit based on the version before it is stale.
    const rotated = await s.admin.post(`${path}/rotate-secret`);
    expect(rotated.headers.get('etag')).toBe(etagOf(3));
    expect(triggerWithSecretSchema.parse(await rotated.json()).version).toBe(3);
    const afterRotation = await s.admin.patch(
      path,
      { events: ['push'] },
      { headers: { 'if-match': etagOf(2) } },
    );
    expect(afterRotation.status).toBe(412);

    // Weak (as compression sends it back), `*` and no If-Match apply.
    const weak = await s.admin.patch(
      path,
      { events: ['push'] },
      { headers: { 'if-match': 'W/"3"' } },
    );
    expect(weak.status).toBe(200);
    const star = await s.admin.patch(
      path,
      { modifiedFilesGlob: null },
      { headers: { 'if-match': '*' } },
    );
    expect(star.headers.get('etag')).toBe(etagOf(5));
    expect(await ok(s.admin.patch(path, { repository: 'acme/web' }))).toMatchObject({ version: 6 });
    expect((await s.admin.delete(path, { headers: { 'if-match': 'W/"6"' } })).status).toBe(204);
  });
});
