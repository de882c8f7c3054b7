import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../../contract/api-paths.gen';
import { teamPageSchema, teamSchema } from '../../../contract/teams';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';
import type { TestAgent } from '../../testing/test-agent';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Admin = TestAgent & { accountId: string; userId: string };

async function person(admin: Admin, level: 'user' | 'administrator' = 'user') {
  return t.signedIn({ level, accountId: admin.accountId });
}

async function createTeam(admin: Admin, body: { name: string; memberIds?: string[] }) {
  return teamSchema.strict().parse(await expectData(admin.api.POST('/api/teams', { body }), 201));
}

const memberIdsOf = async (admin: Admin, teamId: string) =>
  (
    await expectData(admin.api.GET('/api/users', { params: { query: { teamId, pageSize: 100 } } }))
  ).items
    .map((user) => user.id)
    .sort();

const byId = (id: string) => ({ params: { path: { id } } });

describe('GET /api/teams', () => {
  it('lists the built-in teams of a new account, with member counts that follow the people', async () => {
    const admin = await t.signedIn();
    await person(admin);
    await admin.api.POST('/api/users', { body: { email: `invited-${admin.userId}@example.com` } });
    const page = teamPageSchema.strict().parse(await expectData(admin.api.GET('/api/teams')));
    expect(
      page.items.map(({ name, builtIn, memberCount }) => ({ name, builtIn, memberCount })),
    ).toEqual([
      { name: 'admins', builtIn: true, memberCount: 1 },
      { name: 'users', builtIn: true, memberCount: 3 },
    ]);
  });

  it('searches by name, pages, and sorts by name or member count', async () => {
    const admin = await t.signedIn();
    const [a, b] = [await person(admin), await person(admin)];
    await createTeam(admin, { name: 'payments', memberIds: [a.userId, b.userId] });
    await createTeam(admin, { name: 'payments-eu', memberIds: [a.userId] });
    await createTeam(admin, { name: 'qa' });
    const names = async (query: paths['/api/teams']['get']['parameters']['query']) =>
      (await expectData(admin.api.GET('/api/teams', { params: { query } }))).items.map(
        (team) => team.name,
      );
    expect(await names({ q: 'PAY' })).toEqual(['payments', 'payments-eu']);
    expect(await names({ q: '_' })).toEqual([]);
    expect(await names({ sort: '-memberCount', pageSize: 2 })).toEqual(['users', 'payments']);
    expect(await names({ sort: '-name', page: 2, pageSize: 2 })).toEqual([
      'payments-eu',
      'payments',
    ]);
  });
});

describe('POST /api/teams', () => {
  it('creates a team with members, who then carry it in their teams', async () => {
    const admin = await t.signedIn();
    const member = await person(admin);
    const team = await createTeam(admin, { name: 'release-managers', memberIds: [member.userId] });
    expect(team).toMatchObject({ name: 'release-managers', builtIn: false, memberCount: 1 });
    const me = await expectData(member.api.GET('/api/me'));
    expect(me.teams.map((x) => x.name)).toEqual(['release-managers', 'users']);
  });

  it.each([
    [
      'with spaces',
      'release managers',
      'Team names have no spaces: use hyphens, as in release-managers.',
    ],
    ['with capitals', 'QA', 'Use lowercase letters only.'],
    ['with other characters', 'qa_team', 'Use only lowercase letters, digits and hyphens.'],
    ['starting with a hyphen', '-qa', 'Start the name with a letter or a digit.'],
    ['empty', '', 'Name the team, for example qa or team-payments.'],
    ['too long', 'x'.repeat(51), 'A team name has at most 50 characters.'],
  ])('refuses a name %s with 422', async (_case, name, message) => {
    const admin = await t.signedIn();
    const { error, response } = await admin.api.POST('/api/teams', { body: { name } });
    expect(response.status).toBe(422);
    expect(error?.errors).toEqual([{ path: 'name', message }]);
  });

  it('refuses a name already taken, built-in ones included, with 422', async () => {
    const admin = await t.signedIn();
    await createTeam(admin, { name: 'qa' });
    for (const name of ['qa', 'users', 'admins']) {
      const { error, response } = await admin.api.POST('/api/teams', { body: { name } });
      expect(response.status, name).toBe(422);
      expect(error?.errors, name).toEqual([
        { path: 'name', message: `A team named ${name} already exists.` },
      ]);
    }
    // Another account may use the same name.
    await createTeam(await t.signedIn(), { name: 'qa' });
  });

  it('refuses members who are not people of the account, naming each, and creates nothing', async () => {
    const admin = await t.signedIn();
    const mine = await person(admin);
    const stranger = await t.signedIn();
    const { error, response } = await admin.api.POST('/api/teams', {
      body: {
        name: 'mixed',
        memberIds: [mine.userId, stranger.userId, '00000000-0000-4000-8000-000000000000'],
      },
    });
    expect(response.status).toBe(422);
    expect(error?.errors).toEqual([
      { path: 'memberIds.1', message: 'There is no such person in this account.' },
      { path: 'memberIds.2', message: 'There is no such person in this account.' },
    ]);
    expect(
      (await expectData(admin.api.GET('/api/teams', { params: { query: { q: 'mixed' } } }))).total,
    ).toBe(0);
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await person(admin);
    expect((await user.api.POST('/api/teams', { body: { name: 'sneaky' } })).response.status).toBe(
      403,
    );
    expect((await user.api.GET('/api/teams')).response.status).toBe(403);
  });
});

describe('the plan (P-1.6)', () => {
  it.each(['free', 'pro'] as const)(
    'on the %s plan, creating a team is refused with 403 and the reason; the built-in teams remain',
    async (plan) => {
      const limited = await createTestApp({ env: { PERIMETER_PLAN: plan } });
      try {
        const admin = await limited.signedIn();
        const { error: problem, response } = await admin.api.POST('/api/teams', {
          body: { name: 'qa' },
        });
        expect(response.status).toBe(403);
        expect(problem?.code).toBe('plan-required');
        expect(problem?.detail).toMatch(/Enterprise plan/);
        expect((await expectData(admin.api.GET('/api/teams'))).total).toBe(2);
        const me = await expectData(admin.api.GET('/api/me'));
        expect(me.account.plan).toBe(plan);
      } finally {
        await limited.close();
      }
    },
  );
});

describe('PATCH /api/teams/:id', () => {
  it('renames a team and adds and removes members', async () => {
    const admin = await t.signedIn();
    const [a, b, c] = [await person(admin), await person(admin), await person(admin)];
    const team = await createTeam(admin, { name: 'qa', memberIds: [a.userId] });

    const patch = (body: {
      name?: string;
      memberIds?: string[];
      addMemberIds?: string[];
      removeMemberIds?: string[];
    }) => admin.api.PATCH('/api/teams/{id}', { ...byId(team.id), body });
    const renamed = await expectData(patch({ name: 'quality' }));
    expect(renamed.name).toBe('quality');

    const added = await expectData(patch({ addMemberIds: [b.userId, c.userId, a.userId] }));
    expect(added.memberCount).toBe(3);
    const removed = await expectData(patch({ removeMemberIds: [a.userId] }));
    expect(removed.memberCount).toBe(2);
    expect(await memberIdsOf(admin, team.id)).toEqual([b.userId, c.userId].sort());

    const replaced = await expectData(patch({ memberIds: [a.userId] }));
    expect(replaced.memberCount).toBe(1);
    expect(await memberIdsOf(admin, team.id)).toEqual([a.userId]);
  });

  it('refuses a taken name and a bad one with 422, and both member forms at once', async () => {
    const admin = await t.signedIn();
    await createTeam(admin, { name: 'qa' });
    const team = await createTeam(admin, { name: 'ops' });
    const patch = (body: { name?: string; memberIds?: string[]; addMemberIds?: string[] }) =>
      admin.api.PATCH('/api/teams/{id}', { ...byId(team.id), body });
    const taken = await patch({ name: 'qa' });
    expect(taken.response.status).toBe(422);
    const spaced = await patch({ name: 'site ops' });
    expect(spaced.error?.errors?.[0]?.path).toBe('name');
    const both = await patch({ memberIds: [], addMemberIds: [] });
    expect(both.response.status).toBe(422);
    // Keeping its own name is no clash.
    expect((await patch({ name: 'ops' })).response.status).toBe(200);
  });

  it('refuses to rename, fill or delete a built-in team (409)', async () => {
    const admin = await t.signedIn();
    const member = await person(admin);
    const teams = (await expectData(admin.api.GET('/api/teams'))).items;
    for (const team of teams) {
      const rename = await admin.api.PATCH('/api/teams/{id}', {
        ...byId(team.id),
        body: { name: `${team.name}-x` },
      });
      expect(rename.response.status, team.name).toBe(409);
      expect(rename.error?.code).toBe('built-in-team');
      const fill = await admin.api.PATCH('/api/teams/{id}', {
        ...byId(team.id),
        body: { addMemberIds: [member.userId] },
      });
      expect(fill.response.status, team.name).toBe(409);
      expect(
        (await admin.api.DELETE('/api/teams/{id}', byId(team.id))).response.status,
        team.name,
      ).toBe(409);
    }
    // Their members follow from the people: the users team lists everyone, admins the administrators.
    const [admins, users] = teams;
    expect(await memberIdsOf(admin, admins!.id)).toEqual([admin.userId]);
    expect(await memberIdsOf(admin, users!.id)).toEqual([admin.userId, member.userId].sort());
  });

  it("cannot see, change or delete another account's team (404)", async () => {
    const admin = await t.signedIn();
    const team = await createTeam(admin, { name: 'private' });
    const other = await t.signedIn();
    const id = byId(team.id);
    expect((await other.api.GET('/api/teams/{id}', id)).response.status).toBe(404);
    expect(
      (await other.api.PATCH('/api/teams/{id}', { ...id, body: { name: 'mine' } })).response.status,
    ).toBe(404);
    expect((await other.api.DELETE('/api/teams/{id}', id)).response.status).toBe(404);
    expect(
      (await other.api.GET('/api/users', { params: { query: { teamId: team.id } } })).response
        .status,
    ).toBe(422);
    expect((await admin.api.GET('/api/teams/{id}', id)).response.status).toBe(200);
  });
});

describe('DELETE /api/teams/:id', () => {
  it('deletes a team; its people stay, without it', async () => {
    const admin = await t.signedIn();
    const member = await person(admin);
    const team = await createTeam(admin, { name: 'temporary', memberIds: [member.userId] });
    expect((await admin.api.DELETE('/api/teams/{id}', byId(team.id))).response.status).toBe(204);
    expect((await admin.api.GET('/api/teams/{id}', byId(team.id))).response.status).toBe(404);
    const me = await expectData(member.api.GET('/api/me'));
    expect(me.teams.map((x) => x.name)).toEqual(['users']);
  });
});

describe('people with many teams', () => {
  it('show every team they are in on their row', async () => {
    const admin = await t.signedIn();
    const member = await person(admin);
    for (const name of ['c-team', 'a-team', 'b-team']) {
      await createTeam(admin, { name, memberIds: [member.userId] });
    }
    const row = await expectData(admin.api.GET('/api/users/{id}', byId(member.userId)));
    expect(row.teams.map((x) => x.name)).toEqual(['a-team', 'b-team', 'c-team', 'users']);
  });
});
