import { newPGlite } from '../../db/client';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoProviderListSchema, ssoProviderSchema } from '../../../contract/sso-providers';
import * as schema from '../../db/schema';
import { ephemeralSecretBox } from '../../lib/secret-box';
import { expectData } from '../../testing/api-client';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { listSsoProviders, sealPlaintextSsoSecrets } from './sso-providers.service';
import { migrationNamed } from '../../testing/migrations';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CLIENT_SECRET = 'oidc-client-secret-7f3a9c';
const BIND_PASSWORD = 'ldap-bind-password-2b8e1d';

const oidc = {
  type: 'oidc' as const,
  name: 'Okta',
  issuerUrl: 'https://acme.okta.example/oauth2/default',
  clientId: 'perimeter-console',
  clientSecret: CLIENT_SECRET,
};
const ldap = {
  type: 'ldap' as const,
  name: 'Corporate directory',
  url: 'ldaps://ldap.acme.example:636',
  bindDn: 'cn=perimeter,ou=services,dc=acme,dc=example',
  bindPassword: BIND_PASSWORD,
  searchBase: 'ou=people,dc=acme,dc=example',
};
const saml = (name: string, certificate: string) => ({
  type: 'saml' as const,
  name,
  ssoUrl: 'https://idp.example/sso',
  entityId: 'urn:idp',
  certificate,
});
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const byId = (id: string) => ({ params: { path: { id } } });

describe('SSO providers', () => {
  it('creates, lists, changes and deletes providers; secrets are never answered', async () => {
    const admin = await t.signedIn();
    const provider = ssoProviderSchema.parse(
      await expectData(admin.api.POST('/api/sso-providers', { body: oidc }), 201),
    );
    expect(provider).toMatchObject({
      type: 'oidc',
      name: 'Okta',
      clientId: 'perimeter-console',
      clientSecretSet: true,
      peopleCount: 0,
    });
    const directory = ssoProviderSchema.parse(
      await expectData(admin.api.POST('/api/sso-providers', { body: ldap }), 201),
    );
    expect(directory).toMatchObject({ type: 'ldap', bindPasswordSet: true });

    const list = await expectData(admin.api.GET('/api/sso-providers'));
    const body = JSON.stringify(list);
    expect(ssoProviderListSchema.parse(list).items.map((p) => p.name)).toEqual([
      'Corporate directory',
      'Okta',
    ]);
    expect(body).not.toContain(CLIENT_SECRET);
    expect(body).not.toContain(BIND_PASSWORD);

    // Left out, the secret is kept.
    const { clientSecret: _kept, ...withoutSecret } = oidc;
    const id = byId(provider.id);
    const renamed = await expectData(
      admin.api.PUT('/api/sso-providers/{id}', {
        ...id,
        body: { ...withoutSecret, name: 'Okta EU' },
      }),
    );
    expect(renamed).toMatchObject({ name: 'Okta EU', clientSecretSet: true });

    await admin.api.PATCH('/api/users/{id}', {
      ...byId(admin.userId),
      body: { ssoProviderId: provider.id },
    });
    const counted = await expectData(admin.api.GET('/api/sso-providers/{id}', id));
    expect(counted.peopleCount).toBe(1);

    expect((await admin.api.DELETE('/api/sso-providers/{id}', id)).response.status).toBe(204);
    expect((await admin.api.GET('/api/sso-providers/{id}', id)).response.status).toBe(404);
    const me = await expectData(admin.api.GET('/api/users/{id}', byId(admin.userId)));
    expect(me.ssoProvider).toBeNull();
  });

  it('refuses bad connection details with a 422 naming each field', async () => {
    const admin = await t.signedIn();
    // raw: the types forbid some of these bodies (a missing secret, an unknown type or field).
    const cases: [Record<string, unknown>, string][] = [
      [{ ...oidc, issuerUrl: 'http://insecure.example' }, 'issuerUrl'],
      [{ ...oidc, clientSecret: undefined }, 'clientSecret'],
      [{ ...oidc, name: '  ' }, 'name'],
      [{ ...ldap, url: 'https://not-ldap.example' }, 'url'],
      [
        {
          type: 'saml',
          name: 'SAML',
          ssoUrl: 'https://idp.example/sso',
          entityId: 'x',
          certificate: 'hello',
        },
        'certificate',
      ],
      [{ ...oidc, type: 'kerberos' }, 'type'],
      [{ ...oidc, bindDn: 'cn=x' }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/sso-providers', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(
        problem.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect((await expectData(admin.api.GET('/api/sso-providers'))).total).toBe(0);
  });

  it('refuses a second provider with the same name, whatever its case', async () => {
    const admin = await t.signedIn();
    await admin.api.POST('/api/sso-providers', { body: oidc });
    const { error, response } = await admin.api.POST('/api/sso-providers', {
      body: { ...ldap, name: 'OKTA' },
    });
    expect(response.status).toBe(422);
    expect(error?.errors).toEqual([
      { path: 'name', message: 'An SSO provider named OKTA already exists.' },
    ]);
  });

  it('needs the new secret when a provider changes to a type that has one', async () => {
    const admin = await t.signedIn();
    const was = await expectData(
      admin.api.POST('/api/sso-providers', { body: saml('Was SAML', CERTIFICATE) }),
      201,
    );
    const { clientSecret: _none, ...withoutSecret } = oidc;
    const res = await admin.api.PUT('/api/sso-providers/{id}', {
      ...byId(was.id),
      body: { ...withoutSecret, name: 'Was SAML' },
    });
    expect(res.response.status).toBe(422);
    expect(res.error?.errors?.[0]?.path).toBe('clientSecret');
    const changed = await admin.api.PUT('/api/sso-providers/{id}', {
      ...byId(was.id),
      body: { ...oidc, name: 'Was SAML' },
    });
    expect(changed.data).toMatchObject({ type: 'oidc', clientSecretSet: true });
  });

  it("is refused to people with user level, and another account's provider is not found", async () => {
    const admin = await t.signedIn();
    const provider = await expectData(admin.api.POST('/api/sso-providers', { body: oidc }), 201);
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.api.GET('/api/sso-providers')).response.status).toBe(403);
    expect((await user.api.POST('/api/sso-providers', { body: ldap })).response.status).toBe(403);
    const other = await t.signedIn();
    const id = byId(provider.id);
    expect((await other.api.GET('/api/sso-providers/{id}', id)).response.status).toBe(404);
    expect(
      (await other.api.PUT('/api/sso-providers/{id}', { ...id, body: oidc })).response.status,
    ).toBe(404);
    expect((await other.api.DELETE('/api/sso-providers/{id}', id)).response.status).toBe(404);
    expect((await expectData(other.api.GET('/api/sso-providers'))).total).toBe(0);
  });

  it('stores the secret sealed with the deployment key, never in plain text', async () => {
    const admin = await t.signedIn();
    const stored = async (id: string) => {
      const [row] = await t.deps.db
        .select()
        .from(schema.ssoProviders)
        .where(eq(schema.ssoProviders.id, id));
      return row!;
    };
    const okta = await expectData(
      admin.api.POST('/api/sso-providers', { body: { ...oidc, name: 'Sealed' } }),
      201,
    );
    const directory = await expectData(
      admin.api.POST('/api/sso-providers', { body: { ...ldap, name: 'Sealed directory' } }),
      201,
    );
    for (const [id, secret] of [
      [okta.id, CLIENT_SECRET],
      [directory.id, BIND_PASSWORD],
    ] as const) {
      const row = await stored(id);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(t.deps.secrets.open(row.secretSealed!)).toBe(secret);
    }

    const replaced = await admin.api.PUT('/api/sso-providers/{id}', {
      ...byId(okta.id),
      body: { ...oidc, name: 'Sealed', clientSecret: 'a replaced client secret' },
    });
    expect(replaced.response.status).toBe(200);
    const row = await stored(okta.id);
    expect(JSON.stringify(row)).not.toContain('a replaced client secret');
    expect(t.deps.secrets.open(row.secretSealed!)).toBe('a replaced client secret');

    // A type without a secret keeps none.
    const toSaml = await admin.api.PUT('/api/sso-providers/{id}', {
      ...byId(okta.id),
      body: saml('Sealed', CERTIFICATE),
    });
    expect(toSaml.response.status).toBe(200);
    expect((await stored(okta.id)).secretSealed).toBeNull();
  });
});

describe('SSO secrets stored before they were sealed', () => {
  it('are sealed at start by the migration and the start-up step, once', async () => {
    const migration = migrationNamed('_sso_secrets_sealed');
    const client = newPGlite();
    try {
      await migration.applyBefore(client);
      const account = '00000000-0000-4000-8000-000000000001';
      await client.exec(`
        insert into accounts (id, name) values ('${account}', 'Old');
        insert into sso_providers (account_id, name, type, config, secret, created_at, updated_at)
          values
            ('${account}', 'Okta', 'oidc', '{"issuerUrl":"https://okta.example","clientId":"c"}',
              '${CLIENT_SECRET}', now(), now()),
            ('${account}', 'Directory', 'ldap', '{"url":"ldaps://ldap.example","bindDn":"cn=x","searchBase":"dc=x"}',
              '${BIND_PASSWORD}', now(), now()),
            ('${account}', 'Idp', 'saml', '{"ssoUrl":"https://idp.example","entityId":"x","certificate":"c"}',
              null, now(), now());
      `);
      await migration.applyFrom(client);
      const db = drizzle({ client, schema });
      const secrets = ephemeralSecretBox();

      expect(await sealPlaintextSsoSecrets(db, secrets)).toBe(2);
      const read = async () =>
        (
          await client.query<{ name: string; secret: string | null; secret_sealed: string | null }>(
            'select name, secret, secret_sealed from sso_providers order by name',
          )
        ).rows;
      const sealed = await read();
      expect(sealed.map((row) => [row.name, row.secret])).toEqual([
        ['Directory', null],
        ['Idp', null],
        ['Okta', null],
      ]);
      expect(JSON.stringify(sealed)).not.toContain(CLIENT_SECRET);
      expect(JSON.stringify(sealed)).not.toContain(BIND_PASSWORD);
      expect(sealed.map((row) => row.secret_sealed && secrets.open(row.secret_sealed))).toEqual([
        BIND_PASSWORD,
        null,
        CLIENT_SECRET,
      ]);
      const listed = await listSsoProviders({ db }, account, 'http://console.test');
      expect(listed.items).toMatchObject([
        { name: 'Directory', bindPasswordSet: true },
        { name: 'Idp' },
        { name: 'Okta', clientSecretSet: true },
      ]);

      // The next start finds nothing to seal and changes nothing.
      expect(await sealPlaintextSsoSecrets(db, secrets)).toBe(0);
      expect(await read()).toEqual(sealed);
    } finally {
      await client.close();
    }
  });
});
