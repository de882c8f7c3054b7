import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endedSessionsSchema, sessionListSchema } from '../../../contract/sessions';
import { MINUTE } from '../../lib/clock';
import { auditPageSchema } from '../../../contract/audit';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import type { TestAgent } from '../../testing/test-agent';
import { describeDevice } from './sessions.service';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Another browser of the same person, signed in with their password. */
async function secondBrowser(email: string, userAgent = SAFARI): Promise<TestAgent> {
  const browser = t.agent();
  const res = await browser.post(
    '/api/auth/login',
    { email, password: TEST_PASSWORD },
    { headers: { 'user-agent': userAgent } },
  );
  expect(res.status).toBe(204);
  return browser;
}

async function auditOf(admin: TestAgent) {
  const res = await admin.get('/api/audit?action=sessions.ended');
  expect(res.status).toBe(200);
  return auditPageSchema.parse(await res.json());
}

async function sessionsOf(browser: TestAgent) {
  const res = await browser.get('/api/me/sessions');
  expect(res.status).toBe(200);
  return sessionListSchema.strict().parse(await res.json()).items;
}

describe('describeDevice', () => {
  it('names the browser, its major version and the system', () => {
    expect(describeDevice(FIREFOX)).toBe('Firefox 128 on Linux');
    expect(describeDevice(SAFARI)).toBe('Safari 17 on iOS');
    expect(describeDevice('curl/8.5.0')).toBeNull();
    expect(describeDevice(null)).toBeNull();
  });
});

describe('GET /api/me/sessions', () => {
  it("lists my sessions with device, started and last active, marks this one, and hides the cookie's secret", async () => {
    const me = await t.signedIn({ level: 'user' });
    const other = await secondBrowser(me.email);
    const stranger = await t.signedIn({ level: 'user' });

    const sessions = await sessionsOf(me);
    expect(sessions).toHaveLength(2);
    const current = sessions.filter((session) => session.current);
    expect(current).toHaveLength(1);
    const phone = sessions.find((session) => !session.current)!;
    expect(phone.device).toBe('Safari 17 on iOS');
    expect(phone.startedAt).toBe(t.clock.now().toISOString());
    expect(phone.lastActiveAt).toBe(t.clock.now().toISOString());
    expect(phone.id).toMatch(/^[0-9a-f-]{36}$/);

    // The other browser sees the same two, with itself as the current one.
    const fromPhone = await sessionsOf(other);
    expect(fromPhone.find((session) => session.current)!.id).toBe(phone.id);

    // Neither the cookie's token nor its stored hash is in the answer.
    const body = JSON.stringify(await (await me.get('/api/me/sessions')).json());
    for (const value of [...me.cookies.values(), ...other.cookies.values()]) {
      expect(body).not.toContain(value);
    }
    const rows = await t.deps.db.query.sessions.findMany();
    for (const row of rows) expect(body).not.toContain(row.id);

    // Someone else's sessions are not mine.
    expect(await sessionsOf(stranger)).toHaveLength(1);
  });

  it('leaves out sessions past the idle timeout', async () => {
    const me = await t.signedIn({ level: 'user' });
    await secondBrowser(me.email);
    // The account's idle timeout is 60 minutes; only this browser is active in between.
    t.clock.advance(40 * MINUTE);
    await me.post('/api/auth/activity');
    t.clock.advance(25 * MINUTE);
    const sessions = await sessionsOf(me);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.current).toBe(true);
  });
});

describe('DELETE /api/me/sessions/:id', () => {
  it('ends one of my other sessions, which is refused at its very next request', async () => {
    const me = await t.signedIn({ level: 'user' });
    const other = await secondBrowser(me.email);
    // The other browser's session is warm in the session cache before it ends.
    expect((await other.get('/api/me')).status).toBe(200);
    const phone = (await sessionsOf(me)).find((session) => !session.current)!;

    const res = await me.delete(`/api/me/sessions/${phone.id}`);
    expect(res.status).toBe(204);

    const refused = await other.get('/api/me');
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('unauthenticated');
    expect((await me.get('/api/me')).status).toBe(200);
    expect(await sessionsOf(me)).toHaveLength(1);

    // Ending it again: there is no such session any more.
    expect((await me.delete(`/api/me/sessions/${phone.id}`)).status).toBe(404);
  });

  it("answers 404 for someone else's session, and theirs keeps working", async () => {
    const me = await t.signedIn({ level: 'administrator' });
    const stranger = await t.signedIn({ level: 'user', accountId: me.accountId });
    const theirs = (await sessionsOf(stranger))[0]!;

    const res = await me.delete(`/api/me/sessions/${theirs.id}`);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toBe('There is no such session of yours.');
    expect((await stranger.get('/api/me')).status).toBe(200);
  });

  it('answers 422 for an id that is not one, and 403 without the CSRF header', async () => {
    const me = await t.signedIn();
    expect((await me.delete('/api/me/sessions/not-an-id')).status).toBe(422);
    const mine = (await sessionsOf(me))[0]!;
    const forged = await me.delete(`/api/me/sessions/${mine.id}`, { withoutCsrf: true });
    expect(forged.status).toBe(403);
    expect((await me.get('/api/me')).status).toBe(200);
  });

  it('records who ended which session in the audit log', async () => {
    const me = await t.signedIn({ level: 'administrator' });
    await secondBrowser(me.email);
    const phone = (await sessionsOf(me)).find((session) => !session.current)!;
    await me.delete(`/api/me/sessions/${phone.id}`);
    const audit = await auditOf(me);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: { id: me.userId },
      target: { type: 'user', id: me.userId },
      before: { scope: 'one of their own', sessions: [phone.id] },
    });
  });
});

describe('POST /api/me/sessions/end-others', () => {
  it('ends every session of mine but this one', async () => {
    const me = await t.signedIn({ level: 'user' });
    const phone = await secondBrowser(me.email);
    const laptop = await secondBrowser(me.email, FIREFOX);
    const colleague = await t.signedIn({ level: 'user', accountId: me.accountId });

    const res = await me.post('/api/me/sessions/end-others');
    expect(res.status).toBe(200);
    expect(endedSessionsSchema.strict().parse(await res.json())).toEqual({ ended: 2 });

    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await me.get('/api/me')).status).toBe(200);
    expect((await colleague.get('/api/me')).status).toBe(200);
  });
});

describe('DELETE /api/users/:id/sessions', () => {
  it("an administrator ends every session of a person of the account; others' go on", async () => {
    const admin = await t.signedIn({ level: 'administrator' });
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const personsPhone = await secondBrowser(person.email);
    const colleague = await t.signedIn({ level: 'user', accountId: admin.accountId });

    const res = await admin.delete(`/api/users/${person.userId}/sessions`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: 2 });
    expect((await person.get('/api/me')).status).toBe(401);
    expect((await personsPhone.get('/api/me')).status).toBe(401);
    expect((await colleague.get('/api/me')).status).toBe(200);
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('answers 404 for a person of another account and 403 to a non-administrator', async () => {
    const admin = await t.signedIn({ level: 'administrator' });
    const elsewhere = await t.signedIn({ level: 'user' });
    const res = await admin.delete(`/api/users/${elsewhere.userId}/sessions`);
    expect(res.status).toBe(404);
    expect((await elsewhere.get('/api/me')).status).toBe(200);

    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const refused = await user.delete(`/api/users/${admin.userId}/sessions`);
    expect(refused.status).toBe(403);
    expect((await admin.get('/api/me')).status).toBe(200);
  });
});

describe('POST /api/settings/security/end-sessions', () => {
  it("signs everyone in the account out but the caller's own session", async () => {
    const admin = await t.signedIn({ level: 'administrator' });
    const adminsPhone = await secondBrowser(admin.email);
    const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const elsewhere = await t.signedIn({ level: 'user' });

    const res = await admin.post('/api/settings/security/end-sessions');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: 2 });
    expect((await adminsPhone.get('/api/me')).status).toBe(401);
    expect((await person.get('/api/me')).status).toBe(401);
    expect((await admin.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(200);

    const audit = await auditOf(admin);
    expect(audit.items[0]).toMatchObject({ target: { type: 'account', id: admin.accountId } });
  });

  it('is refused to a person with user level', async () => {
    const admin = await t.signedIn({ level: 'administrator' });
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.post('/api/settings/security/end-sessions')).status).toBe(403);
    expect((await admin.get('/api/me')).status).toBe(200);
  });
});

describe('sign-in', () => {
  it('leaves the address out when it is unknown (an in-process request has no socket)', async () => {
    const me = await t.signedIn({ level: 'user' });
    expect((await sessionsOf(me))[0]!.address).toBeNull();
  });
});
