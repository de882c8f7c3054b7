import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../db/schema';
import { DAY } from '../../lib/clock';
import { apiTokenListSchema, createdApiTokenSchema, meSchema } from '../../../contract/me';
import { expectData } from '../../testing/api-client';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import { THROTTLE } from '../auth/login-throttle';

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
    createdApiTokenSchema.strict().parse(
      await expectData(
        person.api.POST('/api/me/tokens', {
          body: { name: 'a', scope: 'read-write', expiresInDays: 30 },
        }),
        201,
      ),
    );
    apiTokenListSchema.strict().parse(await expectData(person.api.GET('/api/me/tokens')));
  });
});

describe('personal API tokens', () => {
  it('shows the value once, stores it hashed, and the token works as Bearer until revoked', async () => {
    const person = await t.signedIn();
    const token = await expectData(
      person.api.POST('/api/me/tokens', {
        body: { name: 'terraform', expiresInDays: 30, scope: 'read-write' },
      }),
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

  it('records the creation and the revocation in the audit log, never the value', async () => {
    const person = await t.signedIn();
    const token = await expectData(
      person.api.POST('/api/me/tokens', {
        body: { name: 'deploy-bot', scope: 'read-write', expiresInDays: 30 },
      }),
      201,
    );
    // A token may revoke itself: the entry then names the person alone.
    const bearer = { authorization: `Bearer ${token.token}` };
    const revoked = await t.agent().delete(`/api/me/tokens/${token.id}`, { headers: bearer });
    expect(revoked.status).toBe(204);
    const entries = await t.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.targetId, person.userId))
      .orderBy(asc(auditEntries.at), asc(auditEntries.action));
    const tokens = entries.filter((entry) => entry.action.startsWith('api-token.'));
    expect(tokens.map((entry) => [entry.action, entry.actorTokenId])).toEqual([
      ['api-token.created', null],
      ['api-token.revoked', null],
    ]);
    expect(tokens[0]!.after).toEqual({
      tokenName: 'deploy-bot',
      prefix: token.prefix,
      scope: 'read-write',
      administrator: false,
      expiresAt: token.expiresAt,
    });
    expect(JSON.stringify(entries)).not.toContain(token.token);
  });

  it('an expired token gets 401', async () => {
    const person = await t.signedIn();
    const { token } = await expectData(
      person.api.POST('/api/me/tokens', {
        body: { name: 'short-lived', expiresInDays: 1, scope: 'read-write' },
      }),
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
      owner.api.POST('/api/me/tokens', {
        body: { name: 'mine', scope: 'read-write', expiresInDays: 30 },
      }),
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
    expect(
      (await person.post('/api/me/tokens', { scope: 'read-write', expiresInDays: 30 })).status,
    ).toBe(422);
    const create = (body: { name: string; expiresInDays?: number }) =>
      person.api.POST('/api/me/tokens', { body: { scope: 'read-write', ...body } });
    expect((await create({ name: 'x'.repeat(101), expiresInDays: 30 })).response.status).toBe(422);
    const tooLong = await create({ name: 'ci', expiresInDays: 400 });
    expect(tooLong.error?.errors).toEqual([
      { path: 'expiresInDays', message: 'A token lives at most 365 days.' },
    ]);
  });
});

describe('POST /api/me/password', () => {
  const NEW_PASSWORD = 'a much longer passphrase';

  async function signIn(email: string, password: string) {
    const browser = t.agent();
    const { response } = await browser.api.POST('/api/auth/login', { body: { email, password } });
    return { browser, status: response.status };
  }

  it('changes the password, ends every other session at once and keeps this one', async () => {
    const person = await t.signedIn({ level: 'user' });
    const elsewhere = await signIn(person.email, TEST_PASSWORD);
    expect(elsewhere.status).toBe(204);
    // Read once, so that the session cache holds it before the change.
    expect((await elsewhere.browser.get('/api/me')).status).toBe(200);

    const changed = await person.api.POST('/api/me/password', {
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.response.status).toBe(204);

    expect((await elsewhere.browser.get('/api/me')).status).toBe(401);
    expect((await person.get('/api/me')).status).toBe(200);
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(person.email, NEW_PASSWORD)).status).toBe(204);
  });

  it('a wrong current password is a problem on that field and changes nothing', async () => {
    const person = await t.signedIn();
    const elsewhere = await signIn(person.email, TEST_PASSWORD);
    const wrong = await person.api.POST('/api/me/password', {
      body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
    });
    expect(wrong.response.status).toBe(422);
    expect(wrong.error?.errors).toEqual([
      { path: 'currentPassword', message: 'That is not your current password.' },
    ]);
    expect((await elsewhere.browser.get('/api/me')).status).toBe(200);
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(204);
    expect((await signIn(person.email, NEW_PASSWORD)).status).toBe(401);
  });

  it('holds the new password to the setup rules and refuses bad input with 4xx, never 500', async () => {
    const person = await t.signedIn();
    const short = await person.api.POST('/api/me/password', {
      body: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(short.response.status).toBe(422);
    expect(short.error?.errors).toEqual([
      { path: 'newPassword', message: 'Use at least 12 characters.' },
    ]);
    // raw: the types forbid these bodies.
    const missing = await person.post('/api/me/password', {});
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'currentPassword',
      'newPassword',
    ]);
    expect(
      (await person.post('/api/me/password', { currentPassword: 1, newPassword: [] })).status,
    ).toBe(422);
    expect(
      (
        await person.post('/api/me/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: NEW_PASSWORD,
          extra: true,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await person.post('/api/me/password', undefined, {
          headers: { 'content-type': 'application/json' },
          rawBody: '{not json',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t
          .agent()
          .post('/api/me/password', { currentPassword: 'x', newPassword: NEW_PASSWORD })
      ).status,
    ).toBe(401);
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(204);
  });

  it('counts wrong current passwords toward the sign-in throttle, so it is no guessing oracle', async () => {
    const person = await t.signedIn();
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i += 1) {
      const wrong = await person.post('/api/me/password', {
        currentPassword: `guess number ${i}`,
        newPassword: NEW_PASSWORD,
      });
      expect(wrong.status).toBe(422);
    }
    const locked = await person.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The sign-in page is locked for that email too, and the password did not change.
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(429);
    t.clock.advance(THROTTLE.lockFor + 1000);
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(204);
  });
});
