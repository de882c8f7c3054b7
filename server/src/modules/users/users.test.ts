import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitedUserSchema, userPageSchema, userSchema } from '../../../contract/users';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** An administrator of a fresh account. */
const newAccount = () => t.signedIn({ level: 'administrator' });

describe('GET /api/users', () => {
  it('lists the people of the account, paged, with their level, status, SSO provider and teams', async () => {
    const admin = await newAccount();
    for (const email of ['b@example.com', 'a@example.com', 'c@example.com']) {
      expect((await admin.post('/api/users', { email })).status).toBe(201);
    }
    const res = await admin.get('/api/users?pageSize=2');
    expect(res.status).toBe(200);
    const page = userPageSchema.strict().parse(await res.json());
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
      await (await admin.get('/api/users?pageSize=2&page=2')).json(),
    );
    expect(second.items.map((user) => user.name)).toEqual(['c', expect.stringMatching(/^Person /)]);
  });

  it('searches names and emails, filters by level and status, and sorts either way', async () => {
    const admin = await newAccount();
    await admin.post('/api/users', { email: 'grace@navy.example', name: 'Grace Hopper' });
    await admin.post('/api/users', {
      email: 'alan@bletchley.example',
      name: 'Alan Turing',
      level: 'administrator',
    });
    const names = async (query: string) =>
      ((await (await admin.get(`/api/users?${query}`)).json()).items as { name: string }[]).map(
        (user) => user.name,
      );

    expect(await names('q=HOPPER')).toEqual(['Grace Hopper']);
    expect(await names('q=bletchley')).toEqual(['Alan Turing']);
    expect(await names('q=%25')).toEqual([]); // a literal %, not "anything"
    expect(await names('level=administrator&status=invited')).toEqual(['Alan Turing']);
    expect(await names('status=active')).toEqual([expect.stringMatching(/^Person /)]);
    expect(await names('sort=-name&status=invited')).toEqual(['Grace Hopper', 'Alan Turing']);
    expect(await names('sort=email&status=invited')).toEqual(['Alan Turing', 'Grace Hopper']);
  });

  it("never finds another account's people or teams, whatever the search", async () => {
    const mine = await newAccount();
    const theirs = await newAccount();
    await theirs.post('/api/users', { email: 'ada.hopper@other.example', name: 'Ada Hopper' });
    await theirs.post('/api/teams', { name: 'hopper-fans' });
    await mine.post('/api/users', { email: 'grace.hopper@mine.example', name: 'Grace Hopper' });
    // The search matches by name in one account and by email in the other: both ways.
    for (const q of ['hopper', 'Hopper', 'other.example', 'ada']) {
      const page = await (await mine.get(`/api/users?q=${q}`)).json();
      for (const person of page.items) expect(person.email, q).not.toBe('ada.hopper@other.example');
      expect(page.total, q).toBe(page.items.length);
    }
    const teams = await (await mine.get('/api/teams?q=hopper')).json();
    expect(teams).toMatchObject({ total: 0, items: [] });
  });

  it('refuses an unknown sort, a page size over 100 and a malformed team id with 422', async () => {
    const admin = await newAccount();
    for (const query of ['sort=password', 'pageSize=101', 'page=0', 'teamId=qa', 'level=root']) {
      const res = await admin.get(`/api/users?${query}`);
      expect(res.status, query).toBe(422);
      expect((await res.json()).errors.length, query).toBeGreaterThan(0);
    }
  });

  it("is refused to people with user level (403), and never shows another account's people", async () => {
    const admin = await newAccount();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const res = await user.get('/api/users');
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('administrators-only');

    const other = await newAccount();
    const page = await (await other.get('/api/users')).json();
    expect(page.items.map((u: { email: string }) => u.email)).toEqual([other.email]);
    expect((await other.get(`/api/users/${admin.userId}`)).status).toBe(404);
    expect((await other.patch(`/api/users/${admin.userId}`, { level: 'user' })).status).toBe(404);
    expect((await other.delete(`/api/users/${user.userId}`)).status).toBe(404);
    expect((await admin.get(`/api/users/${user.userId}`)).status).toBe(200);
  });
});

describe('PATCH /api/users/:id', () => {
  it('promotes a person to administrator and back, at once effective for their API calls', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await person.get('/api/users')).status).toBe(403);

    const promoted = await admin.patch(`/api/users/${person.userId}`, { level: 'administrator' });
    expect(promoted.status).toBe(200);
    const user = userSchema.strict().parse(await promoted.json());
    expect(user.level).toBe('administrator');
    expect(user.teams.map((team) => team.name)).toEqual(['admins', 'users']);
    expect((await person.get('/api/users')).status).toBe(200);

    expect((await admin.patch(`/api/users/${person.userId}`, { level: 'user' })).status).toBe(200);
    expect((await person.get('/api/users')).status).toBe(403);
  });

  it('refuses to demote the last active administrator with 409, changing nothing', async () => {
    const admin = await newAccount();
    // An invited administrator does not count: they cannot sign in yet.
    await admin.post('/api/users', {
      email: `invited-admin-${admin.userId}@example.com`,
      level: 'administrator',
    });
    const res = await admin.patch(`/api/users/${admin.userId}`, { level: 'user', name: 'Renamed' });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.code).toBe('last-administrator');
    expect(problem.detail).toMatch(/last active administrator/);
    const me = await (await admin.get(`/api/users/${admin.userId}`)).json();
    expect(me).toMatchObject({ level: 'administrator', name: expect.stringMatching(/^Person /) });
  });

  it('lets one of two administrators step down', async () => {
    const admin = await newAccount();
    const second = await t.signedIn({ level: 'administrator', accountId: admin.accountId });
    expect((await admin.patch(`/api/users/${admin.userId}`, { level: 'user' })).status).toBe(200);
    expect((await second.patch(`/api/users/${second.userId}`, { level: 'user' })).status).toBe(409);
  });

  it('of two administrators demoting each other at the same moment, one succeeds', async () => {
    const a = await newAccount();
    const b = await t.signedIn({ level: 'administrator', accountId: a.accountId });
    const results = await Promise.all([
      a.patch(`/api/users/${b.userId}`, { level: 'user' }),
      b.patch(`/api/users/${a.userId}`, { level: 'user' }),
    ]);
    const statuses = results.map((res) => res.status).sort();
    // The one demoted first has lost the right to demote: 403 rather than 409 is as good.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const page = await (
      await (statuses[0] === results[0]!.status ? a : b).get('/api/users?level=administrator')
    ).json();
    expect(page.total).toBe(1);
  });

  it('assigns an SSO provider of the account and clears it, refusing anyone else’s provider', async () => {
    const admin = await newAccount();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const provider = await (
      await admin.post('/api/sso-providers', {
        type: 'saml',
        name: 'Corporate SAML',
        ssoUrl: 'https://idp.example.com/sso',
        entityId: 'urn:example:idp',
        certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      })
    ).json();
    const assigned = await (
      await admin.patch(`/api/users/${person.userId}`, { ssoProviderId: provider.id })
    ).json();
    expect(assigned.ssoProvider).toEqual({ id: provider.id, name: 'Corporate SAML' });
    const filtered = await (await admin.get(`/api/users?ssoProviderId=${provider.id}`)).json();
    expect(filtered.items.map((u: { id: string }) => u.id)).toEqual([person.userId]);
    const none = await (await admin.get('/api/users?ssoProviderId=none')).json();
    expect(none.items.map((u: { id: string }) => u.id)).toEqual([admin.userId]);

    const cleared = await (
      await admin.patch(`/api/users/${person.userId}`, { ssoProviderId: null })
    ).json();
    expect(cleared.ssoProvider).toBeNull();

    const other = await newAccount();
    const foreign = await other.patch(`/api/users/${other.userId}`, { ssoProviderId: provider.id });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).errors).toEqual([
      { path: 'ssoProviderId', message: 'There is no such SSO provider in this account.' },
    ]);
  });

  it('refuses bad input with a 422 naming the field', async () => {
    const admin = await newAccount();
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
    const { token } = await (await person.post('/api/me/tokens', { name: 'script' })).json();

    expect((await admin.delete(`/api/users/${person.userId}`)).status).toBe(204);
    expect((await person.get('/api/me')).status).toBe(401);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await t.agent().get('/api/me', bearer)).status).toBe(401);
    expect((await admin.get(`/api/users/${person.userId}`)).status).toBe(404);
    expect((await admin.delete(`/api/users/${person.userId}`)).status).toBe(404);
  });

  it('refuses to remove the last active administrator (409)', async () => {
    const admin = await newAccount();
    const res = await admin.delete(`/api/users/${admin.userId}`);
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('last-administrator');
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('lets an administrator leave while another remains', async () => {
    const admin = await newAccount();
    await t.signedIn({ level: 'administrator', accountId: admin.accountId });
    expect((await admin.delete(`/api/users/${admin.userId}`)).status).toBe(204);
    expect((await admin.get('/api/me')).status).toBe(401);
  });
});

describe('the contract', () => {
  it('an invitation answers the invited person with the link', async () => {
    const admin = await newAccount();
    const res = await admin.post('/api/users', { email: 'contract@example.com' });
    invitedUserSchema.strict().parse(await res.json());
    expect(res.headers.get('location')).toMatch(/^\/api\/users\/[0-9a-f-]{36}$/);
  });
});
