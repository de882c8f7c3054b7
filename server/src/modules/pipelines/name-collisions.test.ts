import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessScene, ok, type SignedIn } from '../../testing/access-scene';
import { createTestApp, type TestContext } from '../../testing/test-app';

/**
 * project/name is unique in the account, whatever the case, so a clash inherently tells whoever
 * may create or rename a pipeline that some pipeline holds that name. It must tell nothing more:
 * the answer for a pipeline one cannot read is the one for a pipeline one can, made only of what
 * the request itself said (docs/api.md, "Access rules, clusters and pipelines").
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The whole answer to a clash, from the requested project and name alone. */
const clashAnswer = (project: string, name: string) => {
  const sentence = `A pipeline named ${name} already exists in project ${project}.`;
  return {
    type: 'about:blank',
    title: 'Invalid input',
    status: 422,
    detail: sentence,
    errors: [{ path: 'name', message: sentence }],
  };
};

/** The answer without the request id, which differs from one request to the next. */
async function answerOf(res: Response) {
  const { requestId, ...rest } = (await res.json()) as Record<string, unknown>;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

async function scene() {
  const s = await accessScene(t);
  // Hidden from people with user level: the default rules cover untagged pipelines only.
  const hidden = await ok<{ id: string }>(
    s.admin.post('/api/pipelines', {
      project: 'Payments',
      name: 'Deploy-Prod',
      tags: ['secret-team'],
    }),
    201,
  );
  const visible = await s.pipeline('visible', [], 'payments');
  const linus = await s.person();
  expect((await linus.get(`/api/pipelines/${hidden.id}`)).status).toBe(404);
  expect((await linus.get(`/api/pipelines/${visible.id}`)).status).toBe(200);
  return { ...s, hidden, visible, linus };
}

async function stateOf(admin: SignedIn) {
  const pipelines = await ok<{ total: number; items: unknown[] }>(
    admin.get('/api/pipelines?pageSize=100&sort=name'),
  );
  const audit = await ok<{ total: number }>(admin.get('/api/audit'));
  return { pipelines, audit: audit.total };
}

describe('a pipeline name held by a pipeline one cannot read', () => {
  it('is refused on creation with the answer a readable one gets, and nothing is saved', async () => {
    const { admin, linus, hidden } = await scene();
    const before = await stateOf(admin);

    const unreadable = await linus.post('/api/pipelines', {
      project: 'payments',
      name: 'deploy-prod',
    });
    expect(unreadable.status).toBe(422);
    const unreadableText = await unreadable.clone().text();
    expect(await answerOf(unreadable)).toEqual(clashAnswer('payments', 'deploy-prod'));
    // Nothing of the other pipeline: not its id, its tags, nor its name as it is stored.
    for (const secret of [hidden.id, 'secret-team', 'Deploy-Prod', 'Payments']) {
      expect(unreadableText).not.toContain(secret);
    }
    expect(unreadable.headers.get('location')).toBeNull();
    expect(unreadable.headers.get('etag')).toBeNull();

    const readable = await linus.post('/api/pipelines', { project: 'PAYMENTS', name: 'Visible' });
    expect(readable.status).toBe(422);
    expect(await answerOf(readable)).toEqual(clashAnswer('PAYMENTS', 'Visible'));
    // The same members, the same sentence: only the names the request gave differ.
    expect(
      Object.keys(
        await answerOf(
          await linus.post('/api/pipelines', { project: 'payments', name: 'DEPLOY-PROD' }),
        ),
      ),
    ).toEqual(Object.keys(clashAnswer('payments', 'DEPLOY-PROD')));

    // An administrator, who may read it, gets the very same answer.
    const byAdmin = await admin.post('/api/pipelines', {
      project: 'payments',
      name: 'deploy-prod',
    });
    expect(await answerOf(byAdmin)).toEqual(clashAnswer('payments', 'deploy-prod'));

    expect(await stateOf(admin)).toEqual(before);
  });

  it('is refused on a rename with the answer a readable one gets, and nothing changes', async () => {
    const { admin, linus } = await scene();
    const mine = await ok<{ id: string; version: number; name: string; project: string }>(
      linus.post('/api/pipelines', { project: 'payments', name: 'mine' }),
      201,
    );
    const before = await stateOf(admin);
    const headers = { headers: { 'if-match': `"${mine.version}"` } };

    const unreadable = await linus.patch(
      `/api/pipelines/${mine.id}`,
      { name: 'DEPLOY-PROD' },
      headers,
    );
    expect(unreadable.status).toBe(422);
    expect(await answerOf(unreadable)).toEqual(clashAnswer('payments', 'DEPLOY-PROD'));

    const readable = await linus.patch(`/api/pipelines/${mine.id}`, { name: 'VISIBLE' }, headers);
    expect(readable.status).toBe(422);
    expect(await answerOf(readable)).toEqual(clashAnswer('payments', 'VISIBLE'));

    // Moving it into another project where the name is held says the same.
    const moved = await linus.patch(
      `/api/pipelines/${mine.id}`,
      { project: 'PAYMENTS', name: 'deploy-prod' },
      headers,
    );
    expect(await answerOf(moved)).toEqual(clashAnswer('PAYMENTS', 'deploy-prod'));

    expect(await stateOf(admin)).toEqual(before);
    expect(await ok(linus.get(`/api/pipelines/${mine.id}`))).toMatchObject({
      name: 'mine',
      project: 'payments',
      version: mine.version,
    });
  });
});
