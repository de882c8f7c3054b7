/**
 * OIDC sign-in through the whole app against a real OpenID provider (oidc-provider, started
 * here on a loopback port): the browser's hops are followed by hand (start → the provider's
 * sign-in form → the callback with Perimeter's cookie), as a browser would.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoFailureSentence } from '../../../contract/sso';
import { accounts, auditEntries, teamMembers } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import { createActivePerson } from '../auth/auth.service';
import { signInAt, startOidcIdp, type OidcIdp } from '../../testing/idp/oidc-idp';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';

let t: TestContext;
let idp: OidcIdp;
beforeAll(async () => {
  [t, idp] = await Promise.all([
    createTestApp({ env: { SSO_ALLOW_HTTP_ISSUERS: true } }),
    startOidcIdp(),
  ]);
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

let sequence = 0;

/** An account with an administrator, an OIDC provider for the test IdP, and a team. */
async function scene(options: { createPeople?: boolean; groupsClaim?: string } = {}) {
  sequence += 1;
  const admin = await t.signedIn();
  const team = await admin.post('/api/teams', { name: `platform-${sequence}` });
  expect(team.status, await team.clone().text()).toBe(201);
  const teamId = (await team.json()).id as string;
  const other = await admin.post('/api/teams', { name: `security-${sequence}` });
  const otherTeamId = (await other.json()).id as string;
  const created = await admin.post('/api/sso-providers', {
    type: 'oidc',
    name: `Acme ID ${sequence}`,
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    createPeople: options.createPeople ?? false,
    ...(options.groupsClaim ? { groupsClaim: options.groupsClaim } : {}),
    groupMappings: [
      { group: 'platform', teamId },
      { group: 'security', teamId: otherTeamId },
    ],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const provider = await created.json();
  idp.allowRedirectUri(provider.redirectUri);
  return { admin, provider, teamId, otherTeamId };
}

/** A person of the admin's account, assigned to the provider (or not). */
async function person(
  admin: TestAgent & { accountId: string },
  email: string,
  providerId: string | null,
  level: 'user' | 'administrator' = 'user',
) {
  const id = await createActivePerson(
    t.deps.db,
    admin.accountId,
    { email, name: email.split('@')[0]!, password: TEST_PASSWORD, level },
    t.deps.passwords,
  );
  if (providerId) {
    const assigned = await admin.patch(`/api/users/${id}`, { ssoProviderId: providerId });
    expect(assigned.status, await assigned.clone().text()).toBe(200);
  }
  return id;
}

const local = (url: URL | string) => {
  const parsed = new URL(url, 'http://localhost');
  return `${parsed.pathname}${parsed.search}`;
};

/** Start → the provider (signed in as `email`, or cancelled) → the callback; answers the last hop. */
async function signIn(
  providerId: string,
  choice: { email: string } | { cancel: true },
  browser = t.agent(),
) {
  const started = await browser.get(
    `/api/auth/sso/${providerId}/start?returnTo=${encodeURIComponent('/pipelines?tag=prod')}`,
  );
  expect(started.status, await started.clone().text()).toBe(302);
  const authorization = started.headers.get('location')!;
  expect(authorization.startsWith(`${idp.issuer}/`)).toBe(true);
  const back = await signInAt(authorization, choice);
  const callback = await browser.get(local(back));
  expect(callback.status).toBe(302);
  return { browser, callback, location: callback.headers.get('location')!, back };
}

/**
 * Back on the sign-in page with the code; where the person was going comes along whenever the
 * pending sign-in was found (not for a missing cookie or a replay), for the next try.
 */
function refusedWith(location: string, code: string, providerId: string) {
  const url = new URL(location, 'http://localhost');
  expect(url.pathname).toBe('/sign-in');
  const { returnTo, ...rest } = Object.fromEntries(url.searchParams);
  expect(rest).toEqual({ sso: code, provider: providerId });
  expect([undefined, '/pipelines?tag=prod']).toContain(returnTo);
  return returnTo;
}

async function auditOf(accountId: string, action: string) {
  return t.deps.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.accountId, accountId), eq(auditEntries.action, action as never)));
}

describe('OIDC sign-in', () => {
  it('signs an assigned person in through the provider and back to the page they came from', async () => {
    const { admin, provider, teamId } = await scene();
    const userId = await person(admin, 'ada@acme.example', provider.id);
    idp.setAccount({
      email: 'ada@acme.example',
      email_verified: true,
      name: 'Ada',
      groups: ['platform'],
    });

    const { browser, location, back } = await signIn(provider.id, { email: 'ada@acme.example' });
    // PKCE, state and nonce travelled: the provider answered a code for the state we sent.
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(location).toBe('/pipelines?tag=prod');
    const me = await browser.get('/api/me');
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe('ada@acme.example');

    const [signedIn] = await auditOf(admin.accountId, 'session.signed-in').then((rows) =>
      rows.filter((row) => row.targetId === userId),
    );
    expect(signedIn?.after).toMatchObject({ method: 'oidc', ssoProvider: provider.name });

    const members = await t.deps.db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)));
    expect(members).toHaveLength(1);
  });

  it('makes the mapped teams follow the groups claim at each sign-in, audited', async () => {
    const { admin, provider, teamId, otherTeamId } = await scene();
    const userId = await person(admin, 'grace@acme.example', provider.id);
    const teamsOf = async () =>
      (
        await t.deps.db
          .select({ teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(eq(teamMembers.userId, userId))
      )
        .map((row) => row.teamId)
        .filter((id) => id === teamId || id === otherTeamId)
        .sort();

    idp.setAccount({ email: 'grace@acme.example', email_verified: true, groups: ['platform'] });
    expect((await signIn(provider.id, { email: 'grace@acme.example' })).location).toBe(
      '/pipelines?tag=prod',
    );
    expect(await teamsOf()).toEqual([teamId]);

    // A single string counts as one group.
    idp.setAccount({ email: 'grace@acme.example', email_verified: true, groups: 'security' });
    await signIn(provider.id, { email: 'grace@acme.example' });
    expect(await teamsOf()).toEqual([otherTeamId]);

    const synced = await auditOf(admin.accountId, 'team.members-synced');
    expect(
      synced.map((row) => [row.targetId, (row.after as { member: boolean }).member]).sort(),
    ).toEqual(
      [
        [teamId, true],
        [teamId, false],
        [otherTeamId, true],
      ].sort(),
    );
    expect(synced[0]?.after).toMatchObject({ ssoProvider: provider.name });

    // No groups claim at all: the memberships stay as they are.
    idp.setAccount({ email: 'grace@acme.example', email_verified: true });
    await signIn(provider.id, { email: 'grace@acme.example' });
    expect(await teamsOf()).toEqual([otherTeamId]);
  });

  it('reads the groups from the claim the provider is set to', async () => {
    const claimed = await startOidcIdp({ groupsClaim: 'roles' });
    try {
      const { admin, teamId } = await scene();
      const created = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Roles IdP',
        issuerUrl: claimed.issuer,
        clientId: claimed.clientId,
        clientSecret: claimed.clientSecret,
        groupsClaim: 'roles',
        groupMappings: [{ group: 'platform', teamId }],
      });
      const provider = await created.json();
      claimed.allowRedirectUri(provider.redirectUri);
      const userId = await person(admin, 'roles@acme.example', provider.id);
      claimed.setAccount({
        email: 'roles@acme.example',
        email_verified: true,
        groups: ['platform'],
      });
      const browser = t.agent();
      const started = await browser.get(`/api/auth/sso/${provider.id}/start`);
      const back = await signInAt(started.headers.get('location')!, {
        email: 'roles@acme.example',
      });
      const callback = await browser.get(local(back));
      expect(callback.headers.get('location')).toBe('/');
      const rows = await t.deps.db
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)));
      expect(rows).toHaveLength(1);
    } finally {
      await claimed.close();
    }
  });

  it('reads email, name and groups from userinfo when the ID token leaves them out', async () => {
    const conform = await startOidcIdp({ claimsInUserinfoOnly: true });
    try {
      const { admin, teamId } = await scene();
      const created = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Userinfo IdP',
        issuerUrl: conform.issuer,
        clientId: conform.clientId,
        clientSecret: conform.clientSecret,
        groupMappings: [{ group: 'platform', teamId }],
      });
      const provider = await created.json();
      conform.allowRedirectUri(provider.redirectUri);
      const userId = await person(admin, 'userinfo@acme.example', provider.id);
      conform.setAccount({
        email: 'userinfo@acme.example',
        email_verified: true,
        groups: ['platform'],
      });
      const browser = t.agent();
      const started = await browser.get(`/api/auth/sso/${provider.id}/start`);
      const back = await signInAt(started.headers.get('location')!, {
        email: 'userinfo@acme.example',
      });
      const callback = await browser.get(local(back));
      expect(callback.headers.get('location')).toBe('/');
      expect((await (await browser.get('/api/me')).json()).id).toBe(userId);
      const rows = await t.deps.db
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)));
      expect(rows).toHaveLength(1);
    } finally {
      await conform.close();
    }
  });

  it('refuses an unknown email, unless the provider creates people within the invitation domains', async () => {
    const refused = await scene();
    idp.setAccount({ email: 'newcomer@acme.example', email_verified: true, name: 'Newcomer' });
    const unknown = await signIn(refused.provider.id, { email: 'newcomer@acme.example' });
    refusedWith(unknown.location, 'unknown-person', refused.provider.id);
    expect((await unknown.browser.get('/api/me')).status).toBe(401);

    const { admin, provider, teamId } = await scene({ createPeople: true });
    await t.deps.db
      .update(accounts)
      .set({ invitationDomains: ['acme.example'] })
      .where(eq(accounts.id, admin.accountId));
    idp.setAccount({
      email: 'stranger@elsewhere.example',
      email_verified: true,
      name: 'Stranger',
    });
    const outside = await signIn(provider.id, { email: 'stranger@elsewhere.example' });
    refusedWith(outside.location, 'outside-domains', provider.id);
    expect((await outside.browser.get('/api/me')).status).toBe(401);

    idp.setAccount({
      email: 'joiner@acme.example',
      email_verified: true,
      name: 'Joiner',
      groups: ['platform'],
    });
    const joined = await signIn(provider.id, { email: 'joiner@acme.example' });
    expect(joined.location).toBe('/pipelines?tag=prod');
    const me = await (await joined.browser.get('/api/me')).json();
    expect(me).toMatchObject({ email: 'joiner@acme.example', name: 'Joiner', level: 'user' });
    const [entry] = await auditOf(admin.accountId, 'user.joined-through-sso');
    expect(entry?.after).toMatchObject({
      email: 'joiner@acme.example',
      ssoProvider: provider.name,
    });
    const people = await (await admin.get('/api/users?search=joiner')).json();
    expect(people.items[0]).toMatchObject({
      ssoProvider: { id: provider.id, name: provider.name },
    });
    const member = await t.deps.db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, me.id), eq(teamMembers.teamId, teamId)));
    expect(member).toHaveLength(1);
  });

  it('refuses an email the provider has not verified, or did not say was verified', async () => {
    const { admin, provider } = await scene();
    await person(admin, 'unverified@acme.example', provider.id);
    idp.setAccount({ email: 'unverified@acme.example', email_verified: false });
    const no = await signIn(provider.id, { email: 'unverified@acme.example' });
    refusedWith(no.location, 'email-not-verified', provider.id);
    expect((await no.browser.get('/api/me')).status).toBe(401);

    idp.setAccount({ email: 'unverified@acme.example' });
    const silent = await signIn(provider.id, { email: 'unverified@acme.example' });
    refusedWith(silent.location, 'email-not-verified', provider.id);
    expect((await silent.browser.get('/api/me')).status).toBe(401);
  });

  it('refuses a person assigned to another provider', async () => {
    const { admin, provider } = await scene();
    const ldap = await admin.post('/api/sso-providers', {
      type: 'ldap',
      name: `Directory ${sequence}`,
      url: 'ldaps://ldap.acme.example',
      bindDn: 'cn=perimeter,dc=acme,dc=example',
      bindPassword: 'bind',
      searchBase: 'dc=acme,dc=example',
    });
    const directory = await ldap.json();
    await person(admin, 'elsewhere@acme.example', directory.id);
    idp.setAccount({ email: 'elsewhere@acme.example', email_verified: true });
    const refused = await signIn(provider.id, { email: 'elsewhere@acme.example' });
    refusedWith(refused.location, 'other-provider', provider.id);
    expect((await refused.browser.get('/api/me')).status).toBe(401);
    const failed = await auditOf(admin.accountId, 'session.sign-in-failed');
    expect(failed[0]?.after).toMatchObject({ method: 'oidc', ssoProvider: provider.name });
  });

  it('says the sign-in was cancelled when the person cancels at the provider', async () => {
    const { admin, provider } = await scene();
    await person(admin, 'canceller@acme.example', provider.id);
    idp.setAccount({ email: 'canceller@acme.example', email_verified: true });
    const cancelled = await signIn(provider.id, { cancel: true });
    expect(cancelled.back.searchParams.get('error')).toBe('access_denied');
    // Trying again still goes where the person was going.
    expect(refusedWith(cancelled.location, 'cancelled', provider.id)).toBe('/pipelines?tag=prod');
    expect(ssoFailureSentence('cancelled', provider.name)).toContain(
      `${provider.name} said the sign-in was cancelled`,
    );
    expect((await cancelled.browser.get('/api/me')).status).toBe(401);
  });

  it('answers any other error of the provider as its error, with the detail in the log only', async () => {
    const logged = await createTestApp({
      env: { SSO_ALLOW_HTTP_ISSUERS: true },
      captureLogs: true,
    });
    try {
      const admin = await logged.signedIn();
      const created = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Acme ID',
        issuerUrl: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
      });
      const provider = await created.json();
      const browser = logged.agent();
      const started = await browser.get(`/api/auth/sso/${provider.id}/start`);
      const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
      // What a provider in trouble sends back (RFC 6749 §4.1.2.1, with RFC 9207's iss).
      const query = new URLSearchParams({
        error: 'temporarily_unavailable',
        error_description: 'Database down at the IdP',
        state,
        iss: idp.issuer,
      });
      const callback = await browser.get(`/api/auth/sso/${provider.id}/callback?${query}`);
      refusedWith(callback.headers.get('location')!, 'provider-error', provider.id);
      const line = logged.logs.find((l) => l.includes('SSO sign-in refused'));
      expect(line).toContain('Database down at the IdP');
      expect(line).toContain('"requestId"');
    } finally {
      await logged.close();
    }
  });

  it('refuses a callback without the cookie, a replayed one, one for another sign-in, and one after the sign-in expired', async () => {
    const { admin, provider } = await scene();
    await person(admin, 'replay@acme.example', provider.id);
    idp.setAccount({ email: 'replay@acme.example', email_verified: true });

    // The answer arrives in a browser that did not start the sign-in.
    const browser = t.agent();
    const started = await browser.get(`/api/auth/sso/${provider.id}/start`);
    const back = await signInAt(started.headers.get('location')!, { email: 'replay@acme.example' });
    const elsewhere = t.agent();
    const noCookie = await elsewhere.get(local(back));
    refusedWith(noCookie.headers.get('location')!, 'expired', provider.id);
    expect((await elsewhere.get('/api/me')).status).toBe(401);

    // The same answer in the browser that started it: its pending sign-in is still there.
    const { callback, back: used } = await signIn(provider.id, {
      email: 'replay@acme.example',
    });
    expect(callback.headers.get('location')).toBe('/pipelines?tag=prod');
    // Replayed with the cookie it had (its value is the state): the pending sign-in was used.
    const replay = t.agent();
    replay.cookies.set('perimeter_sso', used.searchParams.get('state')!);
    const again = await replay.get(local(used));
    refusedWith(again.headers.get('location')!, 'expired', provider.id);
    expect((await replay.get('/api/me')).status).toBe(401);

    // The answer to an earlier sign-in of this browser, which started another since: the
    // cookie now names the later one, whose state the answer does not carry.
    const twice = t.agent();
    const earlier = await twice.get(`/api/auth/sso/${provider.id}/start`);
    await twice.get(`/api/auth/sso/${provider.id}/start`);
    const earlierBack = await signInAt(earlier.headers.get('location')!, {
      email: 'replay@acme.example',
    });
    const mismatch = await twice.get(local(earlierBack));
    refusedWith(mismatch.headers.get('location')!, 'invalid-response', provider.id);
    expect((await twice.get('/api/me')).status).toBe(401);

    // Too late: the pending sign-in lasted ten minutes.
    const late = t.agent();
    const lateStart = await late.get(`/api/auth/sso/${provider.id}/start`);
    const lateBack = await signInAt(lateStart.headers.get('location')!, {
      email: 'replay@acme.example',
    });
    t.clock.advance(11 * MINUTE);
    const expired = await late.get(local(lateBack));
    refusedWith(expired.headers.get('location')!, 'expired', provider.id);
    expect((await late.get('/api/me')).status).toBe(401);
  });

  it('refuses an ID token altered on its way, and a wrong client secret', async () => {
    const { admin, provider } = await scene();
    await person(admin, 'tamper@acme.example', provider.id);
    idp.setAccount({ email: 'tamper@acme.example', email_verified: true });
    idp.tamperIdTokens(true);
    try {
      const tampered = await signIn(provider.id, { email: 'tamper@acme.example' });
      refusedWith(tampered.location, 'invalid-response', provider.id);
      expect((await tampered.browser.get('/api/me')).status).toBe(401);
    } finally {
      idp.tamperIdTokens(false);
    }

    const changed = await admin.put(`/api/sso-providers/${provider.id}`, {
      type: 'oidc',
      name: provider.name,
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecret: 'not-the-secret',
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const wrong = await signIn(provider.id, { email: 'tamper@acme.example' });
    refusedWith(wrong.location, 'provider-error', provider.id);
    expect((await wrong.browser.get('/api/me')).status).toBe(401);
  });

  it('refuses an http issuer unless the server allows them, and an unreachable issuer is unavailable', async () => {
    const strict = await createTestApp();
    try {
      const admin = await strict.signedIn();
      const refused = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Plain',
        issuerUrl: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
      });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain('SSO_ALLOW_HTTP_ISSUERS=true');
    } finally {
      await strict.close();
    }

    const { admin } = await scene();
    const gone = await startOidcIdp();
    const issuer = gone.issuer;
    await gone.close();
    const created = await admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Gone',
      issuerUrl: issuer,
      clientId: 'x',
      clientSecret: 'y',
    });
    const provider = await created.json();
    const started = await t.agent().get(`/api/auth/sso/${provider.id}/start`);
    refusedWith(started.headers.get('location')!, 'unavailable', provider.id);
  });

  it('refuses password sign-in to a person assigned to the provider, not to an administrator', async () => {
    const { admin, provider } = await scene();
    await person(admin, 'assigned@acme.example', provider.id);
    const refused = await t.agent().post('/api/auth/login', {
      email: 'assigned@acme.example',
      password: TEST_PASSWORD,
    });
    expect(refused.status).toBe(403);
    const problem = await refused.json();
    expect(problem.code).toBe('signs-in-through-sso');
    expect(problem.detail).toBe(
      `Your account is set to sign in through ${provider.name}. Use “Sign in with ${provider.name}” instead of a password.`,
    );

    await person(admin, 'breakglass@acme.example', provider.id, 'administrator');
    const allowed = await t.agent().post('/api/auth/login', {
      email: 'breakglass@acme.example',
      password: TEST_PASSWORD,
    });
    expect(allowed.status).toBe(204);
  });
});
