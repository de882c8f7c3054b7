import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege, TagMatch } from '../../../contract/access';
import type { Pipeline } from '../../../contract/pipelines';
import { etagOf } from '../../../contract/versions';
import { seedDemo } from '../../db/seed/demo';
import { signInToDemo } from '../../testing/demo-scene';
import { accessScene, ok } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

/*
 * Issue 15, item 1: nobody raises their own privileges by changing tags. The attack replayed is
 * the one found on the demo: Linus (payments: update, run on `payments`) takes every tag off
 * `payments/deploy`, which would put it under default rule 3 (everything on untagged pipelines).
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps.db, t.deps.secrets);
});
afterAll(() => t.close());

const signIn = (email: string) => signInToDemo(t, email);

async function pipelineNamed(agent: TestAgent, project: string, name: string) {
  const page = await ok<{ items: Pipeline[] }>(agent.get(`/api/pipelines?q=${name}&pageSize=100`));
  const found = page.items.find((p) => p.project === project && p.name === name);
  if (!found) throw new Error(`no ${project}/${name}`);
  return ok<Pipeline>(agent.get(`/api/pipelines/${found.id}`));
}

async function auditedChangesOf(id: string) {
  const ada = await signIn('ada@example.com');
  const page = await ok<{ items: { action: string }[] }>(ada.get(`/api/audit?targetId=${id}`));
  return page.items.map((entry) => entry.action);
}

describe('no one raises their own privileges by changing tags (issue 15)', () => {
  it('refuses Linus taking the tags off payments/deploy at the first step, saving and auditing nothing', async () => {
    const linus = await signIn('linus@example.com');
    const deploy = await pipelineNamed(linus, 'payments', 'deploy');
    expect(deploy.privileges).toEqual(['read', 'update', 'run']);
    const auditedBefore = await auditedChangesOf(deploy.id);

    const res = await linus.patch(
      `/api/pipelines/${deploy.id}`,
      { tags: [] },
      { headers: { 'if-match': etagOf(deploy.version) } },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({
      code: 'tag-escalation',
      detail:
        'Removing payments and production would give you delete, approve and debug on payments/deploy through rule 3.',
      gained: ['delete', 'approve', 'debug'],
      rules: [3],
    });

    const after = await pipelineNamed(linus, 'payments', 'deploy');
    expect(after.tags).toEqual(['payments', 'production']);
    expect(after.version).toBe(deploy.version);
    expect(after.privileges).toEqual(['read', 'update', 'run']);
    expect(await auditedChangesOf(deploy.id)).toEqual(auditedBefore);
  });

  it('refuses the same by removeTags, and lets Linus take away a tag that gives him nothing', async () => {
    const linus = await signIn('linus@example.com');
    const deploy = await pipelineNamed(linus, 'payments', 'deploy');
    const path = `/api/pipelines/${deploy.id}`;
    const headers = { 'if-match': etagOf(deploy.version) };
    const removeBoth = await linus.patch(
      path,
      { removeTags: ['payments', 'production'] },
      { headers },
    );
    expect(removeBoth.status).toBe(403);
    expect((await removeBoth.json()).code).toBe('tag-escalation');

    // Without production, release-managers no longer approve it: fewer people may, nobody more.
    const removeOne = await ok<Pipeline>(
      linus.patch(path, { removeTags: ['production'] }, { headers }),
    );
    expect(removeOne.tags).toEqual(['payments']);
    expect(removeOne.privileges).toEqual(['read', 'update', 'run']);
    // Putting it back is an addition outside his create rule (payments only): an administrator's.
    const putBack = await linus.patch(
      path,
      { addTags: ['production'] },
      { headers: { 'if-match': etagOf(removeOne.version) } },
    );
    expect(putBack.status).toBe(403);
    const ada = await signIn('ada@example.com');
    await ok(
      ada.patch(
        path,
        { addTags: ['production'] },
        { headers: { 'if-match': etagOf(removeOne.version) } },
      ),
    );
  });

  it('binds tags added after creation by the create rule: create tagged payments, then add production is refused', async () => {
    const linus = await signIn('linus@example.com');
    // One call may not create it tagged production…
    const direct = await linus.post('/api/pipelines', {
      project: 'payments',
      name: 'hotfix',
      tags: ['payments', 'production'],
    });
    expect(direct.status).toBe(403);
    // …so two calls may not reach it either.
    const created = await ok<Pipeline>(
      linus.post('/api/pipelines', { project: 'payments', name: 'hotfix', tags: ['payments'] }),
      201,
    );
    const path = `/api/pipelines/${created.id}`;
    const headers = { 'if-match': etagOf(created.version) };
    for (const change of [{ addTags: ['production'] }, { tags: ['payments', 'production'] }]) {
      const res = await linus.patch(path, change, { headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        code: 'tag-escalation',
        detail:
          'Adding production would leave payments/hotfix tagged payments and production, which no create rule of your teams allows: you may create pipelines without tags (rule 2) or pipelines tagged payments (rule 7). Only an administrator can tag it so.',
        rules: [2, 7],
      });
    }
    const unchanged = await ok<Pipeline>(linus.get(path));
    expect(unchanged.tags).toEqual(['payments']);
    expect(unchanged.version).toBe(created.version);
  });

  it('answers a dry run with the refusal or the pipeline as it would be, saving nothing', async () => {
    const linus = await signIn('linus@example.com');
    const build = await pipelineNamed(linus, 'payments', 'build');
    const path = `/api/pipelines/${build.id}?dryRun=true`;
    const headers = { 'if-match': etagOf(build.version) };
    const auditedBefore = await auditedChangesOf(build.id);

    const refused = await linus.patch(path, { removeTags: ['payments'] }, { headers });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('tag-escalation');

    const allowed = await linus.patch(path, { name: 'build-2' }, { headers });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('etag')).toBe(etagOf(build.version));
    expect(await allowed.json()).toMatchObject({ name: 'build-2', version: build.version });

    const stale = await linus.patch(path, { name: 'build-2' }, { headers: { 'if-match': '"99"' } });
    expect(stale.status).toBe(412);

    const stored = await pipelineNamed(linus, 'payments', 'build');
    expect(stored).toMatchObject({ name: 'build', version: build.version, tags: ['payments'] });
    expect(await auditedChangesOf(build.id)).toEqual(auditedBefore);
  });

  it('leaves administrators free to change any tags', async () => {
    const grace = await signIn('grace@example.com');
    const terraform = await pipelineNamed(grace, 'platform', 'terraform');
    const changed = await ok<Pipeline>(
      grace.patch(
        `/api/pipelines/${terraform.id}`,
        { tags: [] },
        { headers: { 'if-match': etagOf(terraform.version) } },
      ),
    );
    expect(changed.tags).toEqual([]);
  });
});

describe('every sequence of tag changes through the API keeps the invariant (issue 15)', () => {
  it('never lets a person who is not an administrator hold more than at the start', async () => {
    const scene = await accessScene(t);
    const [qa, ops] = [await scene.team('qa'), await scene.team('ops')];
    const person = await scene.person([qa]);
    // Rules a tag change could be turned against: a create scope, an untagged catch-all and an
    // all-of rule for another team.
    const rules: [string, Privilege[], string[], TagMatch][] = [
      [qa, ['update'], ['a', 'b'], 'any'],
      [qa, ['create'], ['a', 'b'], 'any'],
      [qa, ['approve', 'debug'], ['c'], 'any'],
      [ops, ['delete'], ['a', 'c'], 'all'],
    ];
    for (const [teamId, privileges, tags, tagMatch] of rules) {
      await scene.rule({ teamId, resourceType: 'pipeline', privileges, tags, tagMatch });
    }
    const tagsArb = fc.subarray(['a', 'b', 'c', 'd']);
    const operationArb = fc.oneof(
      fc.record({ tags: tagsArb }),
      fc.record({ addTags: tagsArb, removeTags: tagsArb }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['a'], ['b'], ['a', 'b'], ['a', 'd']),
        fc.array(operationArb, { minLength: 1, maxLength: 4 }),
        async (start, operations) => {
          n += 1;
          const created = await ok<Pipeline>(
            scene.admin.post('/api/pipelines', { project: 'p', name: `seq-${n}`, tags: start }),
            201,
          );
          let current = await ok<Pipeline>(person.get(`/api/pipelines/${created.id}`));
          const held = current.privileges;
          for (const change of operations) {
            const res = await person.patch(`/api/pipelines/${created.id}`, change, {
              headers: { 'if-match': etagOf(current.version) },
            });
            if (res.status === 200) {
              current = await res.json();
              for (const privilege of current.privileges) expect(held).toContain(privilege);
              continue;
            }
            // Refused: a tag escalation, or update lost earlier; nothing changed either way.
            expect([403, 404, 422]).toContain(res.status);
            if (res.status === 403) {
              const body = await res.json();
              expect(['tag-escalation', 'missing-privilege']).toContain(body.code);
            }
            const stored = await ok<Pipeline>(scene.admin.get(`/api/pipelines/${created.id}`));
            expect(stored.tags).toEqual(current.tags);
            if (res.status === 404) break;
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
