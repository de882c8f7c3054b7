import { describe, expect, it } from 'vitest';
import { createTestApp } from './testing/test-app';

describe('secrets', () => {
  it('never appear in a log line or a later response: passwords, cookies, CSRF values, API tokens', async () => {
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
      const later = [
        await (await browser.get('/api/me')).text(),
        await (await browser.get('/api/me/tokens')).text(),
      ];
      await t.agent().get('/api/me', { headers: { authorization: `Bearer ${created.token}` } });

      const secrets = [password, 'a wrong password', created.token, ...browser.cookies.values()];
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
