/**
 * LDAP sign-in, "Test connection" and "Sync now" against a real directory: Debian's slapd,
 * started by the tests on a loopback port (server/src/testing/idp/slapd.ts). Without slapd
 * installed these tests fail with the sentence that says how to install it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSyncResultSchema, ssoTestResultSchema } from '../../../contract/sso-providers';
import { ssoFailureSentence } from '../../../contract/sso';
import { accounts, auditEntries, teamMembers, users } from '../../db/schema';
import {
  LDAP_BIND_DN,
  LDAP_BIND_PASSWORD,
  LDAP_GROUPS,
  LDAP_PEOPLE,
  startSlapd,
  type Slapd,
} from '../../testing/idp/slapd';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { LDAP_TIMEOUT_MS, ldapSignIn } from './ldap';
import { loadSignInProvider, SsoFailure } from './sign-in.service';

let t: TestContext;
let slapd: Slapd;
beforeAll(async () => {
  // The directory is on 127.0.0.1: the deployment allows tests of private addresses.
  [t, slapd] = await Promise.all([
    createTestApp({
      env: { ALLOW_PRIVATE_NETWORK_TESTS: true, SSO_ALLOW_HTTP_ISSUERS: true },
      captureLogs: true,
    }),
    startSlapd(),
  ]);
});
afterAll(async () => {
  await Promise.all([t?.close(), slapd?.stop()]);
});

let sequence = 0;

/** People and groups of their own for each test (emails are unique in the deployment). */
async function directory() {
  sequence += 1;
  const n = sequence;
  const ada = {
    uid: `ada${n}`,
    name: `Ada Lovelace ${n}`,
    mail: `ada${n}@acme.test`,
    password: `ada-password-${n}`,
  };
  const bob = {
    uid: `bob${n}`,
    name: `Bob Babbage ${n}`,
    mail: `bob${n}@acme.test`,
    password: `bob-password-${n}`,
  };
  const groups = { engineers: `engineers${n}`, operators: `operators${n}` };
  await slapd.load(
    [ada, bob],
    [
      { cn: groups.engineers, members: [ada.uid] },
      { cn: groups.operators, members: [ada.uid], posix: true },
    ],
  );
  return { ada, bob, groups };
}

const PROVIDER_NAME = 'Acme directory';

/** An administrator, a team, and an LDAP provider mapping the engineers group to the team. */
async function scene(options: { createPeople?: boolean; groupSearchBase?: string } = {}) {
  const people = await directory();
  const admin = await t.signedIn();
  const team = await (await admin.post('/api/teams', { name: `engineering-${sequence}` })).json();
  const created = await admin.post('/api/sso-providers', {
    type: 'ldap',
    name: PROVIDER_NAME,
    url: slapd.url,
    bindDn: LDAP_BIND_DN,
    bindPassword: LDAP_BIND_PASSWORD,
    searchBase: LDAP_PEOPLE,
    groupSearchBase: options.groupSearchBase ?? LDAP_GROUPS,
    createPeople: options.createPeople ?? false,
    groupMappings: [{ group: people.groups.engineers, teamId: team.id }],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const provider = await created.json();
  return { ...people, admin, team, provider };
}

function login(providerId: string, username: string, password: string, agent = t.agent()) {
  return Object.assign(agent.post(`/api/auth/ldap/${providerId}/login`, { username, password }), {
    agent,
  });
}

async function isMember(teamId: string, userId: string) {
  const rows = await t.deps.db
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return rows.length === 1;
}

async function personNamed(email: string) {
  const [row] = await t.deps.db.select().from(users).where(eq(users.email, email));
  return row;
}

describe('LDAP sign-in', () => {
  it('signs a person of the account in: a session, an audit entry, and the mapped team', async () => {
    const { admin, ada, team, provider } = await scene();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const signIn = login(provider.id, ada.uid, ada.password);
    const res = await signIn;
    expect(res.status, await res.clone().text()).toBe(204);
    const me = await signIn.agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: person.userId });

    const entries = await t.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(eq(auditEntries.action, 'session.signed-in'), eq(auditEntries.targetId, person.userId)),
      );
    expect(entries.map((e) => e.after)).toContainEqual(
      expect.objectContaining({ method: 'ldap', ssoProvider: PROVIDER_NAME }),
    );
    expect(await isMember(team.id, person.userId)).toBe(true);
    const synced = await t.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(eq(auditEntries.action, 'team.members-synced'), eq(auditEntries.targetId, team.id)),
      );
    expect(synced).toHaveLength(1);

    // The email works as the user name too (the default filter), in any case.
    expect((await login(provider.id, ada.mail.toUpperCase(), ada.password)).status).toBe(204);
  });

  it('refuses a wrong password and an unknown user alike (401), and records the failure', async () => {
    const { admin, ada, provider } = await scene();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const wrong = await login(provider.id, ada.uid, 'not-the-password');
    expect(wrong.status).toBe(401);
    const problem = await wrong.json();
    expect(problem).toMatchObject({
      code: 'invalid-credentials',
      detail: ssoFailureSentence('invalid-credentials', PROVIDER_NAME),
    });
    const failed = await t.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.action, 'session.sign-in-failed'),
          eq(auditEntries.targetId, person.userId),
        ),
      );
    expect(failed.map((e) => e.after)).toContainEqual(
      expect.objectContaining({ method: 'ldap', reason: 'invalid-credentials' }),
    );

    const unknown = await login(provider.id, 'nobody-here', 'whatever');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).detail).toBe(problem.detail);
    // Neither password is in the log.
    expect(t.logs.join('\n')).not.toContain('not-the-password');
    expect(t.logs.join('\n')).not.toContain(LDAP_BIND_PASSWORD);
  });

  it('refuses an empty password before any bind (an anonymous bind would succeed)', async () => {
    const { ada, provider } = await scene();
    const res = await login(provider.id, ada.uid, '');
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe('Enter your password.');
    // And the function itself, whatever calls it.
    const loaded = await loadSignInProvider(t.deps, provider.id, 'ldap');
    const refused = await ldapSignIn(t.deps, loaded, ada.uid, '').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SsoFailure);
    expect((refused as SsoFailure).code).toBe('invalid-credentials');
  });

  it('escapes the user name in the filter: an injection finds nobody', async () => {
    const { admin, ada, provider } = await scene();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    for (const username of ['*)(uid=*', '*', `${ada.uid})(|(uid=*`, `${ada.uid}*`]) {
      const res = await login(provider.id, username, ada.password);
      expect(res.status, username).toBe(401);
    }
  });

  it('refuses someone the directory knows but the account does not, with the sentence', async () => {
    const { bob, provider } = await scene();
    const res = await login(provider.id, bob.uid, bob.password);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      code: 'sso-refused',
      detail: ssoFailureSentence('unknown-person', PROVIDER_NAME),
    });
    expect(await personNamed(bob.mail)).toBeUndefined();
  });

  it('creates the person on first sign-in when the provider allows it, within the domains', async () => {
    const { admin, ada, bob, team, provider } = await scene({ createPeople: true });
    const res = await login(provider.id, ada.uid, ada.password);
    expect(res.status, await res.clone().text()).toBe(204);
    const created = await personNamed(ada.mail);
    expect(created).toMatchObject({ name: ada.name, ssoProviderId: provider.id, status: 'active' });
    expect(await isMember(team.id, created!.id)).toBe(true);

    await t.deps.db
      .update(accounts)
      .set({ invitationDomains: ['elsewhere.test'] })
      .where(eq(accounts.id, admin.accountId));
    const outside = await login(provider.id, bob.uid, bob.password);
    expect(outside.status).toBe(403);
    expect((await outside.json()).detail).toBe(
      ssoFailureSentence('outside-domains', PROVIDER_NAME),
    );
  });

  it('makes the mapped teams follow the groups at each sign-in', async () => {
    const { admin, ada, groups, team, provider } = await scene();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    expect((await login(provider.id, ada.uid, ada.password)).status).toBe(204);
    expect(await isMember(team.id, person.userId)).toBe(true);
    await slapd.setMember(groups.engineers, ada.uid, false);
    expect((await login(provider.id, ada.uid, ada.password)).status).toBe(204);
    expect(await isMember(team.id, person.userId)).toBe(false);
  });

  it('says when the directory cannot be reached, or is not an LDAP provider', async () => {
    const { admin, ada } = await scene();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const down = await admin.post('/api/sso-providers', {
      type: 'ldap',
      name: 'Down directory',
      url: 'ldap://127.0.0.1:1',
      bindDn: LDAP_BIND_DN,
      bindPassword: LDAP_BIND_PASSWORD,
      searchBase: LDAP_PEOPLE,
    });
    const res = await login((await down.json()).id, ada.uid, ada.password);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({
      code: 'sso-refused',
      detail: ssoFailureSentence('unavailable', 'Down directory'),
    });

    const oidc = await admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Okta',
      issuerUrl: 'https://acme.okta.example',
      clientId: 'perimeter',
      clientSecret: 'shh',
    });
    expect((await login((await oidc.json()).id, ada.uid, ada.password)).status).toBe(404);
    expect((await login('not-an-id', ada.uid, ada.password)).status).toBe(404);
  });

  it('gives up on a directory that never answers after its timeout', async () => {
    const { admin, ada } = await scene();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    // Takes the connection, then says nothing.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const created = await admin.post('/api/sso-providers', {
        type: 'ldap',
        name: 'Silent directory',
        url: `ldap://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        bindDn: LDAP_BIND_DN,
        bindPassword: LDAP_BIND_PASSWORD,
        searchBase: LDAP_PEOPLE,
      });
      const id = (await created.json()).id;
      const started = Date.now();
      const res = await login(id, ada.uid, ada.password);
      expect(res.status).toBe(502);
      expect((await res.json()).detail).toBe(ssoFailureSentence('unavailable', 'Silent directory'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(LDAP_TIMEOUT_MS - 100);
      const tested = await (await admin.post(`/api/sso-providers/${id}/test`, {})).json();
      expect(tested).toEqual({
        ok: false,
        detail: `127.0.0.1:${(silent.address() as AddressInfo).port} did not answer within 5 seconds.`,
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 30_000);

  it('answers 502 when the bind account is refused, without saying more to the person', async () => {
    const { admin, ada, provider } = await scene();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const wrongBind = await admin.put(`/api/sso-providers/${provider.id}`, {
      type: 'ldap',
      name: PROVIDER_NAME,
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      bindPassword: 'not-the-bind-password',
      searchBase: LDAP_PEOPLE,
    });
    expect(wrongBind.status).toBe(200);
    const res = await login(provider.id, ada.uid, ada.password);
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toBe(ssoFailureSentence('provider-error', PROVIDER_NAME));
  });

  it('answers 502 for a user filter that finds several people or does not parse', async () => {
    const { admin, ada, provider } = await scene();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const withFilter = (userFilter: string) =>
      admin.put(`/api/sso-providers/${provider.id}`, {
        type: 'ldap',
        name: PROVIDER_NAME,
        url: slapd.url,
        bindDn: LDAP_BIND_DN,
        searchBase: LDAP_PEOPLE,
        userFilter,
      });
    expect((await withFilter('(mail=*{username})')).status).toBe(200);
    // Everyone of the directory matches (Ada and Bob at least).
    const several = await login(provider.id, '@acme.test', ada.password);
    expect(several.status).toBe(502);
    expect((await several.json()).detail).toBe(ssoFailureSentence('provider-error', PROVIDER_NAME));
    const tested = await (
      await admin.post(`/api/sso-providers/${provider.id}/test`, { username: '@acme.test' })
    ).json();
    expect(tested).toMatchObject({ ok: false });
    expect(tested.detail).toMatch(/^More than one entry in .* matches @acme\.test:/);

    expect((await withFilter('(uid={username}')).status).toBe(200);
    const broken = await login(provider.id, ada.uid, ada.password);
    expect(broken.status).toBe(502);
    expect((await broken.json()).detail).toBe(ssoFailureSentence('provider-error', PROVIDER_NAME));
    const explained = await (
      await admin.post(`/api/sso-providers/${provider.id}/test`, { username: ada.uid })
    ).json();
    expect(explained).toEqual({
      ok: false,
      detail: `The user filter (uid={username} is not a valid LDAP filter. Write it like (|(uid={username})(mail={username})).`,
    });
  });

  it('throttles repeated failures like a password sign-in', async () => {
    const { ada, provider } = await scene();
    for (let i = 0; i < 5; i += 1) {
      expect((await login(provider.id, ada.uid, `wrong-${i}`)).status).toBe(401);
    }
    const locked = await login(provider.id, ada.uid, ada.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBeTruthy();
  });

  it('refuses bad bodies with 4xx, never 500', async () => {
    const { provider } = await scene();
    const agent = t.agent();
    const path = `/api/auth/ldap/${provider.id}/login`;
    for (const body of [
      {},
      { username: 'ada' },
      { username: '', password: 'x' },
      { username: 'ada', password: 'x', extra: true },
      { username: 'x'.repeat(301), password: 'x' },
      { username: 42, password: 'x' },
    ]) {
      const res = await agent.post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).detail).toBeTruthy();
    }
    const json = { 'content-type': 'application/json' };
    expect(
      (await agent.post(path, undefined, { rawBody: '{not json', headers: json })).status,
    ).toBe(400);
    expect((await agent.post(path, undefined, { rawBody: 'username=ada' })).status).toBe(415);
  });
});

describe('Test connection', () => {
  it('binds with the bind account, and finds a named person with their groups', async () => {
    const { admin, ada, groups, provider } = await scene();
    const bound = ssoTestResultSchema.parse(
      await (await admin.post(`/api/sso-providers/${provider.id}/test`, {})).json(),
    );
    expect(bound.ok).toBe(true);
    expect(bound.detail).toContain(LDAP_BIND_DN);

    const res = await admin.post(`/api/sso-providers/${provider.id}/test`, { username: ada.uid });
    expect(res.status).toBe(200);
    const found = ssoTestResultSchema.parse(await res.json());
    expect(found).toMatchObject({
      ok: true,
      person: {
        dn: slapd.personDn(ada.uid),
        email: ada.mail,
        name: ada.name,
        groups: [groups.engineers, groups.operators].sort(),
      },
    });

    const missing = ssoTestResultSchema.parse(
      await (
        await admin.post(`/api/sso-providers/${provider.id}/test`, { username: 'nobody' })
      ).json(),
    );
    expect(missing.ok).toBe(false);
    expect(missing.detail).toContain('nothing in');
  });

  it('says the bind account was refused, and never answers the password', async () => {
    const { admin, provider } = await scene();
    await admin.put(`/api/sso-providers/${provider.id}`, {
      type: 'ldap',
      name: PROVIDER_NAME,
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      bindPassword: 'not-the-bind-password',
      searchBase: LDAP_PEOPLE,
    });
    const res = await admin.post(`/api/sso-providers/${provider.id}/test`, {});
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      ok: false,
      detail: `The directory did not accept the bind DN and password. Check ${LDAP_BIND_DN} and its password.`,
    });
    expect(JSON.stringify(body)).not.toContain('not-the-bind-password');
  });

  it('refuses private addresses unless the deployment allows them', async () => {
    const strict = await createTestApp();
    try {
      const admin = await strict.signedIn();
      const created = await admin.post('/api/sso-providers', {
        type: 'ldap',
        name: 'Local',
        url: slapd.url,
        bindDn: LDAP_BIND_DN,
        bindPassword: LDAP_BIND_PASSWORD,
        searchBase: LDAP_PEOPLE,
      });
      const res = await admin.post(`/api/sso-providers/${(await created.json()).id}/test`, {});
      expect(await res.json()).toEqual({
        ok: false,
        detail:
          '127.0.0.1 is a loopback address; this deployment does not allow tests of private addresses (ALLOW_PRIVATE_NETWORK_TESTS).',
      });
    } finally {
      await strict.close();
    }
  });

  it('checks a SAML certificate and says an OIDC issuer cannot be reached', async () => {
    const { admin } = await scene();
    const saml = await admin.post('/api/sso-providers', {
      type: 'saml',
      name: 'Broken SAML',
      ssoUrl: 'https://idp.example/sso',
      entityId: 'urn:idp',
      certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
    const samlResult = await (
      await admin.post(`/api/sso-providers/${(await saml.json()).id}/test`, {})
    ).json();
    expect(samlResult).toMatchObject({ ok: false });
    expect(samlResult.detail).toMatch(/^The signing certificate cannot be read\./);

    const oidc = await admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Nowhere',
      issuerUrl: 'https://127.0.0.1:1/issuer',
      clientId: 'perimeter',
      clientSecret: 'shh',
    });
    const oidcResult = await (
      await admin.post(`/api/sso-providers/${(await oidc.json()).id}/test`, {})
    ).json();
    expect(oidcResult).toEqual({ ok: false, detail: '127.0.0.1 refused the connection.' });
  });

  it('answers a good OIDC discovery and a readable SAML certificate with ok', async () => {
    const { admin } = await scene();
    let issuer = '';
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url === '/issuer/.well-known/openid-configuration'
            ? {
                issuer,
                authorization_endpoint: `${issuer}/auth`,
                token_endpoint: `${issuer}/token`,
                jwks_uri: `${issuer}/jwks`,
              }
            : {},
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/issuer`;
      const oidc = await admin.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Local issuer',
        issuerUrl: issuer,
        clientId: 'perimeter',
        clientSecret: 'shh',
      });
      expect(oidc.status, await oidc.clone().text()).toBe(201);
      expect(
        await (await admin.post(`/api/sso-providers/${(await oidc.json()).id}/test`, {})).json(),
      ).toEqual({
        ok: true,
        detail: `${issuer} answered its discovery document. Sign in through it to check the client ID and secret.`,
      });
    } finally {
      server.close();
    }

    const dir = mkdtempSync(join(tmpdir(), 'perimeter-saml-cert-'));
    try {
      const made = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=idp',
          '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], // prettier-ignore
        { encoding: 'utf8' },
      );
      expect(made.status, made.stderr).toBe(0);
      const saml = await admin.post('/api/sso-providers', {
        type: 'saml',
        name: 'Good SAML',
        ssoUrl: 'https://idp.example/sso',
        entityId: 'urn:idp',
        certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      });
      const result = await (
        await admin.post(`/api/sso-providers/${(await saml.json()).id}/test`, {})
      ).json();
      expect(result.ok).toBe(true);
      expect(result.detail).toMatch(
        /^The signing certificate is valid until \d{4}-\d{2}-\d{2}\. SAML has nothing to call before a sign-in: sign in through Good SAML to check the rest\.$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is for administrators of the account only, and refuses bad bodies', async () => {
    const { admin, provider } = await scene();
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await person.post(`/api/sso-providers/${provider.id}/test`, {})).status).toBe(403);
    expect((await person.post(`/api/sso-providers/${provider.id}/sync`)).status).toBe(403);
    const stranger = await t.signedIn();
    expect((await stranger.post(`/api/sso-providers/${provider.id}/test`, {})).status).toBe(404);
    expect((await stranger.post(`/api/sso-providers/${provider.id}/sync`)).status).toBe(404);
    expect((await t.agent().post(`/api/sso-providers/${provider.id}/test`, {})).status).toBe(401);

    const path = `/api/sso-providers/${provider.id}/test`;
    expect((await admin.post(path, { username: 42 })).status).toBe(422);
    expect((await admin.post(path, { other: 'x' })).status).toBe(422);
    expect(
      (
        await admin.post(path, undefined, {
          rawBody: '[',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect((await admin.post('/api/sso-providers/not-a-uuid/test', {})).status).toBe(422);
  });
});

describe('Sync now', () => {
  it('makes the mapped teams of every person of the provider follow their groups', async () => {
    const { admin, ada, bob, groups, team, provider } = await scene();
    const adaPerson = await t.signedIn({
      level: 'user',
      accountId: admin.accountId,
      email: ada.mail,
    });
    const bobPerson = await t.signedIn({
      level: 'user',
      accountId: admin.accountId,
      email: bob.mail,
    });
    const gone = await t.signedIn({ level: 'user', accountId: admin.accountId });
    for (const id of [adaPerson.userId, bobPerson.userId, gone.userId]) {
      const res = await admin.patch(`/api/users/${id}`, { ssoProviderId: provider.id });
      expect(res.status).toBe(200);
    }
    // Bob is in the team (from before the provider managed it); Ada is not yet.
    await t.deps.db
      .insert(teamMembers)
      .values({ accountId: admin.accountId, teamId: team.id, userId: bobPerson.userId });

    const res = await admin.post(`/api/sso-providers/${provider.id}/sync`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(ssoSyncResultSchema.parse(await res.json())).toEqual({
      checked: 3,
      added: 1,
      removed: 1,
      notFound: [gone.email],
    });
    expect(await isMember(team.id, adaPerson.userId)).toBe(true);
    expect(await isMember(team.id, bobPerson.userId)).toBe(false);

    await slapd.setMember(groups.engineers, ada.uid, false);
    const again = await (await admin.post(`/api/sso-providers/${provider.id}/sync`)).json();
    expect(again).toMatchObject({ added: 0, removed: 1 });
    expect(await isMember(team.id, adaPerson.userId)).toBe(false);
    const synced = await t.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(eq(auditEntries.action, 'team.members-synced'), eq(auditEntries.targetId, team.id)),
      );
    expect(synced).toHaveLength(3);
  });

  it('is for LDAP providers with a group search base (409 otherwise), 502 when unreachable', async () => {
    const { admin } = await scene();
    const oidc = await admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Okta',
      issuerUrl: 'https://acme.okta.example',
      clientId: 'perimeter',
      clientSecret: 'shh',
    });
    const notLdap = await admin.post(`/api/sso-providers/${(await oidc.json()).id}/sync`);
    expect(notLdap.status).toBe(409);
    expect((await notLdap.json()).detail).toBe(
      'Only an LDAP provider is synced on demand. Okta is OpenID Connect: its groups arrive with each sign-in.',
    );
    const { provider: noGroups } = await scene({ groupSearchBase: '' });
    const refused = await admin.post(`/api/sso-providers/${noGroups.id}/sync`);
    // Another account's provider: not found.
    expect(refused.status).toBe(404);

    const own = await admin.post('/api/sso-providers', {
      type: 'ldap',
      name: 'No groups',
      url: slapd.url,
      bindDn: LDAP_BIND_DN,
      bindPassword: LDAP_BIND_PASSWORD,
      searchBase: LDAP_PEOPLE,
    });
    const noBase = await admin.post(`/api/sso-providers/${(await own.json()).id}/sync`);
    expect(noBase.status).toBe(409);
    expect((await noBase.json()).detail).toMatch(/has no group search base/);

    const down = await admin.post('/api/sso-providers', {
      type: 'ldap',
      name: 'Down',
      url: 'ldap://127.0.0.1:1',
      bindDn: LDAP_BIND_DN,
      bindPassword: LDAP_BIND_PASSWORD,
      searchBase: LDAP_PEOPLE,
      groupSearchBase: LDAP_GROUPS,
    });
    const unreachable = await admin.post(`/api/sso-providers/${(await down.json()).id}/sync`);
    expect(unreachable.status).toBe(502);
    expect((await unreachable.json()).detail).toMatch(/^Down cannot be reached right now/);
  });
});

describe('LDAPS and StartTLS', () => {
  let secure: Slapd;
  beforeAll(async () => {
    secure = await startSlapd({ tls: true });
  });
  afterAll(() => secure?.stop());

  it('signs in over ldaps:// and StartTLS with the CA certificate, and refuses without it', async () => {
    sequence += 1;
    const ada = {
      uid: `tls${sequence}`,
      name: 'Ada Secure',
      mail: `tls${sequence}@acme.test`,
      password: 'secure-password',
    };
    await secure.load([ada]);
    const admin = await t.signedIn();
    await t.signedIn({ level: 'user', accountId: admin.accountId, email: ada.mail });
    const common = {
      type: 'ldap',
      bindDn: LDAP_BIND_DN,
      bindPassword: LDAP_BIND_PASSWORD,
      searchBase: LDAP_PEOPLE,
    };
    const make = async (body: Record<string, unknown>) =>
      (await (await admin.post('/api/sso-providers', { ...common, ...body })).json()).id as string;
    const ldaps = await make({
      name: 'LDAPS',
      url: secure.ldapsUrl,
      caCertificate: secure.caCertificate,
    });
    const startTls = await make({
      name: 'StartTLS',
      url: secure.url,
      startTls: true,
      caCertificate: secure.caCertificate,
    });
    const untrusted = await make({ name: 'Untrusted', url: secure.ldapsUrl });
    expect((await login(ldaps, ada.uid, ada.password)).status).toBe(204);
    expect((await login(startTls, ada.uid, ada.password)).status).toBe(204);
    const refused = await login(untrusted, ada.uid, ada.password);
    expect(refused.status).toBe(502);
    expect((await refused.json()).detail).toBe(ssoFailureSentence('provider-error', 'Untrusted'));
    const test = await (await admin.post(`/api/sso-providers/${untrusted}/test`, {})).json();
    expect(test.ok).toBe(false);
    expect(test.detail).toMatch(/^The certificate of 127\.0\.0\.1:\d+ is not signed by the CA/);
  });
});
