import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../contract/constants';
import { accountSettingsSchema, securitySettingsSchema } from '../../../contract/settings';
import { sessions } from '../../db/schema';
import { HOUR, MINUTE } from '../../lib/clock';
import { sha256 } from '../../lib/crypto';
import { expectData } from '../../testing/api-client';
import { RecordingMailer } from '../../testing/recording-mailer';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';

let t: TestContext;
const account = (admin: TestAgent) => expectData(admin.api.GET('/api/settings/account'));
const putAccount = (admin: TestAgent, invitationDomains: string[]) =>
  admin.api.PUT('/api/settings/account', { body: { invitationDomains } });
const security = (admin: TestAgent) => expectData(admin.api.GET('/api/settings/security'));
const putSecurity = (admin: TestAgent, idleTimeoutMinutes: number) =>
  admin.api.PUT('/api/settings/security', { body: { idleTimeoutMinutes } });

beforeAll(async () => {
  t = await createTestApp({ env: { PERIMETER_PLAN: 'pro' } });
});
afterAll(() => t.close());

describe('GET/PUT /api/settings/account', () => {
  it('shows the account, its plan and that invitations are not mailed without SMTP', async () => {
    const admin = await t.signedIn();
    expect(accountSettingsSchema.strict().parse(await account(admin))).toEqual({
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
      expect((await account(admin)).mailDelivery).toBe('smtp');
    } finally {
      await withMail.close();
    }
  });

  it('keeps invitation domains lower-cased, sorted and once each', async () => {
    const admin = await t.signedIn();
    const saved = await expectData(
      putAccount(admin, [' Example.COM ', 'acme.example', 'example.com']),
    );
    expect(saved.invitationDomains).toEqual(['acme.example', 'example.com']);
  });

  it('refuses something that is not a domain, naming it, and keeps what was saved', async () => {
    const admin = await t.signedIn();
    await putAccount(admin, ['example.com']);
    for (const bad of ['not a domain', 'localhost', 'user@example.com', '-x.example', 'example.']) {
      const { error, response } = await putAccount(admin, ['ok.example', bad]);
      expect(response.status, bad).toBe(422);
      expect(error?.errors, bad).toEqual([
        { path: 'invitationDomains.1', message: 'Enter a domain such as example.com.' },
      ]);
    }
    expect((await account(admin)).invitationDomains).toEqual(['example.com']);
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.api.GET('/api/settings/account')).response.status).toBe(403);
    expect((await putAccount(user, [])).response.status).toBe(403);
  });
});

/** Whether the server still holds the session of this browser. */
async function sessionExists(token: string): Promise<boolean> {
  const rows = await t.deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.id, sha256(token)));
  return rows.length === 1;
}

describe('GET/PUT /api/settings/security', () => {
  it('starts at the default of 60 minutes, set by nobody', async () => {
    const admin = await t.signedIn();
    expect(securitySettingsSchema.strict().parse(await security(admin))).toEqual({
      idleTimeoutMinutes: 60,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('takes 15 minutes to 30 days in whole minutes, and refuses anything else with the reason', async () => {
    const admin = await t.signedIn();
    for (const ok of [15, 43_200, 90]) {
      const { data, response } = await putSecurity(admin, ok);
      expect(response.status, String(ok)).toBe(200);
      expect(data?.idleTimeoutMinutes).toBe(ok);
    }
    // raw: the types forbid a string, null and a missing value, and an unknown field below.
    const refused: Array<[unknown, string]> = [
      [14, 'The idle timeout is at least 15 minutes.'],
      [0, 'The idle timeout is at least 15 minutes.'],
      [-60, 'The idle timeout is at least 15 minutes.'],
      [43_201, 'The idle timeout is at most 30 days (43,200 minutes).'],
      [30.5, 'Enter the idle timeout as a whole number of minutes.'],
      [14.5, 'Enter the idle timeout as a whole number of minutes.'],
      ['60', 'Enter the idle timeout as a number of minutes.'],
      [null, 'Enter the idle timeout as a number of minutes.'],
      [undefined, 'Enter the idle timeout as a number of minutes.'],
    ];
    for (const [value, message] of refused) {
      const res = await admin.put('/api/settings/security', { idleTimeoutMinutes: value });
      expect(res.status, String(value)).toBe(422);
      const problem = await res.json();
      expect(problem.detail, String(value)).toBe(message);
      expect(problem.errors, String(value)).toEqual([{ path: 'idleTimeoutMinutes', message }]);
    }
    const extra = await admin.put('/api/settings/security', { idleTimeoutMinutes: 30, unit: 'h' });
    expect(extra.status).toBe(422);
    // What was saved last stays.
    expect((await security(admin)).idleTimeoutMinutes).toBe(90);
  });

  it('records who changed it and when, and the account shows the new value', async () => {
    const admin = await t.signedIn();
    t.clock.advance(5 * MINUTE);
    const { data: saved } = await putSecurity(admin, 240);
    const me = await expectData(admin.api.GET('/api/me'));
    expect(saved).toEqual({
      idleTimeoutMinutes: 240,
      updatedAt: t.clock.now().toISOString(),
      updatedBy: { id: admin.userId, name: me.name },
    });
    expect(me.account.idleTimeoutMinutes).toBe(240);
    expect(await security(admin)).toEqual(saved);
    // Removing that person keeps the value and forgets who set it.
    const other = await t.signedIn({ accountId: admin.accountId });
    await other.api.DELETE('/api/users/{id}', { params: { path: { id: admin.userId } } });
    expect(await security(other)).toEqual({
      idleTimeoutMinutes: 240,
      updatedAt: t.clock.now().toISOString(),
      updatedBy: null,
    });
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.api.GET('/api/settings/security')).response.status).toBe(403);
    const put = await putSecurity(user, 15);
    expect(put.response.status).toBe(403);
    expect((await security(admin)).idleTimeoutMinutes).toBe(60);
  });

  it('applies a lowered timeout to the sessions already open: one idle longer is signed out and ended', async () => {
    const admin = await t.signedIn();
    const idle = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const recent = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const idleToken = idle.cookies.get(SESSION_COOKIE)!;
    t.clock.advance(20 * MINUTE);
    // Within the 60 minutes the account has: everyone is still signed in.
    expect((await idle.api.GET('/api/me')).response.status).toBe(200);
    expect((await recent.api.POST('/api/auth/activity')).response.status).toBe(204);
    t.clock.advance(10 * MINUTE);
    expect((await admin.api.POST('/api/auth/activity')).response.status).toBe(204);
    expect((await putSecurity(admin, 15)).response.status).toBe(200);

    // Idle for 30 minutes, more than the new 15: signed out at once, and the session is gone.
    expect(await sessionExists(idleToken)).toBe(true);
    const res = await idle.api.GET('/api/me');
    expect(res.response.status).toBe(401);
    expect(res.error?.code).toBe('session-idle');
    expect(await sessionExists(idleToken)).toBe(false);
    // The cookie is cleared, and bringing it back does not revive the session.
    expect(idle.cookies.has(SESSION_COOKIE)).toBe(false);
    idle.cookies.set(SESSION_COOKIE, idleToken);
    expect((await idle.api.GET('/api/me')).error?.code).toBe('unauthenticated');

    // Active 10 minutes ago: still signed in, until 15 minutes pass without activity.
    expect((await recent.api.GET('/api/me')).response.status).toBe(200);
    t.clock.advance(5 * MINUTE);
    const later = await recent.api.GET('/api/me');
    expect(later.response.status).toBe(401);
    expect(later.error?.code).toBe('session-idle');
  });

  it('ends a session at its absolute lifetime, however active', async () => {
    const admin = await t.signedIn();
    await putSecurity(admin, 43_200);
    const token = admin.cookies.get(SESSION_COOKIE)!;
    for (let hour = 0; hour < 11; hour += 1) {
      t.clock.advance(HOUR);
      expect((await admin.api.POST('/api/auth/activity')).response.status).toBe(204);
    }
    t.clock.advance(HOUR);
    const res = await admin.api.GET('/api/me');
    expect(res.response.status).toBe(401);
    expect(res.error?.code).toBe('session-expired');
    expect(await sessionExists(token)).toBe(false);
  });
});
