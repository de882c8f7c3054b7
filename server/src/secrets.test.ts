import { describe, expect, it } from 'vitest';
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
      const gitToken = 'the git provider token';
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
});
