import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from './db/client';
import { gitProviders } from './db/schema';
import { createActivePerson } from './modules/auth/auth.service';
import { sign } from './testing/runner-scene';
import type { TestResponse } from './testing/test-agent';
import { createTestApp, TEST_PASSWORD, type TestContext } from './testing/test-app';

/**
 * Makes every later insert or update of a table fail in the database itself, whatever the
 * request's validation let through: a CHECK that no row passes (NOT VALID leaves the rows already
 * there alone). PostgreSQL refuses with 23514, which is no fault of the request, so the server
 * answers 500 and logs the error — the path on which a statement's values could reach the log.
 * (A NUL byte used to provoke this; it is now refused before any query.)
 */
async function refuseWrites(db: Db, table: string) {
  await db.execute(
    sql.raw(
      `alter table ${table} add constraint ${table}_refused_for_test check (false) not valid`,
    ),
  );
}

/**
 * What a log line must never hold besides the secrets themselves: their stored forms (sealed
 * values, SHA-256 hex, scrypt hashes) and the statement's values (drizzle's `params`,
 * PostgreSQL's "Failing row contains (…)" detail and "parameter $n = …" context).
 */
const STORED_FORMS = [
  /v1\.[\w-]{16}\.[\w-]{22}\./,
  /\b[0-9a-f]{64}\b/,
  /scrypt\$/,
  /params/i,
  /Failing row/,
  /parameter \$\d/,
];

function unhandledErrors(t: TestContext) {
  return t.logs
    .map((line) => JSON.parse(line) as { msg: string; err?: Record<string, unknown> })
    .filter((line) => line.msg === 'unhandled error');
}

describe('secrets', () => {
  it('never appear in a log line or a later response: passwords, cookies, CSRF values, API tokens, SSO secrets, invitation links, integration credentials', async () => {
    const t = await createTestApp({ captureLogs: true });
    try {
      const password = 'the very secret password';
      const browser = t.agent();
      await browser.post('/api/auth/setup', {
        email: 'admin@example.com',
        name: 'Admin',
        password,
      });
      await browser.post('/api/auth/login', {
        email: 'admin@example.com',
        password: 'a wrong password',
      });
      const created = await (
        await browser.post('/api/me/tokens', { name: 'ci', scope: 'read-write', expiresInDays: 30 })
      ).json();
      const clientSecret = 'the oidc client secret';
      const bindPassword = 'the ldap bind password';
      const oidc = await browser.post('/api/sso-providers', {
        type: 'oidc',
        name: 'Okta',
        issuerUrl: 'https://okta.example',
        clientId: 'perimeter',
        clientSecret,
      });
      const ldap = await browser.post('/api/sso-providers', {
        type: 'ldap',
        name: 'Directory',
        url: 'ldaps://ldap.example',
        bindDn: 'cn=perimeter',
        bindPassword,
        searchBase: 'dc=example',
      });
      expect([oidc.status, ldap.status]).toEqual([201, 201]);
      // Integrations (issue 6): git provider and registry credentials, cluster tokens.
      const gitToken = 'glpat-the-git-provider-token';
      const registryPassword = 'the registry password';
      const clusterToken = 'the service account token';
      const git = await (
        await browser.post('/api/git-providers', {
          name: 'gitlab',
          kind: 'gitlab',
          baseUrl: 'https://gitlab.example',
          credentials: { username: 'ci', token: gitToken },
        })
      ).json();
      const registry = await (
        await browser.post('/api/registries', {
          name: 'internal',
          domain: 'registry.example',
          credentials: { username: 'robot', password: registryPassword },
        })
      ).json();
      const cluster = await (
        await browser.post('/api/clusters', {
          name: 'prod',
          apiServerUrl: 'https://k8s.example',
          serviceAccountToken: clusterToken,
        })
      ).json();
      expect([git.credentialsSet, registry.credentialsSet, cluster.serviceAccountTokenSet]).toEqual(
        [true, true, true],
      );
      const integrationAnswers = [
        await (await browser.patch(`/api/git-providers/${git.id}`, { name: 'gitlab-2' })).text(),
        await (await browser.get('/api/git-providers')).text(),
        await (await browser.get(`/api/registries/${registry.id}`)).text(),
        await (await browser.get('/api/registries')).text(),
        await (await browser.get(`/api/clusters/${cluster.id}`)).text(),
        await (await browser.get('/api/audit')).text(),
      ];
      const invited = await (await browser.post('/api/users', { email: 'new@example.com' })).json();
      const invitationToken = invited.invitationUrl.split('#')[1];
      const invitedPassword = 'the invited person password';
      await t.agent().get(`/api/auth/invitations/${invitationToken}`);
      const accepted = await t
        .agent()
        .post(`/api/auth/invitations/${invitationToken}/accept`, { password: invitedPassword });
      expect(accepted.status).toBe(204);
      const later = [
        await (await browser.get('/api/me')).text(),
        await (await browser.get('/api/me/tokens')).text(),
        await (await browser.get('/api/sso-providers')).text(),
        await (await browser.get('/api/users')).text(),
        await (await browser.get(`/api/users/${invited.id}`)).text(),
        ...integrationAnswers,
      ];
      await t.agent().get('/api/me', { headers: { authorization: `Bearer ${created.token}` } });

      const secrets = [
        password,
        'a wrong password',
        created.token,
        clientSecret,
        bindPassword,
        invitationToken,
        invitedPassword,
        gitToken,
        registryPassword,
        clusterToken,
        ...browser.cookies.values(),
      ];
      expect(t.logs.length).toBeGreaterThan(3);
      for (const secret of secrets) {
        for (const line of t.logs) expect(line).not.toContain(secret);
        for (const body of later) expect(body).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });

  it('never appear in a log line or a later response: registration tokens, runner credentials, webhook secrets', async () => {
    const t = await createTestApp({ captureLogs: true });
    try {
      const admin = await t.signedIn();
      const now = t.clock.now();
      const [provider] = await t.deps.db
        .insert(gitProviders)
        .values({
          accountId: admin.accountId,
          name: 'github',
          kind: 'github',
          baseUrl: 'https://api.github.com',
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const runner = await (await admin.post('/api/runners', { name: 'east' })).json();
      const registered = await (
        await t.agent().post('/api/runner/v1/register', {
          registrationToken: runner.registrationToken,
          version: '1.0.0',
          appProxy: false,
        })
      ).json();
      const pipeline = await (
        await admin.post('/api/pipelines', { name: 'api', project: 'payments' })
      ).json();
      const trigger = await (
        await admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
          gitProviderId: provider!.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        })
      ).json();
      const rotated = await (await admin.post(`/api/triggers/${trigger.id}/rotate-secret`)).json();
      const body = JSON.stringify({
        ref: 'refs/heads/main',
        repository: { full_name: 'acme/api' },
      });
      for (const secret of [trigger.secret, rotated.secret]) {
        await t.app.request(`/api/hooks/${trigger.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-hub-signature-256': sign(secret, body),
            'x-github-delivery': randomUUID(),
          },
          body,
        });
      }
      const auth = { headers: { authorization: `Bearer ${registered.credential}` } };
      const poll = await t.agent().post('/api/runner/v1/poll', { waitSeconds: 0 }, auth);
      expect(poll.status).toBe(200);
      const later = [
        await (await admin.get('/api/runners')).text(),
        await (await admin.get(`/api/runners/${runner.id}`)).text(),
        await (await admin.get(`/api/pipelines/${pipeline.id}/triggers`)).text(),
        await (await admin.get(`/api/triggers/${trigger.id}`)).text(),
        await (await admin.get(`/api/pipelines/${pipeline.id}/runs`)).text(),
        await (await admin.get('/api/audit')).text(),
        await poll.text(),
        await (await t.agent().post('/api/runner/v1/poll', { waitSeconds: 0 }, auth)).text(),
      ];
      const secrets = [
        runner.registrationToken,
        registered.credential,
        trigger.secret,
        rotated.secret,
        sign(rotated.secret, body),
      ];
      expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 20)).toBe(
        true,
      );
      expect(t.logs.length).toBeGreaterThan(5);
      for (const secret of secrets) {
        for (const line of t.logs) expect(line).not.toContain(secret);
        for (const answer of later) expect(answer).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });

  it('never appear in a log line when a write of any credential fails in the database', async () => {
    const t = await createTestApp({ captureLogs: true });
    const fresh = await createTestApp({ captureLogs: true });
    try {
      const admin = await t.signedIn();
      const created = async (answer: Promise<TestResponse>) => {
        const res = await answer;
        expect(res.status, await res.clone().text()).toBe(201);
        return res.json();
      };
      // Everything that holds a credential, stored before the database starts refusing writes.
      const oidc = await created(
        admin.post('/api/sso-providers', {
          type: 'oidc',
          name: 'Okta',
          issuerUrl: 'https://okta.example',
          clientId: 'perimeter',
          clientSecret: 'the first oidc client secret',
        }),
      );
      const ldap = await created(
        admin.post('/api/sso-providers', {
          type: 'ldap',
          name: 'Directory',
          url: 'ldaps://ldap.example',
          bindDn: 'cn=perimeter',
          bindPassword: 'the first ldap bind password',
          searchBase: 'dc=example',
        }),
      );
      const git = await created(
        admin.post('/api/git-providers', {
          name: 'github',
          kind: 'github',
          baseUrl: 'https://api.github.com',
          credentials: { username: 'ci', token: 'ghp-the-first-git-token' },
        }),
      );
      const registry = await created(
        admin.post('/api/registries', {
          name: 'internal',
          domain: 'registry.example',
          credentials: { username: 'robot', password: 'the first registry password' },
        }),
      );
      const cluster = await created(
        admin.post('/api/clusters', {
          name: 'prod',
          apiServerUrl: 'https://k8s.example',
          serviceAccountToken: 'the first service account token',
        }),
      );
      const runner = await created(admin.post('/api/runners', { name: 'east' }));
      const pipeline = await created(
        admin.post('/api/pipelines', { name: 'api', project: 'payments' }),
      );
      const trigger = await created(
        admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
          gitProviderId: git.id,
          runnerId: runner.id,
          repository: 'acme/api',
          events: ['push'],
        }),
      );
      const invited = await created(admin.post('/api/users', { email: 'new@example.com' }));
      const invitationToken = invited.invitationUrl.split('#')[1] as string;
      const other = 'other@example.com';
      await createActivePerson(t.deps.db, admin.accountId, {
        email: other,
        name: 'Other',
        password: TEST_PASSWORD,
        level: 'user',
      });

      for (const table of [
        'sso_providers',
        'git_providers',
        'registries',
        'clusters',
        'runners',
        'triggers',
        'invitations',
        'users',
        'api_tokens',
      ]) {
        await refuseWrites(t.deps.db, table);
      }
      await refuseWrites(fresh.deps.db, 'users');

      const secrets = {
        oidcCreated: 'the second oidc client secret',
        oidcChanged: 'the third oidc client secret',
        ldapCreated: 'the second ldap bind password',
        ldapChanged: 'the third ldap bind password',
        gitCreated: 'ghp-the-second-git-token',
        gitChanged: 'ghp-the-third-git-token',
        registryCreated: 'the second registry password',
        registryChanged: 'the third registry password',
        clusterCreated: 'the second service account token',
        clusterChanged: 'the third service account token',
        accepted: 'the invited person password',
        setUp: 'the first administrator password',
      };
      const failing: [string, () => Promise<Response>][] = [
        [
          'OIDC provider created',
          () =>
            admin.post('/api/sso-providers', {
              type: 'oidc',
              name: 'Okta 2',
              issuerUrl: 'https://okta.example',
              clientId: 'perimeter',
              clientSecret: secrets.oidcCreated,
            }),
        ],
        [
          'OIDC secret changed',
          () =>
            admin.put(`/api/sso-providers/${oidc.id}`, {
              type: 'oidc',
              name: 'Okta',
              issuerUrl: 'https://okta.example',
              clientId: 'perimeter',
              clientSecret: secrets.oidcChanged,
            }),
        ],
        [
          'LDAP provider created',
          () =>
            admin.post('/api/sso-providers', {
              type: 'ldap',
              name: 'Directory 2',
              url: 'ldaps://ldap.example',
              bindDn: 'cn=perimeter',
              bindPassword: secrets.ldapCreated,
              searchBase: 'dc=example',
            }),
        ],
        [
          'LDAP bind password changed',
          () =>
            admin.put(`/api/sso-providers/${ldap.id}`, {
              type: 'ldap',
              name: 'Directory',
              url: 'ldaps://ldap.example',
              bindDn: 'cn=perimeter',
              bindPassword: secrets.ldapChanged,
              searchBase: 'dc=example',
            }),
        ],
        [
          'git provider created',
          () =>
            admin.post('/api/git-providers', {
              name: 'gitlab',
              kind: 'gitlab',
              baseUrl: 'https://gitlab.example',
              credentials: { username: 'ci', token: secrets.gitCreated },
            }),
        ],
        [
          'git provider credentials changed',
          () =>
            admin.patch(`/api/git-providers/${git.id}`, {
              credentials: { username: 'ci', token: secrets.gitChanged },
            }),
        ],
        [
          'registry created',
          () =>
            admin.post('/api/registries', {
              name: 'external',
              domain: 'registry2.example',
              credentials: { username: 'robot', password: secrets.registryCreated },
            }),
        ],
        [
          'registry credentials changed',
          () =>
            admin.patch(`/api/registries/${registry.id}`, {
              credentials: { username: 'robot', password: secrets.registryChanged },
            }),
        ],
        [
          'cluster created',
          () =>
            admin.post('/api/clusters', {
              name: 'staging',
              apiServerUrl: 'https://k8s2.example',
              serviceAccountToken: secrets.clusterCreated,
            }),
        ],
        [
          'cluster token changed',
          () =>
            admin.patch(`/api/clusters/${cluster.id}`, {
              serviceAccountToken: secrets.clusterChanged,
            }),
        ],
        ['runner created (registration token)', () => admin.post('/api/runners', { name: 'west' })],
        [
          'runner registered (credential)',
          () =>
            t.agent().post('/api/runner/v1/register', {
              registrationToken: runner.registrationToken,
              version: '1.0.0',
              appProxy: false,
            }),
        ],
        [
          'trigger created (webhook secret)',
          () =>
            admin.post(`/api/pipelines/${pipeline.id}/triggers`, {
              gitProviderId: git.id,
              runnerId: runner.id,
              repository: 'acme/web',
              events: ['push'],
            }),
        ],
        ['webhook secret rotated', () => admin.post(`/api/triggers/${trigger.id}/rotate-secret`)],
        ['invitation sent again', () => admin.post(`/api/users/${invited.id}/invitation`)],
        [
          'invitation accepted (password)',
          () =>
            t.agent().post(`/api/auth/invitations/${invitationToken}/accept`, {
              password: secrets.accepted,
            }),
        ],
        [
          'personal token created',
          () =>
            admin.post('/api/me/tokens', { name: 'ci', scope: 'read-write', expiresInDays: 30 }),
        ],
        [
          'first administrator set up (password)',
          () =>
            fresh.agent().post('/api/auth/setup', {
              email: 'first@example.com',
              name: 'First',
              password: secrets.setUp,
            }),
        ],
      ];
      const answers: Record<string, number> = {};
      for (const [what, write] of failing) answers[what] = (await write()).status;
      // Sessions last: the administrator's own requests above need theirs.
      await refuseWrites(t.deps.db, 'sessions');
      answers['signed in (session)'] = (
        await t.agent().post('/api/auth/login', { email: other, password: TEST_PASSWORD })
      ).status;

      // Every write reached the database and failed there, and each failure was logged.
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((what) => [what, 500])));
      const logged = [...unhandledErrors(t), ...unhandledErrors(fresh)];
      expect(logged).toHaveLength(Object.keys(answers).length);
      const lines = [...t.logs, ...fresh.logs];
      for (const secret of [...Object.values(secrets), runner.registrationToken, invitationToken]) {
        for (const line of lines) expect(line).not.toContain(secret);
      }
      for (const form of STORED_FORMS) {
        for (const line of lines) expect(line).not.toMatch(form);
      }
      // The operator still learns what failed: the statement (without its values) and the reason.
      for (const line of logged) {
        const told = JSON.stringify(line.err);
        expect(told).toMatch(/(insert into|update) \\"/);
        expect(told).toContain('"code":"23514"');
      }
    } finally {
      await t.close();
      await fresh.close();
    }
  });
});
