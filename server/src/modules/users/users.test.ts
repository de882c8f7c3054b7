import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../../contract/api-paths.gen';
import { eq } from 'drizzle-orm';
import {
  invitedUserSchema,
  USER_CSV_COLUMNS,
  userPageSchema,
  userSchema,
} from '../../../contract/users';
import { users } from '../../db/schema';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** An administrator of a fresh account. */
const newAccount = () => t.signedIn({ level: 'administrator' });

type UserQuery = paths['/api/users']['get']['parameters']['query'];
const byId = (id: string) => ({ params: { path: { id } } });

describe('GET /api/users', () => {
  it('lists the people of the account, paged, with their level, status, SSO provider and teams', async () => {
    const admin = await newAccount();
    for (const email of ['b@example.com', 'a@example.com', 'c@example.com']) {
      expect((await admin.api.POST('/api/users', { body: { email } })).response.status).toBe(201);
    }
    const page = userPageSchema
      .strict()
      .parse(await expectData(admin.api.GET('/api/users', { params: { query: { pageSize: 2 } } })));
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    // Sorted by name: the invited people are named after their address until they accept.
    expect(page.items.map((user) => user.name)).toEqual(['a', 'b']);
    expect(page.items[0]).toMatchObject({
      email: 'a@example.com',
      level: 'user',
      status: 'invited',
      ssoProvider: null,
      invitation: { expired: false },
    });
    expect(page.items[0]!.teams.map((team) => team.name)).toEqual(['users']);

    const second = userPageSchema.parse(
      await expectData(
        admin.api.GET('/api/users', { params: { query: { pageSize: 2, page: 2 } } }),
      ),
    );
    expect(second.items.map((user) => user.name)).toEqual(['c', expect.stringMatching(/^Person /)]);
  });

  it('searches people by the characters typed, short or long (trigram indexes), whatever the case', async () => {
    const admin = await newAccount();
    await admin.api.POST('/api/users', {
      body: { email: 'ada_l@engine.example', name: 'Ada 100% Lovelace' },
    });
    await admin.api.POST('/api/users', { body: { email: 'bob@mill.example', name: 'Bob' } });
    const names = async (q: string) =>
      (await expectData(admin.api.GET('/api/users', { params: { query: { q } } }))).items.map(
        (user) => user.name,
      );
    expect(await names('100%')).toEqual(['Ada 100% Lovelace']);
    expect(await names('0% LOVE')).toEqual(['Ada 100% Lovelace']);
    expect(await names('1%L')).toEqual([]);
    expect(await names('ADA_L@')).toEqual(['Ada 100% Lovelace']);
    expect(await names('ada-l')).toEqual([]);
    expect(await names('LO')).toEqual(['Ada 100% Lovelace']);
    expect(await names('MILL.EX')).toEqual(['Bob']);
  });

  it('searches names and emails, filters by level and status, and sorts either way', async () => {
    const admin = await newAccount();
    await admin.api.POST('/api/users', {
      body: { email: 'grace@navy.example', name: 'Grace Hopper' },
    });
    await admin.api.POST('/api/users', {
      body: { email: 'alan@bletchley.example', name: 'Alan Turing', level: 'administrator' },
    });
    const names = async (query: UserQuery) =>
      (await expectData(admin.api.GET('/api/users', { params: { query } }))).items.map(
        (user) => user.name,
      );

    expect(await names({ q: 'HOPPER' })).toEqual(['Grace Hopper']);
    expect(await names({ q: 'bletchley' })).toEqual(['Alan Turing']);
    expect(await names({ q: '%' })).toEqual([]); // a literal %, not "anything"
    expect(await names({ level: 'administrator', status: 'invited' })).toEqual(['Alan Turing']);
    expect(await names({ status: 'active' })).toEqual([expect.stringMatching(/^Person /)]);
    expect(await names({ sort: '-name', status: 'invited' })).toEqual([
      'Grace Hopper',
      'Alan Turing',
    ]);
    expect(await names({ sort: 'email', status: 'invited' })).toEqual([
      'Alan Turing',
      'Grace Hopper',
    ]);
  });

  it("never finds another account's people or teams, whatever the search", async () => {
    const mine = await newAccount();
    const theirs = await newAccount();
    await theirs.api.POST('/api/users', {
      body: { email: 'ada.hopper@other.example', name: 'Ada Hopper' },
    });
    await theirs.api.POST('/api/teams', { body: { name: 'hopper-fans' } });
    await mine.api.POST('/api/users', {
      body: { email: 'grace.hopper@mine.example', name: 'Grace Hopper' },
    });
    // The search matches by name in one account and by email in the other: both ways.
    for (const q of ['hopper', 'Hopper', 'other.example', 'ada']) {
      const page = await expectData(mine.api.GET('/api/users', { params: { query: { q } } }));
      for (const person of page.items) expect(person.email, q).not.toBe('ada.hopper@other.example');
      expect(page.total, q).toBe(page.items.length);
    }
    const teams = await expectData(
      mine.api.GET('/api/teams', { params: { query: { q: 'hopper' } } }),
    );
    expect(teams).toMatchObject({ total: 0, items: [] });
  });

  it('refuses an unknown sort, a page size over 100 and a malformed team id with 422', async () => {
    const admin = await newAccount();
    // raw: the types forbid most of these queries (an unknown sort, a malformed team id).
    for (const query of ['sort=password', 'pageSize=101', 'page=0', 'teamId=qa', 'level=root']) {
      const res = await admin.get(`/api/users?${query}`);
      expect(res.status, query).toBe(422);
      expect((await res.json()).errors.length, query).toBeGreaterThan(0);
    }
  });

  it("is refused to people with user level (403), and never shows another account's people", async () => {
    const admin = await newAccount();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const { error, response } = await user.api.GET('/api/users');
    expect(response.status).toBe(403);
    expect(error?.code).toBe('administrators-only');

    const other = await newAccount();
    const page = await expectData(other.api.GET('/api/users'));
    expect(page.items.map((u) => u.email)).toEqual([other.email]);
    expect((await other.api.GET('/api/users/{id}', byId(admin.userId))).response.status).toBe(404);
    expect(
      (
        await other.api.PATCH('/api/users/{id}', {
          ...byId(admin.userId),
          body: { level: 'user' },
        })
      ).response.status,
    ).toBe(404);
    expect((await other.api.DELETE('/api/users/{id}', byId(user.userId))).response.status).toBe(
      404,
    );
    expect((await admin.api.GET('/api/users/{id}', byId(user.userId))).response.status).toBe(200);
  });
});

describe('PATCH /api/users/:id', () => {
  it('promotes a person to administrator and back, at once effective for their API calls', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const level = (level: 'user' | 'administrator') =>
      admin.api.PATCH('/api/users/{id}', { ...byId(person.userId), body: { level } });
    expect((await person.api.GET('/api/users')).response.status).toBe(403);

    const user = userSchema.strict().parse(await expectData(level('administrator')));
    expect(user.level).toBe('administrator');
    expect(user.teams.map((team) => team.name)).toEqual(['admins', 'users']);
    expect((await person.api.GET('/api/users')).response.status).toBe(200);

    expect((await level('user')).response.status).toBe(200);
    expect((await person.api.GET('/api/users')).response.status).toBe(403);
  });

  it('refuses to demote the last active administrator with 409, changing nothing', async () => {
    const admin = await newAccount();
    // An invited administrator does not count: they cannot sign in yet.
    await admin.api.POST('/api/users', {
      body: { email: `invited-admin-${admin.userId}@example.com`, level: 'administrator' },
    });
    const { error: problem, response } = await admin.api.PATCH('/api/users/{id}', {
      ...byId(admin.userId),
      body: { level: 'user', name: 'Renamed' },
    });
    expect(response.status).toBe(409);
    expect(problem?.code).toBe('last-administrator');
    expect(problem?.detail).toMatch(/last active administrator/);
    const me = await expectData(admin.api.GET('/api/users/{id}', byId(admin.userId)));
    expect(me).toMatchObject({ level: 'administrator', name: expect.stringMatching(/^Person /) });
  });

  it('lets one of two administrators step down', async () => {
    const admin = await newAccount();
    const second = await t.signedIn({ level: 'administrator', accountId: admin.accountId });
    const demote = { body: { level: 'user' as const } };
    expect(
      (await admin.api.PATCH('/api/users/{id}', { ...byId(admin.userId), ...demote })).response
        .status,
    ).toBe(200);
    expect(
      (await second.api.PATCH('/api/users/{id}', { ...byId(second.userId), ...demote })).response
        .status,
    ).toBe(409);
  });

  it('of two administrators demoting each other at the same moment, one succeeds', async () => {
    const a = await newAccount();
    const b = await t.signedIn({ level: 'administrator', accountId: a.accountId });
    const demote = { body: { level: 'user' as const } };
    const results = (
      await Promise.all([
        a.api.PATCH('/api/users/{id}', { ...byId(b.userId), ...demote }),
        b.api.PATCH('/api/users/{id}', { ...byId(a.userId), ...demote }),
      ])
    ).map(({ response }) => response);
    const statuses = results.map((res) => res.status).sort();
    // The one demoted first has lost the right to demote: 403 rather than 409 is as good.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const page = await expectData(
      (statuses[0] === results[0]!.status ? a : b).api.GET('/api/users', {
        params: { query: { level: 'administrator' } },
      }),
    );
    expect(page.total).toBe(1);
  });

  it('assigns an SSO provider of the account and clears it, refusing anyone else’s provider', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const provider = await expectData(
      admin.api.POST('/api/sso-providers', {
        body: {
          type: 'saml',
          name: 'Corporate SAML',
          ssoUrl: 'https://idp.example.com/sso',
          entityId: 'urn:example:idp',
          certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        },
      }),
      201,
    );
    const assign = (ssoProviderId: string | null) =>
      admin.api.PATCH('/api/users/{id}', { ...byId(person.userId), body: { ssoProviderId } });
    const assigned = await expectData(assign(provider.id));
    expect(assigned.ssoProvider).toEqual({ id: provider.id, name: 'Corporate SAML' });
    const usersOf = (ssoProviderId: string) =>
      expectData(admin.api.GET('/api/users', { params: { query: { ssoProviderId } } }));
    const filtered = await usersOf(provider.id);
    expect(filtered.items.map((u) => u.id)).toEqual([person.userId]);
    const none = await usersOf('none');
    expect(none.items.map((u) => u.id)).toEqual([admin.userId]);

    const cleared = await expectData(assign(null));
    expect(cleared.ssoProvider).toBeNull();

    const other = await newAccount();
    const foreign = await other.api.PATCH('/api/users/{id}', {
      ...byId(other.userId),
      body: { ssoProviderId: provider.id },
    });
    expect(foreign.response.status).toBe(422);
    expect(foreign.error?.errors).toEqual([
      { path: 'ssoProviderId', message: 'There is no such SSO provider in this account.' },
    ]);
  });

  it('refuses bad input with a 422 naming the field', async () => {
    const admin = await newAccount();
    // raw: the types forbid these bodies (an unknown level, a field PATCH does not have).
    const cases: [unknown, string][] = [
      [{ level: 'root' }, 'level'],
      [{ name: '' }, 'name'],
      [{ ssoProviderId: 'okta' }, 'ssoProviderId'],
      [{ email: 'new@example.com' }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await admin.patch(`/api/users/${admin.userId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).errors[0].path, JSON.stringify(body)).toBe(path);
    }
  });
});

describe('DELETE /api/users/:id', () => {
  it('removes a person, whose session and API tokens stop working at once', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const { token } = await expectData(
      person.api.POST('/api/me/tokens', {
        body: { name: 'script', scope: 'read-write', expiresInDays: 30 },
      }),
      201,
    );

    const id = byId(person.userId);
    expect((await admin.api.DELETE('/api/users/{id}', id)).response.status).toBe(204);
    expect((await person.api.GET('/api/me')).response.status).toBe(401);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await t.agent().api.GET('/api/me', bearer)).response.status).toBe(401);
    expect((await admin.api.GET('/api/users/{id}', id)).response.status).toBe(404);
    expect((await admin.api.DELETE('/api/users/{id}', id)).response.status).toBe(404);
  });

  it('refuses to remove the last active administrator (409)', async () => {
    const admin = await newAccount();
    const { error, response } = await admin.api.DELETE('/api/users/{id}', byId(admin.userId));
    expect(response.status).toBe(409);
    expect(error?.code).toBe('last-administrator');
    expect((await admin.api.GET('/api/me')).response.status).toBe(200);
  });

  it('lets an administrator leave while another remains', async () => {
    const admin = await newAccount();
    await t.signedIn({ level: 'administrator', accountId: admin.accountId });
    expect((await admin.api.DELETE('/api/users/{id}', byId(admin.userId))).response.status).toBe(
      204,
    );
    expect((await admin.api.GET('/api/me')).response.status).toBe(401);
  });
});

describe('the contract', () => {
  it('an invitation answers the invited person with the link', async () => {
    const admin = await newAccount();
    const { data, response } = await admin.api.POST('/api/users', {
      body: { email: 'contract@example.com' },
    });
    invitedUserSchema.strict().parse(data);
    expect(response.headers.get('location')).toMatch(/^\/api\/users\/[0-9a-f-]{36}$/);
  });
});

describe('GET /api/users as CSV (issue 20)', () => {
  const csvOf = async (agent: Awaited<ReturnType<typeof newAccount>>, query = '') => {
    const res = await agent.get(`/api/users${query}`, { headers: { accept: 'text/csv' } });
    expect(res.status, await res.clone().text()).toBe(200);
    return res;
  };

  it('downloads every person the filters keep, with teams, sign-in method, status and last sign-in', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({
      level: 'user',
      accountId: admin.accountId,
      email: `ada-${admin.accountId.slice(0, 8)}@example.com`,
    });
    const quiet = await t.signedIn({ level: 'user', accountId: admin.accountId, audited: false });
    // A name a spreadsheet would take for a formula, with a comma in it.
    await t.deps.db
      .update(users)
      .set({ name: '=cmd|" /C calc"!A0, Ltd' })
      .where(eq(users.id, quiet.userId));
    const qa = await expectData(admin.api.POST('/api/teams', { body: { name: 'qa' } }), 201);
    await expectData(
      admin.api.PATCH('/api/teams/{id}', {
        ...byId(qa.id),
        body: { addMemberIds: [person.userId] },
      }),
    );
    const provider = await expectData(
      admin.api.POST('/api/sso-providers', {
        body: {
          type: 'saml',
          name: 'Corporate SAML',
          ssoUrl: 'https://idp.example.com/sso',
          entityId: 'urn:example:idp',
          certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        },
      }),
      201,
    );
    await expectData(
      admin.api.PATCH('/api/users/{id}', {
        ...byId(person.userId),
        body: { ssoProviderId: provider.id },
      }),
    );
    await expectData(
      admin.api.POST('/api/users', { body: { email: 'zed@example.com', name: 'Zed' } }),
      201,
    );

    const res = await csvOf(admin, '?pageSize=1');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="perimeter-people-${t.clock.now().toISOString().slice(0, 10)}.csv"`,
    );
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(USER_CSV_COLUMNS.join(','));
    expect(lines.at(-1)).toBe('');
    const page = await expectData(admin.api.GET('/api/users'));
    const at = (id: string) => page.items.find((user) => user.id === id)!.createdAt;
    const signedInAt = async (userId: string) => {
      const log = await expectData(
        admin.api.GET('/api/audit', {
          params: { query: { actorId: userId, action: 'session.signed-in' } },
        }),
      );
      return log.items[0]!.at;
    };
    // By name, as the list: the formula-like name sorts first ("="), then Person …, then Zed.
    expect(lines.slice(1, -1)).toEqual([
      `"'=cmd|"" /C calc""!A0, Ltd",${quiet.email},user,users,password,,active,,${at(quiet.userId)}`,
      expect.stringMatching(/^Person \d+,/),
      expect.stringMatching(/^Person \d+,/),
      `Zed,zed@example.com,user,users,password,,invited,,${at(page.items.find((u) => u.name === 'Zed')!.id)}`,
    ]);
    expect(lines).toContain(
      `${page.items.find((u) => u.id === admin.userId)!.name},${admin.email},administrator,admins users,password,,active,${await signedInAt(admin.userId)},${at(admin.userId)}`,
    );
    expect(lines).toContain(
      `${page.items.find((u) => u.id === person.userId)!.name},${person.email},user,qa users,sso,Corporate SAML,active,${await signedInAt(person.userId)},${at(person.userId)}`,
    );

    // The list's search and filters hold for the file too, and so does its sort.
    const emails = async (query: string) =>
      (await (await csvOf(admin, query)).text())
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',').at(-8));
    expect(await emails('?q=ada-')).toEqual([person.email]);
    expect(await emails(`?teamId=${qa.id}`)).toEqual([person.email]);
    expect(await emails('?status=invited')).toEqual(['zed@example.com']);
    expect(await emails(`?ssoProviderId=${provider.id}`)).toEqual([person.email]);
    expect(await emails('?level=administrator')).toEqual([admin.email]);
    expect(await emails('?sort=-email&level=user')).toEqual(
      [person.email, quiet.email, 'zed@example.com'].sort().reverse(),
    );
    expect(await emails('?q=nobody-at-all')).toEqual([]);
    expect(
      (await admin.get('/api/users?sort=password', { headers: { accept: 'text/csv' } })).status,
    ).toBe(422);
  });

  it('is for administrators only (403), as the list is', async () => {
    const admin = await newAccount();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const res = await user.get('/api/users', { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('administrators-only');
  });
});
