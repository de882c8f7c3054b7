import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSettingsSchema } from '../../../contract/settings';
import { RecordingMailer } from '../../testing/recording-mailer';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ env: { PERIMETER_PLAN: 'pro' } });
});
afterAll(() => t.close());

describe('GET/PUT /api/settings/account', () => {
  it('shows the account, its plan and that invitations are not mailed without SMTP', async () => {
    const admin = await t.signedIn();
    const res = await admin.get('/api/settings/account');
    expect(accountSettingsSchema.strict().parse(await res.json())).toEqual({
      name: expect.stringMatching(/^Account /),
      plan: 'pro',
      invitationDomains: [],
      mailDelivery: 'none',
    });
  });

  it('says invitations are mailed when the deployment has SMTP settings', async () => {
    const withMail = await createTestApp({ mailer: new RecordingMailer() });
    try {
      const admin = await withMail.signedIn();
      expect((await (await admin.get('/api/settings/account')).json()).mailDelivery).toBe('smtp');
    } finally {
      await withMail.close();
    }
  });

  it('keeps invitation domains lower-cased, sorted and once each', async () => {
    const admin = await t.signedIn();
    const res = await admin.put('/api/settings/account', {
      invitationDomains: [' Example.COM ', 'acme.example', 'example.com'],
    });
    expect(res.status).toBe(200);
    expect((await res.json()).invitationDomains).toEqual(['acme.example', 'example.com']);
  });

  it('refuses something that is not a domain, naming it, and keeps what was saved', async () => {
    const admin = await t.signedIn();
    await admin.put('/api/settings/account', { invitationDomains: ['example.com'] });
    for (const bad of ['not a domain', 'localhost', 'user@example.com', '-x.example', 'example.']) {
      const res = await admin.put('/api/settings/account', {
        invitationDomains: ['ok.example', bad],
      });
      expect(res.status, bad).toBe(422);
      expect((await res.json()).errors, bad).toEqual([
        { path: 'invitationDomains.1', message: 'Enter a domain such as example.com.' },
      ]);
    }
    expect((await (await admin.get('/api/settings/account')).json()).invitationDomains).toEqual([
      'example.com',
    ]);
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.get('/api/settings/account')).status).toBe(403);
    expect((await user.put('/api/settings/account', { invitationDomains: [] })).status).toBe(403);
  });
});
