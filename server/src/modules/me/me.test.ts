import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../lib/clock';
import { apiTokenListSchema, createdApiTokenSchema, meSchema } from '../../../contract/me';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET/PATCH /api/me', () => {
  it('a person with user level changes their own notification settings and keeps the others', async () => {
    const person = await t.signedIn({ level: 'user' });
    const before = await expectData(person.api.GET('/api/me'));
    expect(before.notifications).toEqual({
      buildFailed: true,
      buildSucceeded: false,
      approvalPending: true,
    });
    expect(before.teams.map((team) => team.name)).toEqual(['users']);

    const changed = await expectData(
      person.api.PATCH('/api/me', { body: { notifications: { buildSucceeded: true } } }),
    );
    expect(changed.notifications).toEqual({
      buildFailed: true,
      buildSucceeded: true,
      approvalPending: true,
    });
    expect((await expectData(person.api.GET('/api/me'))).notifications.buildSucceeded).toBe(true);
  });

  it('PATCH /api/me refuses a wrong type and an empty name without changing anything', async () => {
    const person = await t.signedIn();
    // raw: the types forbid a string where a boolean belongs.
    const wrongType = await person.patch('/api/me', { notifications: { buildFailed: 'yes' } });
    expect(wrongType.status).toBe(422);
    expect((await wrongType.json()).errors[0].path).toBe('notifications.buildFailed');

    const emptyName = await person.api.PATCH('/api/me', { body: { name: '   ' } });
    expect(emptyName.response.status).toBe(422);
    expect(emptyName.error?.errors).toEqual([{ path: 'name', message: 'Enter a name.' }]);

    const me = await expectData(person.api.GET('/api/me'));
    expect(me.name).toMatch(/^Person /);
    expect(me.notifications.buildFailed).toBe(true);
  });
});

describe('the contract', () => {
  it('answers match the contract schemas the SPA is built on', async () => {
    const person = await t.signedIn();
    meSchema.strict().parse(await expectData(person.api.GET('/api/me')));
    createdApiTokenSchema
      .strict()
      .parse(await expectData(person.api.POST('/api/me/tokens', { body: { name: 'a' } }), 201));
    apiTokenListSchema.strict().parse(await expectData(person.api.GET('/api/me/tokens')));
  });
});

describe('personal API tokens', () => {
  it('shows the value once, stores it hashed, and the token works as Bearer until revoked', async () => {
    const person = await t.signedIn();
    const token = await expectData(
      person.api.POST('/api/me/tokens', { body: { name: 'terraform', expiresInDays: 30 } }),
      201,
    );
    expect(token.token).toMatch(/^prm_/);
    expect(token.prefix).toBe(token.token.slice(0, 10));

    const list = await expectData(person.api.GET('/api/me/tokens'));
    expect(list.total).toBe(1);
    expect(JSON.stringify(list)).not.toContain(token.token);

    const bearer = { headers: { authorization: `Bearer ${token.token}` } };
    const viaToken = await t.agent().api.GET('/api/me', bearer);
    expect(viaToken.response.status).toBe(200);
    // Bearer requests need no CSRF header.
    expect(
      (await t.agent().api.PATCH('/api/me', { ...bearer, body: { name: 'Scripted' } })).response
        .status,
    ).toBe(200);

    const byId = { params: { path: { id: token.id } } };
    expect((await person.api.DELETE('/api/me/tokens/{id}', byId)).response.status).toBe(204);
    const revoked = await t.agent().api.GET('/api/me', bearer);
    expect(revoked.response.status).toBe(401);
    expect(revoked.response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('an expired token gets 401', async () => {
    const person = await t.signedIn();
    const { token } = await expectData(
      person.api.POST('/api/me/tokens', { body: { name: 'short-lived', expiresInDays: 1 } }),
      201,
    );
    t.clock.advance(DAY + 1);
    const { response } = await t
      .agent()
      .api.GET('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it("cannot revoke someone else's token (404) and refuses a malformed id (422)", async () => {
    const owner = await t.signedIn();
    const other = await t.signedIn();
    const { id } = await expectData(
      owner.api.POST('/api/me/tokens', { body: { name: 'mine' } }),
      201,
    );
    const revoke = (id: string) =>
      other.api.DELETE('/api/me/tokens/{id}', { params: { path: { id } } });
    expect((await revoke(id)).response.status).toBe(404);
    expect((await revoke('not-a-uuid')).response.status).toBe(422);
    expect((await expectData(owner.api.GET('/api/me/tokens'))).total).toBe(1);
  });

  it('refuses a token name that is missing or too long, and a lifetime beyond a year', async () => {
    const person = await t.signedIn();
    // raw: the types forbid a token without a name.
    expect((await person.post('/api/me/tokens', {})).status).toBe(422);
    const create = (body: { name: string; expiresInDays?: number }) =>
      person.api.POST('/api/me/tokens', { body });
    expect((await create({ name: 'x'.repeat(101) })).response.status).toBe(422);
    const tooLong = await create({ name: 'ci', expiresInDays: 400 });
    expect(tooLong.error?.errors).toEqual([
      { path: 'expiresInDays', message: 'A token lives at most 365 days.' },
    ]);
  });
});
