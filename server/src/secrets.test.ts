import { describe, expect, it } from 'vitest';
import { createTestApp } from './testing/test-app';

describe('secrets', () => {
  it('never appear in a log line or a later response: passwords, cookies, CSRF values, API tokens, SSO secrets, invitation links', async () => {
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
