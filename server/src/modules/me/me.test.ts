import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock';
import { apiTokenListSchema, createdApiTokenSchema, meSchema } from '../../../contract/me';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET/PATCH /api/me', () => {
  it('a person with user level changes their own notification settings and keeps the others', async () => {
    const person = await t.signedIn({ level: 'user' });
    const before = await (await person.get('/api/me')).json();
    expect(before.notifications).toEqual({
      buildFailed: true,
      buildSucceeded: false,
      approvalPending: true,
    });
    expect(before.teams.map((team: { name: string }) => team.name)).toEqual(['users']);

    const res = await person.patch('/api/me', { notifications: { buildSucceeded: true } });
    expect(res.status).toBe(200);
    expect((await res.json()).notifications).toEqual({
      buildFailed: true,
      buildSucceeded: true,
      approvalPending: true,
    });
    expect((await (await person.get('/api/me')).json()).notifications.buildSucceeded).toBe(true);
  });

  it('PATCH /api/me refuses a wrong type and an empty name without changing anything', async () => {
    const person = await t.signedIn();
    const wrongType = await person.patch('/api/me', { notifications: { buildFailed: 'yes' } });
    expect(wrongType.status).toBe(422);
    expect((await wrongType.json()).errors[0].path).toBe('notifications.buildFailed');

    const emptyName = await person.patch('/api/me', { name: '   ' });
    expect(emptyName.status).toBe(422);
    expect((await emptyName.json()).errors).toEqual([{ path: 'name', message: 'Enter a name.' }]);

    const me = await (await person.get('/api/me')).json();
    expect(me.name).toMatch(/^Person /);
    expect(me.notifications.buildFailed).toBe(true);
  });
});

describe('the contract', () => {
  it('answers match the contract schemas the SPA is built on', async () => {
    const person = await t.signedIn();
    meSchema.strict().parse(await (await person.get('/api/me')).json());
    createdApiTokenSchema
      .strict()
      .parse(await (await person.post('/api/me/tokens', { name: 'a' })).json());
    apiTokenListSchema.strict().parse(await (await person.get('/api/me/tokens')).json());
  });
});

describe('personal API tokens', () => {
  it('shows the value once, stores it hashed, and the token works as Bearer until revoked', async () => {
    const person = await t.signedIn();
    const created = await person.post('/api/me/tokens', { name: 'terraform', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token = await created.json();
    expect(token.token).toMatch(/^prm_/);
    expect(token.prefix).toBe(token.token.slice(0, 10));

    const list = await (await person.get('/api/me/tokens')).json();
    expect(list.total).toBe(1);
    expect(JSON.stringify(list)).not.toContain(token.token);

    const bearer = { headers: { authorization: `Bearer ${token.token}` } };
    const viaToken = await t.agent().get('/api/me', bearer);
    expect(viaToken.status).toBe(200);
    // Bearer requests need no CSRF header.
    expect((await t.agent().patch('/api/me', { name: 'Scripted' }, bearer)).status).toBe(200);

    expect((await person.delete(`/api/me/tokens/${token.id}`)).status).toBe(204);
    const revoked = await t.agent().get('/api/me', bearer);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('an expired token gets 401', async () => {
    const person = await t.signedIn();
    const { token } = await (
      await person.post('/api/me/tokens', { name: 'short-lived', expiresInDays: 1 })
    ).json();
    t.clock.advance(DAY + 1);
    const res = await t.agent().get('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it("cannot revoke someone else's token (404) and refuses a malformed id (422)", async () => {
    const owner = await t.signedIn();
    const other = await t.signedIn();
    const { id } = await (await owner.post('/api/me/tokens', { name: 'mine' })).json();
    expect((await other.delete(`/api/me/tokens/${id}`)).status).toBe(404);
    expect((await other.delete('/api/me/tokens/not-a-uuid')).status).toBe(422);
    expect((await (await owner.get('/api/me/tokens')).json()).total).toBe(1);
  });

  it('refuses a token name that is missing or too long, and a lifetime beyond a year', async () => {
    const person = await t.signedIn();
    expect((await person.post('/api/me/tokens', {})).status).toBe(422);
    expect((await person.post('/api/me/tokens', { name: 'x'.repeat(101) })).status).toBe(422);
    const tooLong = await person.post('/api/me/tokens', { name: 'ci', expiresInDays: 400 });
    expect((await tooLong.json()).errors).toEqual([
      { path: 'expiresInDays', message: 'A token lives at most 365 days.' },
    ]);
  });
});
