/**
 * SAML sign-in through the real app against a real IdP (samlify, testing/idp/saml-idp.ts): the
 * whole journey, every refusal (each with its ?sso= code, no session and nothing changed), team
 * sync from the groups attribute, and the SP metadata.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoProviderSchema, type SsoProvider } from '../../../contract/sso-providers';
import { sessions, ssoProviders, ssoSignIns, teamMembers, users } from '../../db/schema';
import { auditPage, expectData } from '../../testing/api-client';
import {
  authnRequestXml,
  makeKeyPair,
  startSamlIdp,
  type ResponseOptions,
  type SamlTestIdp,
} from '../../testing/idp/saml-idp';
import { createTestApp, type TestContext } from '../../testing/test-app';
import type { TestAgent } from '../../testing/test-agent';

let t: TestContext;
let idp: SamlTestIdp;
let admin: Awaited<ReturnType<TestContext['signedIn']>>;
let provider: Extract<SsoProvider, { type: 'saml' }>;
let sequence = 0;

beforeAll(async () => {
  [t, idp] = await Promise.all([
    createTestApp({ env: { SSO_ALLOW_HTTP_ISSUERS: true }, captureLogs: true }),
    startSamlIdp(),
  ]);
  admin = await t.signedIn();
  provider = await createProvider('Acme SAML');
  const metadata = await t.agent().get(`/api/auth/sso/${provider.id}/metadata`);
  idp.trust(await metadata.text());
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

async function createProvider(
  name: string,
  extra: Record<string, unknown> = {},
): Promise<Extract<SsoProvider, { type: 'saml' }>> {
  const created = ssoProviderSchema.parse(
    await expectData(
      admin.api.POST('/api/sso-providers', {
        body: {
          type: 'saml',
          name,
          ssoUrl: idp.ssoUrl,
          entityId: idp.entityId,
          certificate: idp.certificate,
          ...extra,
        },
      }),
      201,
    ),
  );
  if (created.type !== 'saml') throw new Error('not a SAML provider');
  return created;
}

/** A person of the admin's account, assigned to the provider. */
async function addPerson(providerId = provider.id) {
  sequence += 1;
  const email = `saml-person-${sequence}@example.com`;
  const { id } = await expectData(
    admin.api.POST('/api/users', {
      body: { email, name: `SAML person ${sequence}`, level: 'user' },
    }),
    201,
  );
  await expectData(
    admin.api.PATCH('/api/users/{id}', {
      params: { path: { id } },
      body: { ssoProviderId: providerId },
    }),
  );
  return { id, email };
}

/** `start` in `browser`: answers the AuthnRequest the IdP received. */
async function start(browser: TestAgent, returnTo = '/pipelines', providerId = provider.id) {
  const res = await browser.get(
    `/api/auth/sso/${providerId}/start?returnTo=${encodeURIComponent(returnTo)}`,
  );
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  expect(location.startsWith(`${idp.ssoUrl}?`)).toBe(true);
  return { ...(await idp.readRequest(location)), location };
}

/** The IdP's auto-submitted form, posted by `browser` to the ACS. */
function post(browser: TestAgent, samlResponse: string, relayState?: string, id = provider.id) {
  const form = new URLSearchParams({ SAMLResponse: samlResponse });
  if (relayState !== undefined) form.set('RelayState', relayState);
  return browser.request('POST', `/api/auth/sso/${id}/callback`, undefined, {
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const sessionsOf = async (userId: string) =>
  (await t.deps.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]!.n;

/** Signs `person` in through the IdP: start, the IdP's response, the callback. */
async function signIn(
  person: { email: string; name?: string; groups?: string[] },
  options: Partial<ResponseOptions> = {},
) {
  const browser = t.agent();
  const request = await start(browser);
  const samlResponse = await idp.response({ inResponseTo: request.id, person, ...options });
  const res = await post(browser, samlResponse, request.relayState);
  return { browser, request, samlResponse, res };
}

/** Why the last sign-in was refused, as the server log says (the provider's own error). */
function lastRefusal(): string {
  const line = t.logs.findLast((l) => l.includes('SSO sign-in refused'));
  return JSON.stringify(JSON.parse(line ?? '{}').detail ?? null);
}

/**
 * A refused callback: back to the sign-in page with the code, and no session; `why` is matched
 * against the logged detail, so that each refusal is for its own reason.
 */
async function expectRefused(
  res: Awaited<ReturnType<typeof post>>,
  browser: TestAgent,
  code: string,
  why?: RegExp,
  providerId = provider.id,
) {
  expect(res.status).toBe(302);
  if (why) expect(lastRefusal()).toMatch(why);
  // Where the person was going comes along when the pending sign-in was found, for the next try.
  const url = new URL(res.headers.get('location')!, 'http://localhost');
  const { returnTo, ...rest } = Object.fromEntries(url.searchParams);
  expect(`${url.pathname}?${new URLSearchParams(rest)}`).toBe(
    `/sign-in?sso=${code}&provider=${providerId}`,
  );
  expect([undefined, '/pipelines']).toContain(returnTo);
  expect(browser.cookies.has('perimeter_session')).toBe(false);
  expect((await browser.get('/api/me')).status).toBe(401);
}

describe('SAML sign-in', () => {
  it('signs a person in through the IdP and sends them back to the page they came from', async () => {
    const person = await addPerson();
    const browser = t.agent();
    const request = await start(browser, '/pipelines?tab=mine');
    // Perimeter's AuthnRequest: its ID kept by the pending sign-in, for this SP and ACS.
    expect(request.spEntityId).toBe(provider.spEntityId);
    expect(request.acsUrl).toBe(provider.acsUrl);
    expect(request.relayState).toBeTruthy();
    const [pending] = await t.deps.db
      .select({ requestId: ssoSignIns.requestId })
      .from(ssoSignIns)
      .where(eq(ssoSignIns.requestId, request.id));
    expect(pending).toBeDefined();
    const xml = authnRequestXml(request.location);
    expect(xml).toContain(`ID="${request.id}"`);
    expect(xml).toContain(`Destination="${idp.ssoUrl}"`);
    expect(xml).toContain(`AssertionConsumerServiceURL="${provider.acsUrl}"`);

    const samlResponse = await idp.response({
      inResponseTo: request.id,
      person: { email: person.email.toUpperCase(), name: 'Sam L. Person' },
    });
    const res = await post(browser, samlResponse, request.relayState);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/pipelines?tab=mine');
    const me = await browser.get('/api/me');
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe(person.email);
    // Used once: the pending sign-in is gone.
    expect(
      await t.deps.db.select().from(ssoSignIns).where(eq(ssoSignIns.requestId, request.id)),
    ).toEqual([]);
    const page = await auditPage(admin, { action: 'session.signed-in' });
    expect(page.items.find((e) => e.actor?.id === person.id)).toBeDefined();
  });

  it('takes the email from the configured attribute, else from a NameID that is an email', async () => {
    const byAttribute = await createProvider('Acme SAML (mail attribute)', {
      emailAttribute: 'mail',
    });
    idp.trust(await (await t.agent().get(`/api/auth/sso/${byAttribute.id}/metadata`)).text());
    try {
      const person = await addPerson(byAttribute.id);
      const browser = t.agent();
      const request = await start(browser, '/', byAttribute.id);
      // The NameID says someone else: the configured attribute is who signs in.
      const samlResponse = await idp.response({
        inResponseTo: request.id,
        person: { email: 'opaque-id@idp.example', name: 'Mail Attribute' },
        attributeNames: { email: 'ignored' },
        extraAttributes: { mail: [person.email] },
      });
      const res = await post(browser, samlResponse, request.relayState, byAttribute.id);
      expect(res.headers.get('location')).toBe('/');
      expect((await (await browser.get('/api/me')).json()).email).toBe(person.email);
    } finally {
      idp.trust(await (await t.agent().get(`/api/auth/sso/${provider.id}/metadata`)).text());
    }
  });

  it('refuses an assertion that is not signed, even in a signed response', async () => {
    const person = await addPerson();
    for (const signed of ['none', 'response'] as const) {
      const { browser, res } = await signIn(person, { signed });
      await expectRefused(res, browser, 'invalid-response', /Invalid signature/);
    }
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses an assertion signed by another key than the provider’s certificate', async () => {
    const person = await addPerson();
    const { browser, res } = await signIn(person, { signingKey: makeKeyPair('Impostor') });
    await expectRefused(res, browser, 'invalid-response', /Invalid signature/);
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses an assertion for another audience, recipient, destination or issuer', async () => {
    const person = await addPerson();
    for (const [wrong, why] of [
      [{ audience: 'https://other-sp.example/metadata' }, /audience mismatch/],
      [{ recipient: 'https://other-sp.example/acs' }, /no subject confirmation for this ACS/],
      [{ destination: 'https://other-sp.example/acs' }, /Destination is not this ACS/],
      [{ issuer: 'https://other-idp.example/metadata' }, /issuer is not the provider/],
    ] as const) {
      const { browser, res } = await signIn(person, wrong);
      await expectRefused(res, browser, 'invalid-response', why);
    }
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses an expired assertion and one not valid yet (beyond the clock skew)', async () => {
    const person = await addPerson();
    const now = Date.now();
    for (const [window, why] of [
      [
        { notBefore: new Date(now - 20 * 60_000), notOnOrAfter: new Date(now - 5 * 60_000) },
        // node-saml checks the bearer confirmation's window first.
        /No valid subject confirmation|expired/,
      ],
      [
        { notBefore: new Date(now + 5 * 60_000), notOnOrAfter: new Date(now + 10 * 60_000) },
        /not yet valid/,
      ],
    ] as const) {
      const { browser, res } = await signIn(person, window);
      await expectRefused(res, browser, 'invalid-response', why);
    }
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses a response to another request, or to none (IdP-initiated)', async () => {
    const person = await addPerson();
    const mine = t.agent();
    const other = t.agent();
    const myRequest = await start(mine);
    const otherRequest = await start(other);
    const forOther = await idp.response({ inResponseTo: otherRequest.id, person });
    await expectRefused(
      await post(mine, forOther, myRequest.relayState),
      mine,
      'invalid-response',
      /InResponseTo is not valid/,
    );

    const third = t.agent();
    const thirdRequest = await start(third);
    const unsolicited = await idp.response({ inResponseTo: null, person });
    await expectRefused(
      await post(third, unsolicited, thirdRequest.relayState),
      third,
      'invalid-response',
      /InResponseTo is missing/,
    );
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses a response used once already, and a callback without the binding cookie', async () => {
    const person = await addPerson();
    const { browser, request, samlResponse, res } = await signIn(person);
    expect(res.headers.get('location')).toBe('/pipelines');
    expect(await sessionsOf(person.id)).toBe(1);

    // The same response again in another browser that started its own sign-in.
    const replayer = t.agent();
    const replayRequest = await start(replayer);
    await expectRefused(
      await post(replayer, samlResponse, replayRequest.relayState),
      replayer,
      'invalid-response',
      /InResponseTo is not valid/,
    );
    // And in the browser it signed in, whose pending sign-in was used.
    const again = await post(browser, samlResponse, request.relayState);
    expect(again.headers.get('location')).toBe(`/sign-in?sso=expired&provider=${provider.id}`);
    // A browser that never started: no cookie.
    const stranger = t.agent();
    await expectRefused(await post(stranger, samlResponse), stranger, 'expired', /no cookie/);
    expect(await sessionsOf(person.id)).toBe(1);
  });

  it('refuses a RelayState that is not the pending sign-in’s', async () => {
    const person = await addPerson();
    const browser = t.agent();
    const request = await start(browser);
    const samlResponse = await idp.response({ inResponseTo: request.id, person });
    await expectRefused(
      await post(browser, samlResponse, 'forged'),
      browser,
      'invalid-response',
      /RelayState/,
    );
  });

  it('says the sign-in was cancelled for AuthnFailed, and the provider failed for other statuses', async () => {
    const person = await addPerson();
    for (const [failure, code] of [
      ['AuthnFailed', 'cancelled'],
      ['RequestDenied', 'cancelled'],
      ['NoPassive', 'cancelled'],
      ['UnknownPrincipal', 'provider-error'],
    ] as const) {
      const { browser, res } = await signIn(person, { failure });
      await expectRefused(res, browser, code, new RegExp(failure));
    }
    expect(await sessionsOf(person.id)).toBe(0);
  });

  it('refuses a person the account does not know, and changes nothing', async () => {
    const before = (await t.deps.db.select({ n: count() }).from(users))[0]!.n;
    const { browser, res } = await signIn({ email: 'nobody-here@example.com' });
    await expectRefused(res, browser, 'unknown-person');
    expect((await t.deps.db.select({ n: count() }).from(users))[0]!.n).toBe(before);
  });

  it('creates a person on first sign-in when the provider allows it, named from givenName and sn', async () => {
    const creating = await createProvider('Acme SAML (creates people)', { createPeople: true });
    idp.trust(await (await t.agent().get(`/api/auth/sso/${creating.id}/metadata`)).text());
    try {
      const email = `saml-new-${Date.now()}@example.com`;
      const browser = t.agent();
      const request = await start(browser, '/', creating.id);
      const samlResponse = await idp.response({
        inResponseTo: request.id,
        person: { email },
        extraAttributes: { givenName: ['Grace'], sn: ['Hopper'] },
      });
      const res = await post(browser, samlResponse, request.relayState, creating.id);
      expect(res.headers.get('location')).toBe('/');
      const [created] = await t.deps.db
        .select({ name: users.name, ssoProviderId: users.ssoProviderId })
        .from(users)
        .where(eq(users.email, email));
      expect(created).toEqual({ name: 'Grace Hopper', ssoProviderId: creating.id });
    } finally {
      idp.trust(await (await t.agent().get(`/api/auth/sso/${provider.id}/metadata`)).text());
    }
  });

  it('makes the person’s membership of mapped teams follow the groups attribute', async () => {
    const team = await expectData(
      admin.api.POST('/api/teams', { body: { name: 'saml-payments' } }),
      201,
    );
    const synced = await createProvider('Acme SAML (groups)', {
      groupsAttribute: 'memberOf',
      groupMappings: [{ group: 'payments-devs', teamId: team.id }],
    });
    idp.trust(await (await t.agent().get(`/api/auth/sso/${synced.id}/metadata`)).text());
    try {
      const person = await addPerson(synced.id);
      const member = async () =>
        (
          await t.deps.db
            .select()
            .from(teamMembers)
            .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, person.id)))
        ).length === 1;
      const signInWith = async (groups: string[] | undefined) => {
        const browser = t.agent();
        const request = await start(browser, '/', synced.id);
        const samlResponse = await idp.response({
          inResponseTo: request.id,
          person: { email: person.email, groups },
          attributeNames: { groups: 'memberOf' },
        });
        const res = await post(browser, samlResponse, request.relayState, synced.id);
        expect(res.headers.get('location')).toBe('/');
      };
      await signInWith(['payments-devs', 'everyone']);
      expect(await member()).toBe(true);
      // No groups attribute at all: the provider said nothing, memberships stay.
      await signInWith(undefined);
      expect(await member()).toBe(true);
      await signInWith(['everyone']);
      expect(await member()).toBe(false);
      const page = await auditPage(admin, { action: 'team.members-synced' });
      expect(page.items.filter((e) => e.target?.id === team.id)).toHaveLength(2);
    } finally {
      idp.trust(await (await t.agent().get(`/api/auth/sso/${provider.id}/metadata`)).text());
    }
  });
});

describe('SAML service-provider metadata', () => {
  it('states the entity ID and the ACS URL, and wants assertions signed', async () => {
    const res = await t.agent().get(`/api/auth/sso/${provider.id}/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${provider.spEntityId}"`);
    expect(xml).toContain(`Location="${provider.acsUrl}"`);
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(provider.acsUrl).toBe(`http://localhost/api/auth/sso/${provider.id}/callback`);
  });

  it('is not found for an unknown provider or one of another type', async () => {
    const ldap = await expectData(
      admin.api.POST('/api/sso-providers', {
        body: {
          type: 'ldap',
          name: 'Directory',
          url: 'ldap://127.0.0.1:1',
          bindDn: 'cn=admin',
          bindPassword: 'secret',
          searchBase: 'dc=example',
        },
      }),
      201,
    );
    for (const id of [ldap.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await t.agent().get(`/api/auth/sso/${id}/metadata`);
      expect(res.status).toBe(404);
      expect((await res.json()).detail).toMatch(/no such SSO provider/);
    }
  });
});

describe('SAML single sign-on URL', () => {
  it('is refused as http:// unless the server allows http issuers on loopback', async () => {
    const strict = await createTestApp();
    try {
      const strictAdmin = await strict.signedIn();
      const { response, error } = await strictAdmin.api.POST('/api/sso-providers', {
        body: {
          type: 'saml',
          name: 'Loopback IdP',
          ssoUrl: idp.ssoUrl,
          entityId: idp.entityId,
          certificate: idp.certificate,
        },
      });
      expect(response.status).toBe(422);
      expect(JSON.stringify(error)).toContain('SSO_ALLOW_HTTP_ISSUERS=true');

      // One saved while the flag was on is not used once it is off.
      const [saved] = await strict.deps.db
        .insert(ssoProviders)
        .values({
          accountId: strictAdmin.accountId,
          name: 'Saved loopback IdP',
          type: 'saml',
          config: { ssoUrl: idp.ssoUrl, entityId: idp.entityId, certificate: idp.certificate },
          createdAt: new Date(),
          updatedAt: new Date(),
        })
        .returning({ id: ssoProviders.id });
      const res = await strict.agent().get(`/api/auth/sso/${saved!.id}/start`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/sign-in?sso=unavailable&provider=${saved!.id}`);
    } finally {
      await strict.close();
    }
  });
});
