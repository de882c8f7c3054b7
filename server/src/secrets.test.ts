import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitProviders } from './db/schema';
import { sign } from './testing/runner-scene';
import { createTestApp } from './testing/test-app';

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
      const created = await (await browser.post('/api/me/tokens', { name: 'ci' })).json();
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
});
