import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, invitations, ssoSignIns, teamMembers, users } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import { randomToken, sha256 } from '../../lib/crypto';
import {
  admitSsoIdentity,
  loadSignInProvider,
  SsoFailure,
  type SsoIdentity,
} from './sign-in.service';

/**
 * What every SSO protocol shares (sign-in.service.ts, auth/sign-in.ts): the providers the
 * sign-in page offers, who an identity admits, team sync, the password way closed to people
 * assigned to a provider, and the sign-in audit entries. The protocols have their own tests.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://perimeter.example.com' } });
});
afterAll(() => t.close());

type Admin = Awaited<ReturnType<TestContext['signedIn']>>;

async function createTeam(admin: Admin, name: string) {
  const res = await admin.post('/api/teams', { name });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).id as string;
}

async function createOidc(admin: Admin, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/sso-providers', {
    type: 'oidc',
    name: `Okta ${randomToken().slice(0, 6)}`,
    issuerUrl: 'https://idp.example.com',
    clientId: 'perimeter',
    clientSecret: 'a client secret',
    ...extra,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function personOf(admin: Admin, level: 'user' | 'administrator' = 'user') {
  return t.signedIn({ level, accountId: admin.accountId });
}

const identity = (email: string, more: Partial<SsoIdentity> = {}): SsoIdentity => ({
  email,
  emailVerified: true,
  name: 'Someone',
  groups: undefined,
  ...more,
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SsoFailure);
  return (error as SsoFailure).code;
}

describe('the providers the sign-in page offers', () => {
  it('lists id, name and type to anyone, nothing of their settings', async () => {
    const admin = await t.signedIn();
    const provider = await createOidc(admin);
    const res = await t.agent().get('/api/auth/sso-providers');
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toContainEqual({ id: provider.id, name: provider.name, type: 'oidc' });
    expect(JSON.stringify(items)).not.toContain('idp.example.com');
    expect(JSON.stringify(items)).not.toContain('perimeter');
  });

  it('answers 404 for a browser sign-in through an unknown provider', async () => {
    const res = await t.agent().get('/api/auth/sso/00000000-0000-4000-8000-000000000000/start');
    expect(res.status).toBe(404);
    const bad = await t.agent().get('/api/auth/sso/not-an-id/callback');
    expect(bad.status).toBe(404);
  });
});

describe('provider settings for sign-in', () => {
  it('keeps group mappings with the team names, create-people, and the addresses to register', async () => {
    const admin = await t.signedIn();
    const qa = await createTeam(admin, 'qa');
    const provider = await createOidc(admin, {
      createPeople: true,
      groupsClaim: 'roles',
      groupMappings: [
        { group: 'qa-engineers', teamId: qa },
        { group: 'qa-engineers', teamId: qa },
      ],
    });
    expect(provider).toMatchObject({
      createPeople: true,
      groupsClaim: 'roles',
      groupMappings: [{ group: 'qa-engineers', teamId: qa, teamName: 'qa' }],
      redirectUri: `https://perimeter.example.com/api/auth/sso/${provider.id}/callback`,
    });
    const team = await (await admin.get(`/api/teams/${qa}`)).json();
    expect(team.managedBy).toEqual([{ id: provider.id, name: provider.name }]);

    // An update replaces the mappings; the audit entry shows them.
    const res = await admin.put(`/api/sso-providers/${provider.id}`, {
      type: 'oidc',
      name: provider.name,
      issuerUrl: 'https://idp.example.com',
      clientId: 'perimeter',
      groupMappings: [],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ createPeople: false, groupMappings: [] });
    expect((await (await admin.get(`/api/teams/${qa}`)).json()).managedBy).toEqual([]);
  });

  it('maps groups only to the account’s own teams', async () => {
    const admin = await t.signedIn();
    const other = await t.signedIn();
    const theirs = await createTeam(other, 'theirs');
    const teams = (await (await admin.get('/api/teams')).json()).items as {
      id: string;
      builtIn: boolean;
    }[];
    const builtIn = teams.find((team) => team.builtIn)!.id;
    for (const teamId of [theirs, builtIn]) {
      const res = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Okta',
        issuerUrl: 'https://idp.example.com',
        clientId: 'perimeter',
        clientSecret: 'secret',
        groupMappings: [{ group: 'g', teamId }],
      });
      expect(res.status).toBe(422);
      expect((await res.json()).errors).toEqual([
        { path: 'groupMappings.0.teamId', message: expect.stringMatching(/own teams/) },
      ]);
    }
    expect((await (await admin.get('/api/sso-providers')).json()).total).toBe(0);
  });

  it('takes an http issuer only on loopback, and only with SSO_ALLOW_HTTP_ISSUERS', async () => {
    const admin = await t.signedIn();
    const body = (issuerUrl: string) => ({
      type: 'oidc',
      name: 'Local',
      issuerUrl,
      clientId: 'perimeter',
      clientSecret: 'secret',
    });
    const refused = await admin.post('/api/sso-providers', body('http://127.0.0.1:9000'));
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0]).toMatchObject({
      path: 'issuerUrl',
      message: expect.stringContaining('SSO_ALLOW_HTTP_ISSUERS=true'),
    });

    const local = await createTestApp({ env: { SSO_ALLOW_HTTP_ISSUERS: true } });
    try {
      const localAdmin = await local.signedIn();
      expect(
        (await localAdmin.post('/api/sso-providers', body('http://127.0.0.1:9000'))).status,
      ).toBe(201);
      const remote = await localAdmin.post('/api/sso-providers', {
        ...body('http://idp.example.com'),
        name: 'Remote',
      });
      expect(remote.status).toBe(422);
    } finally {
      await local.close();
    }
  });
});

describe('admitting the person an identity provider vouched for', () => {
  it('finds the person of the provider’s account by email, whatever its case', async () => {
    const admin = await t.signedIn();
    const person = await personOf(admin);
    const { id } = await createOidc(admin);
    const provider = await loadSignInProvider(t.deps, id, 'oidc');
    expect(provider.secret).toBe('a client secret');
    const admitted = await admitSsoIdentity(t.deps, provider, identity(person.email.toUpperCase()));
    expect(admitted).toEqual({ id: person.userId, accountId: admin.accountId, level: 'user' });
  });

  it('refuses a missing or unverified email, a stranger, another account’s person and a person of another provider', async () => {
    const admin = await t.signedIn();
    const outsider = await t.signedIn();
    const { id } = await createOidc(admin);
    const other = await createOidc(admin);
    const assignedElsewhere = await personOf(admin);
    await t.deps.db
      .update(users)
      .set({ ssoProviderId: other.id })
      .where(eq(users.id, assignedElsewhere.userId));
    const provider = await loadSignInProvider(t.deps, id);
    const count = async () => (await t.deps.db.select().from(users)).length;
    const before = await count();
    expect(await failureOf(admitSsoIdentity(t.deps, provider, identity('')))).toBe('email-missing');
    expect(
      await failureOf(
        admitSsoIdentity(t.deps, provider, identity(admin.email, { emailVerified: false })),
      ),
    ).toBe('email-not-verified');
    expect(
      await failureOf(admitSsoIdentity(t.deps, provider, identity('nobody@example.com'))),
    ).toBe('unknown-person');
    expect(await failureOf(admitSsoIdentity(t.deps, provider, identity(outsider.email)))).toBe(
      'unknown-person',
    );
    expect(
      await failureOf(admitSsoIdentity(t.deps, provider, identity(assignedElsewhere.email))),
    ).toBe('other-provider');
    expect(await count()).toBe(before);
  });

  it('creates a person on first sign-in when the provider allows it, within the invitation domains', async () => {
    const admin = await t.signedIn();
    const { id } = await createOidc(admin, { createPeople: true });
    expect(
      (await admin.put('/api/settings/account', { invitationDomains: ['acme.example'] })).status,
    ).toBe(200);
    const provider = await loadSignInProvider(t.deps, id);
    expect(
      await failureOf(admitSsoIdentity(t.deps, provider, identity('someone@elsewhere.example'))),
    ).toBe('outside-domains');
    const email = `new-${randomToken().slice(0, 6).toLowerCase()}@acme.example`;
    const admitted = await admitSsoIdentity(
      t.deps,
      provider,
      identity(email, { name: 'New Person' }),
    );
    const [row] = await t.deps.db.select().from(users).where(eq(users.id, admitted.id));
    expect(row).toMatchObject({
      email: email.toLowerCase(),
      name: 'New Person',
      level: 'user',
      status: 'active',
      ssoProviderId: id,
      passwordHash: null,
    });
    const [entry] = await t.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.targetId, admitted.id),
          eq(auditEntries.action, 'user.joined-through-sso'),
        ),
      );
    expect(entry?.after).toMatchObject({ email: email.toLowerCase(), ssoProvider: provider.name });
    // The second sign-in finds them.
    expect((await admitSsoIdentity(t.deps, provider, identity(email))).id).toBe(admitted.id);
  });

  it('accepts the invitation of an invited person who signs in through the provider', async () => {
    const admin = await t.signedIn();
    const { id } = await createOidc(admin);
    const email = `invited-${randomToken().slice(0, 6).toLowerCase()}@example.com`;
    const invited = await admin.post('/api/users', { email });
    expect(invited.status, await invited.clone().text()).toBe(201);
    const { id: userId } = await invited.json();
    expect((await admin.patch(`/api/users/${userId}`, { ssoProviderId: id })).status).toBe(200);
    const provider = await loadSignInProvider(t.deps, id);
    const admitted = await admitSsoIdentity(t.deps, provider, identity(email));
    const [row] = await t.deps.db.select().from(users).where(eq(users.id, admitted.id));
    expect(row!.status).toBe('active');
    const [invitation] = await t.deps.db
      .select()
      .from(invitations)
      .where(eq(invitations.userId, admitted.id));
    expect(invitation!.acceptedAt).not.toBeNull();
  });

  it('makes membership of the mapped teams follow the groups, and leaves other teams alone', async () => {
    const admin = await t.signedIn();
    const person = await personOf(admin);
    const qa = await createTeam(admin, 'qa');
    const ops = await createTeam(admin, 'ops');
    const manual = await createTeam(admin, 'manual');
    expect(
      (await admin.patch(`/api/teams/${manual}`, { addMemberIds: [person.userId] })).status,
    ).toBe(200);
    const { id } = await createOidc(admin, {
      groupMappings: [
        { group: 'qa-engineers', teamId: qa },
        { group: 'sre', teamId: ops },
        { group: 'platform', teamId: ops },
      ],
    });
    const provider = await loadSignInProvider(t.deps, id);
    const teamsOf = async () =>
      (
        await t.deps.db
          .select({ teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(eq(teamMembers.userId, person.userId))
      )
        .map((row) => row.teamId)
        .sort();

    await admitSsoIdentity(
      t.deps,
      provider,
      identity(person.email, { groups: ['qa-engineers', 'x'] }),
    );
    expect(await teamsOf()).toEqual([qa, manual].sort());
    await admitSsoIdentity(t.deps, provider, identity(person.email, { groups: ['platform'] }));
    expect(await teamsOf()).toEqual([ops, manual].sort());
    // A provider that said nothing about groups changes nothing.
    await admitSsoIdentity(t.deps, provider, identity(person.email, { groups: undefined }));
    expect(await teamsOf()).toEqual([ops, manual].sort());
    await admitSsoIdentity(t.deps, provider, identity(person.email, { groups: [] }));
    expect(await teamsOf()).toEqual([manual]);

    const synced = await t.deps.db
      .select({ target: auditEntries.targetName, after: auditEntries.after })
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.accountId, admin.accountId),
          eq(auditEntries.action, 'team.members-synced'),
        ),
      );
    expect(synced.map((entry) => `${entry.target} ${entry.after?.member}`).sort()).toEqual([
      'ops false',
      'ops true',
      'qa false',
      'qa true',
    ]);

    // A team the provider manages refuses membership changes by hand, with the reason.
    const refused = await admin.patch(`/api/teams/${qa}`, { addMemberIds: [person.userId] });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      code: 'team-managed',
      detail: expect.stringContaining(provider.name),
    });
    // Renaming it is still the administrator's.
    expect((await admin.patch(`/api/teams/${qa}`, { name: 'quality' })).status).toBe(200);
  });
});

describe('password sign-in and people assigned to a provider', () => {
  it('refuses a user assigned to a provider with the reason, and keeps an administrator’s password (break-glass)', async () => {
    const admin = await t.signedIn();
    const person = await personOf(admin);
    const otherAdmin = await personOf(admin, 'administrator');
    const provider = await createOidc(admin);
    for (const who of [person, otherAdmin]) {
      expect(
        (await admin.patch(`/api/users/${who.userId}`, { ssoProviderId: provider.id })).status,
      ).toBe(200);
    }
    const refused = await t
      .agent()
      .post('/api/auth/login', { email: person.email, password: TEST_PASSWORD });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: 'signs-in-through-sso',
      detail: expect.stringContaining(`sign in through ${provider.name}`),
    });
    expect(refused.headers.get('set-cookie')).toBeNull();
    const breakGlass = await t
      .agent()
      .post('/api/auth/login', { email: otherAdmin.email, password: TEST_PASSWORD });
    expect(breakGlass.status).toBe(204);
  });
});

describe('the audit log of sign-ins', () => {
  it('records each sign-in with its way, and failed ones at most once per address and minute', async () => {
    const admin = await t.signedIn();
    const entries = async (action: 'session.signed-in' | 'session.sign-in-failed') =>
      t.deps.db
        .select({ after: auditEntries.after, targetId: auditEntries.targetId })
        .from(auditEntries)
        .where(and(eq(auditEntries.accountId, admin.accountId), eq(auditEntries.action, action)));
    expect(await entries('session.signed-in')).toEqual([
      { targetId: admin.userId, after: expect.objectContaining({ method: 'password' }) },
    ]);
    const wrong = () =>
      t.agent().post('/api/auth/login', { email: admin.email, password: 'not the password' });
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    const failed = await entries('session.sign-in-failed');
    expect(failed).toEqual([
      {
        targetId: admin.userId,
        after: expect.objectContaining({ method: 'password', reason: 'wrong email or password' }),
      },
    ]);
    expect(JSON.stringify(failed)).not.toContain('not the password');
    t.clock.advance(MINUTE + 1);
    expect((await wrong()).status).toBe(401);
    expect(await entries('session.sign-in-failed')).toHaveLength(2);
    // An unknown address has no account to record it in.
    const unknown = await t
      .agent()
      .post('/api/auth/login', { email: 'nobody@nowhere.example', password: 'x' });
    expect(unknown.status).toBe(401);
  });

  it('uses each pending browser sign-in once', async () => {
    const admin = await t.signedIn();
    const { id } = await createOidc(admin);
    const state = randomToken();
    const now = t.clock.now();
    await t.deps.db.insert(ssoSignIns).values({
      id: sha256(state),
      providerId: id,
      returnTo: '/',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 10 * MINUTE),
    });
    // Without the browser's cookie, the callback is sent back to the sign-in page.
    const res = await t.agent().get(`/api/auth/sso/${id}/callback?state=${state}&code=x`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/sign-in?sso=expired&provider=${id}`);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('perimeter_session');
  });
});
