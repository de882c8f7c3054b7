import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountApiTokenPageSchema } from '../../../contract/api-tokens';
import type { CreateApiTokenRequest } from '../../../contract/me';
import { newPGlite } from '../../db/client';
import { apiTokens } from '../../db/schema';
import { DAY, MINUTE } from '../../lib/clock';
import { expectData } from '../../testing/api-client';
import { migrationNamed } from '../../testing/migrations';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

/** Scoped API tokens (issue 20): scope, administrative rights, a required expiry, the list. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Person = Awaited<ReturnType<TestContext['signedIn']>>;

async function tokenOf(person: Person, body: Partial<CreateApiTokenRequest> = {}) {
  return expectData(
    person.api.POST('/api/me/tokens', {
      body: { name: 'script', scope: 'read-write', expiresInDays: 30, ...body },
    }),
    201,
  );
}

/** A browser-less caller with the token. */
function bearer(token: string) {
  const agent = t.agent();
  const headers = { authorization: `Bearer ${token}` };
  return {
    request: (method: string, path: string, body?: unknown) =>
      agent.request(method, path, body, { headers }),
  };
}

async function codeOf(response: Response | Promise<Response>) {
  const res = await response;
  return { status: res.status, code: ((await res.json()) as { code?: string }).code };
}

describe('a read token', () => {
  it('reads (GET and HEAD) and is refused every other method with 403 token-scope, changing nothing', async () => {
    const person = await t.signedIn({ level: 'user' });
    const { token, id } = await tokenOf(person, { scope: 'read' });
    const api = bearer(token);
    expect((await api.request('GET', '/api/me')).status).toBe(200);
    expect((await api.request('HEAD', '/api/me')).status).toBe(200);
    expect((await api.request('GET', '/api/pipelines')).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', '/api/me', { name: 'Changed' }],
      ['POST', '/api/me/tokens', { name: 'more', scope: 'read-write', expiresInDays: 1 }],
      ['DELETE', `/api/me/tokens/${id}`, undefined],
      ['POST', '/api/pipelines', { name: 'x', project: 'y' }],
    ] as const) {
      const refused = await codeOf(api.request(method, path, body));
      expect(refused, `${method} ${path}`).toEqual({ status: 403, code: 'token-scope' });
    }
    const me = await expectData(person.api.GET('/api/me'));
    expect(me.name).not.toBe('Changed');
    expect((await expectData(person.api.GET('/api/me/tokens'))).total).toBe(1);
  });

  it('a read-write token changes what its owner may change', async () => {
    const person = await t.signedIn({ level: 'user' });
    const { token } = await tokenOf(person, { scope: 'read-write' });
    expect((await bearer(token).request('PATCH', '/api/me', { name: 'Scripted' })).status).toBe(
      200,
    );
  });

  it('a scope that is neither read nor read-write, or none, is a 422 on scope', async () => {
    const person = await t.signedIn({ level: 'user' });
    for (const scope of ['write', undefined]) {
      const res = await person.post('/api/me/tokens', { name: 'x', scope, expiresInDays: 1 });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors).toEqual([
        { path: 'scope', message: 'Choose what the token may do: read, or read and write.' },
      ]);
    }
  });
});

describe('administrative rights', () => {
  it("an administrator's token without them acts as a user: refused on administration endpoints", async () => {
    const admin = await t.signedIn();
    const { token } = await tokenOf(admin);
    const api = bearer(token);
    expect(await codeOf(api.request('GET', '/api/users'))).toEqual({
      status: 403,
      code: 'administrators-only',
    });
    // Nor can it make a token that has them.
    const escalate = await api.request('POST', '/api/me/tokens', {
      name: 'admin',
      scope: 'read-write',
      administrator: true,
      expiresInDays: 1,
    });
    expect(await codeOf(escalate)).toEqual({ status: 403, code: 'administrators-only' });
    // It still reaches what any person may.
    expect((await api.request('GET', '/api/me')).status).toBe(200);
  });

  it('a token with them administers, and loses them while its owner is demoted (checked at use)', async () => {
    const owner = await t.signedIn();
    const other = await t.signedIn({ accountId: owner.accountId });
    const created = await tokenOf(owner, { administrator: true });
    expect(created.administrator).toBe(true);
    const api = bearer(created.token);
    expect((await api.request('GET', '/api/users')).status).toBe(200);

    const setLevel = (level: 'user' | 'administrator') =>
      expectData(
        other.api.PATCH('/api/users/{id}', {
          params: { path: { id: owner.userId } },
          body: { level },
        }),
      );
    await setLevel('user');
    expect(await codeOf(api.request('GET', '/api/users'))).toEqual({
      status: 403,
      code: 'administrators-only',
    });
    expect((await api.request('GET', '/api/me')).status).toBe(200);
    // The list shows that the owner is no longer an administrator.
    const listed = await expectData(other.api.GET('/api/api-tokens'));
    expect(listed.items.find((item) => item.id === created.id)?.owner.level).toBe('user');
    await setLevel('administrator');
    expect((await api.request('GET', '/api/users')).status).toBe(200);
  });

  it('a person with user level cannot ask for them (403), and nothing is created', async () => {
    const person = await t.signedIn({ level: 'user' });
    const res = await person.post('/api/me/tokens', {
      name: 'admin',
      scope: 'read',
      administrator: true,
      expiresInDays: 1,
    });
    expect(await codeOf(res)).toEqual({ status: 403, code: 'administrators-only' });
    expect((await expectData(person.api.GET('/api/me/tokens'))).total).toBe(0);
  });
});

describe('expiry', () => {
  const problemOf = async (person: TestAgent, body: Record<string, unknown>) => {
    const res = await person.post('/api/me/tokens', { name: 'x', scope: 'read', ...body });
    expect(res.status, JSON.stringify(body)).toBe(422);
    return ((await res.json()) as { errors: unknown[] }).errors;
  };

  it('is required, at most a year away, as days or a date, never both', async () => {
    const person = await t.signedIn({ level: 'user' });
    const now = t.clock.now().getTime();
    expect(await problemOf(person, {})).toEqual([
      {
        path: 'expiresInDays',
        message: 'Choose when the token expires: every token does, within a year.',
      },
    ]);
    expect(await problemOf(person, { expiresInDays: 366 })).toEqual([
      { path: 'expiresInDays', message: 'A token lives at most 365 days.' },
    ]);
    expect(await problemOf(person, { expiresInDays: 0 })).toEqual([
      { path: 'expiresInDays', message: 'A token lives at least one day.' },
    ]);
    expect(await problemOf(person, { expiresAt: new Date(now + 366 * DAY).toISOString() })).toEqual(
      [{ path: 'expiresAt', message: 'A token lives at most 365 days.' }],
    );
    expect(await problemOf(person, { expiresAt: new Date(now - MINUTE).toISOString() })).toEqual([
      { path: 'expiresAt', message: 'Choose a date in the future.' },
    ]);
    expect(await problemOf(person, { expiresAt: 'next tuesday' })).toEqual([
      { path: 'expiresAt', message: 'Enter a date and time.' },
    ]);
    expect(
      await problemOf(person, {
        expiresInDays: 3,
        expiresAt: new Date(now + DAY).toISOString(),
      }),
    ).toEqual([
      { path: 'expiresAt', message: 'Give either a number of days or a date, not both.' },
    ]);
    expect((await expectData(person.api.GET('/api/me/tokens'))).total).toBe(0);

    const at = new Date(now + 365 * DAY).toISOString();
    const created = await tokenOf(person, { expiresInDays: undefined, expiresAt: at });
    expect(created.expiresAt).toBe(at);
    expect((await tokenOf(person, { expiresInDays: 365 })).expiresAt).toBe(at);
  });

  it('an expired token gets 401 from its expiry on', async () => {
    const person = await t.signedIn({ level: 'user' });
    const expiresAt = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
    const { token } = await tokenOf(person, { expiresInDays: undefined, expiresAt });
    t.clock.advance(2 * DAY - 1);
    expect((await bearer(token).request('GET', '/api/me')).status).toBe(200);
    t.clock.advance(1);
    expect(await codeOf(bearer(token).request('GET', '/api/me'))).toEqual({
      status: 401,
      code: 'invalid-token',
    });
  });
});

describe('last use', () => {
  it('is written at the first use and then at most once a minute, not at every request', async () => {
    const person = await t.signedIn({ level: 'user' });
    const { token, id } = await tokenOf(person);
    const lastUsed = async () =>
      (await t.deps.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = t.clock.now();
    await bearer(token).request('GET', '/api/me');
    expect(await lastUsed()).toEqual(first);
    t.clock.advance(MINUTE);
    await bearer(token).request('GET', '/api/me');
    expect(await lastUsed()).toEqual(first);
    t.clock.advance(1);
    await bearer(token).request('GET', '/api/me');
    expect(await lastUsed()).toEqual(t.clock.now());
    const mine = await expectData(person.api.GET('/api/me/tokens'));
    expect(mine.items[0]!.lastUsedAt).toBe(t.clock.now().toISOString());
  });
});

describe('GET/DELETE /api/api-tokens (administrators)', () => {
  it("lists every token of the account with its owner, searched and paged, never another account's or a value", async () => {
    const admin = await t.signedIn();
    const alan = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const stranger = await t.signedIn();
    const own = await tokenOf(admin, { name: 'terraform', administrator: true });
    t.clock.advance(1000);
    const alans = await tokenOf(alan, { name: 'grafana', scope: 'read', expiresInDays: 90 });
    const strangers = await tokenOf(stranger, { name: 'grafana' });

    const page = accountApiTokenPageSchema
      .strict()
      .parse(await expectData(admin.api.GET('/api/api-tokens')));
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.id)).toEqual([alans.id, own.id]);
    expect(page.items[0]).toEqual({
      id: alans.id,
      name: 'grafana',
      prefix: alans.prefix,
      scope: 'read',
      administrator: false,
      createdAt: alans.createdAt,
      lastUsedAt: null,
      expiresAt: alans.expiresAt,
      owner: { id: alan.userId, name: expect.any(String), email: alan.email, level: 'user' },
    });
    const text = JSON.stringify(page);
    for (const { token } of [own, alans, strangers]) expect(text).not.toContain(token);
    expect(text).not.toContain(strangers.id);

    const search = async (q: string) =>
      (await expectData(admin.api.GET('/api/api-tokens', { params: { query: { q } } }))).items.map(
        (item) => item.id,
      );
    expect(await search('GRAF')).toEqual([alans.id]);
    expect(await search(alan.email)).toEqual([alans.id]);
    expect(await search(own.prefix)).toEqual([own.id]);
    expect(await search('%')).toEqual([]);
    const second = await expectData(
      admin.api.GET('/api/api-tokens', { params: { query: { page: 2, pageSize: 1 } } }),
    );
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.items.map((item) => item.id)).toEqual([own.id]);
    const bad = await admin.get('/api/api-tokens?pageSize=1000');
    expect(bad.status).toBe(422);
  });

  it("revokes any token of the account (it stops working at once), and no other account's", async () => {
    const admin = await t.signedIn();
    const alan = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const stranger = await t.signedIn();
    const alans = await tokenOf(alan);
    const strangers = await tokenOf(stranger);
    const revoke = (id: string) =>
      admin.api.DELETE('/api/api-tokens/{id}', { params: { path: { id } } });

    expect((await revoke(strangers.id)).response.status).toBe(404);
    expect((await bearer(strangers.token).request('GET', '/api/me')).status).toBe(200);
    expect((await revoke(alans.id)).response.status).toBe(204);
    expect((await bearer(alans.token).request('GET', '/api/me')).status).toBe(401);
    expect((await revoke(alans.id)).response.status).toBe(404);
    expect((await revoke('not-a-uuid')).response.status).toBe(422);
    expect((await expectData(alan.api.GET('/api/me/tokens'))).total).toBe(0);
  });

  it('refuses an administrator who calls with a token without administrative rights', async () => {
    const admin = await t.signedIn();
    const { token } = await tokenOf(admin);
    expect(await codeOf(bearer(token).request('GET', '/api/api-tokens'))).toEqual({
      status: 403,
      code: 'administrators-only',
    });
  });
});

describe('a token the previous release made without an expiry', () => {
  it('expires a year after its creation, and says so', async () => {
    const person = await t.signedIn({ level: 'user' });
    const { token, id, createdAt } = await tokenOf(person);
    await t.deps.db.update(apiTokens).set({ expiresAt: null }).where(eq(apiTokens.id, id));
    const inAYear = new Date(Date.parse(createdAt) + 365 * DAY).toISOString();
    const mine = await expectData(person.api.GET('/api/me/tokens'));
    expect(mine.items[0]!.expiresAt).toBe(inAYear);
    t.clock.advance(365 * DAY - 1);
    expect((await bearer(token).request('GET', '/api/me')).status).toBe(200);
    t.clock.advance(1);
    expect((await bearer(token).request('GET', '/api/me')).status).toBe(401);
  });
});

describe('tokens made before scopes (the migration)', () => {
  it('stay read-write, keep administrative rights only for administrators, and expire within a year', async () => {
    const migration = migrationNamed('_token_scopes');
    const db = newPGlite();
    try {
      await migration.applyBefore(db);
      const account = '00000000-0000-4000-8000-000000000001';
      const ada = '00000000-0000-4000-8000-000000000101';
      const alan = '00000000-0000-4000-8000-000000000102';
      const token = (n: number) => `00000000-0000-4000-8000-00000000020${n}`;
      const soon = '2026-12-31T00:00:00.000Z';
      await db.exec(`
        insert into accounts (id, name) values ('${account}', 'Old');
        insert into users (id, account_id, email, name, status, level) values
          ('${ada}', '${account}', 'ada@example.com', 'Ada', 'active', 'administrator'),
          ('${alan}', '${account}', 'alan@example.com', 'Alan', 'active', 'user');
        insert into api_tokens (id, account_id, user_id, name, token_hash, prefix, created_at,
          expires_at) values
          ('${token(1)}', '${account}', '${ada}', 'forever', 'h1', 'prm_1', now(), null),
          ('${token(2)}', '${account}', '${ada}', 'soon', 'h2', 'prm_2', now(), '${soon}'),
          ('${token(3)}', '${account}', '${alan}', 'forever', 'h3', 'prm_3', now(), null);
      `);
      await migration.apply(db);
      const { rows } = await db.query<{
        id: string;
        scope: string;
        administrator: boolean;
        expires_at: Date;
        in_a_year: boolean;
      }>(
        `select id, scope, administrator, expires_at,
           expires_at between now() + interval '364 days' and now() + interval '366 days' as in_a_year
         from api_tokens order by id`,
      );
      expect(
        rows.map(({ id, scope, administrator, in_a_year }) => [
          id,
          scope,
          administrator,
          in_a_year,
        ]),
      ).toEqual([
        [token(1), 'read-write', true, true],
        [token(2), 'read-write', true, false],
        [token(3), 'read-write', false, true],
      ]);
      expect(rows[1]!.expires_at.toISOString()).toBe(soon);
      // The previous release's code still inserts without the new columns and without an
      // expiry, during a rolling upgrade or after a rollback: it gets a read-write token without
      // administrative rights.
      await db.exec(
        `insert into api_tokens (id, account_id, user_id, name, token_hash, prefix, created_at,
           expires_at) values ('${token(4)}', '${account}', '${ada}', 'old code', 'h4', 'prm_4',
           now(), null)`,
      );
      const {
        rows: [old],
      } = await db.query<{ scope: string; administrator: boolean }>(
        `select scope, administrator from api_tokens where id = '${token(4)}'`,
      );
      expect(old).toEqual({ scope: 'read-write', administrator: false });
    } finally {
      await db.close();
    }
  });
});
