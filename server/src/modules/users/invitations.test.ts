import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationSchema } from '../../../contract/auth';
import { DAY } from '../../lib/clock';
import { RecordingMailer } from '../../testing/recording-mailer';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';
import type { TestAgent } from '../../testing/test-agent';

let t: TestContext;
const mailer = new RecordingMailer();
beforeAll(async () => {
  t = await createTestApp({ mailer, env: { PUBLIC_URL: 'https://perimeter.example.com' } });
});
afterAll(() => t.close());

const PASSWORD = 'a brand new password';
let sequence = 0;
const freshEmail = () => `invitee${++sequence}@example.com`;
const tokenOf = (invitationUrl: string) => invitationUrl.slice(invitationUrl.indexOf('#') + 1);

/** A new session for `person`, whose old one lapsed while the clock was moved on by days. */
async function signInAgain(person: TestAgent & { email: string }) {
  const browser = t.agent();
  const res = await browser.post('/api/auth/login', {
    email: person.email,
    password: TEST_PASSWORD,
  });
  expect(res.status).toBe(204);
  return browser;
}

async function invite(admin: TestAgent, body: Record<string, unknown>) {
  const res = await admin.post('/api/users', body);
  expect(res.status, await res.clone().text()).toBe(201);
  const invited = await res.json();
  return { ...invited, token: tokenOf(invited.invitationUrl) };
}

describe('inviting', () => {
  it('adds an invited person with a one-time link, and mails it when SMTP is configured', async () => {
    const admin = await t.signedIn();
    const email = freshEmail();
    const invited = await invite(admin, { email: email.toUpperCase(), level: 'administrator' });
    expect(invited).toMatchObject({
      email,
      level: 'administrator',
      status: 'invited',
      mail: 'sent',
    });
    expect(invited.invitationUrl).toMatch(
      /^https:\/\/perimeter\.example\.com\/accept-invitation#[\w-]{43}$/,
    );
    expect(new Date(invited.invitation.expiresAt).getTime() - t.clock.now().getTime()).toBe(
      7 * DAY,
    );
    const mail = mailer.sent.at(-1)!;
    expect(mail.to).toBe(email);
    expect(mail.subject).toMatch(/^You are invited to Account \d+ on Perimeter$/);
    expect(mail.text).toContain(invited.invitationUrl);
  });

  it('still invites when mailing fails, and says so', async () => {
    const admin = await t.signedIn();
    mailer.failWith = new Error('connect ECONNREFUSED 10.0.0.25:587');
    try {
      const invited = await invite(admin, { email: freshEmail() });
      expect(invited.mail).toBe('failed');
      expect((await admin.get(`/api/users/${invited.id}`)).status).toBe(200);
    } finally {
      mailer.failWith = undefined;
    }
  });

  it('refuses a bad email, a duplicate invitation and a member, each with its reason', async () => {
    const admin = await t.signedIn();
    const bad = await admin.post('/api/users', { email: 'not an email' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0]).toMatchObject({ path: 'email' });

    const email = freshEmail();
    await invite(admin, { email });
    const again = await admin.post('/api/users', { email });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'already-invited' });

    const member = await admin.post('/api/users', { email: admin.email });
    expect(member.status).toBe(409);
    expect(await member.json()).toMatchObject({ code: 'already-member' });

    const elsewhere = await (await t.signedIn()).post('/api/users', { email });
    expect(elsewhere.status).toBe(409);
    expect(await elsewhere.json()).toMatchObject({ code: 'email-taken' });
  });

  it('limits invitations to the account’s email domains when it has any (P-1.8)', async () => {
    const admin = await t.signedIn();
    const settings = await admin.put('/api/settings/account', {
      invitationDomains: ['Example.org', '@acme.example'],
    });
    expect((await settings.json()).invitationDomains).toEqual(['acme.example', 'example.org']);

    const refused = await admin.post('/api/users', { email: 'mallory@evil.example' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors).toEqual([
      {
        path: 'email',
        message:
          'This account only invites addresses at acme.example and example.org; evil.example is not one of them.',
      },
    ]);
    // Exactly those domains: not a look-alike ending in one of them.
    expect((await admin.post('/api/users', { email: 'x@notexample.org' })).status).toBe(422);
    expect((await admin.post('/api/users', { email: 'x@example.org' })).status).toBe(201);

    await admin.put('/api/settings/account', { invitationDomains: [] });
    expect((await admin.post('/api/users', { email: 'x@evil.example' })).status).toBe(201);
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect((await user.post('/api/users', { email: freshEmail() })).status).toBe(403);
  });
});

describe('accepting', () => {
  it('shows who is invited, sets the password once, and the person signs in', async () => {
    const admin = await t.signedIn();
    const email = freshEmail();
    const { token, id } = await invite(admin, { email, name: 'Katherine' });

    const info = await t.agent().get(`/api/auth/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(invitationSchema.strict().parse(await info.json())).toMatchObject({
      email,
      name: 'Katherine',
      accountName: expect.stringMatching(/^Account /),
    });

    // Before accepting, the invited person cannot sign in.
    const early = await t.agent().post('/api/auth/login', { email, password: PASSWORD });
    expect(early.status).toBe(401);

    const accept = await t.agent().post(`/api/auth/invitations/${token}/accept`, {
      password: PASSWORD,
      name: 'Katherine Johnson',
    });
    expect(accept.status).toBe(204);

    const person = t.agent();
    expect((await person.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(204);
    const me = await (await person.get('/api/me')).json();
    expect(me).toMatchObject({ email, name: 'Katherine Johnson', level: 'user' });
    const listed = await (await admin.get(`/api/users/${id}`)).json();
    expect(listed).toMatchObject({ status: 'active', invitation: null });

    const reused = await t
      .agent()
      .post(`/api/auth/invitations/${token}/accept`, { password: 'another password!' });
    expect(reused.status).toBe(410);
    expect(await reused.json()).toMatchObject({ code: 'invitation-used' });
    expect((await t.agent().get(`/api/auth/invitations/${token}`)).status).toBe(410);
  });

  it('refuses an expired link (410) and an unknown one (404)', async () => {
    const before = await t.signedIn();
    const { token, id } = await invite(before, { email: freshEmail() });
    t.clock.advance(7 * DAY + 1);
    const admin = await signInAgain(before);
    const expired = await t
      .agent()
      .post(`/api/auth/invitations/${token}/accept`, { password: PASSWORD });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'invitation-expired' });
    expect((await admin.get(`/api/users/${id}`)).status).toBe(200);
    const listed = await (await admin.get(`/api/users/${id}`)).json();
    expect(listed.invitation.expired).toBe(true);

    const unknown = await t.agent().get('/api/auth/invitations/not-a-real-token');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'invitation-unknown' });
  });

  it('refuses a short password with a 422 naming the field, leaving the link usable', async () => {
    const admin = await t.signedIn();
    const { token } = await invite(admin, { email: freshEmail() });
    const short = await t
      .agent()
      .post(`/api/auth/invitations/${token}/accept`, { password: 'short' });
    expect(short.status).toBe(422);
    expect((await short.json()).errors).toEqual([
      { path: 'password', message: 'Use at least 12 characters.' },
    ]);
    expect(
      (await t.agent().post(`/api/auth/invitations/${token}/accept`, { password: PASSWORD }))
        .status,
    ).toBe(204);
  });

  it('accepts one of two simultaneous uses of a link', async () => {
    const admin = await t.signedIn();
    const { token } = await invite(admin, { email: freshEmail() });
    const results = await Promise.all([
      t.agent().post(`/api/auth/invitations/${token}/accept`, { password: PASSWORD }),
      t.agent().post(`/api/auth/invitations/${token}/accept`, { password: 'the other password' }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([204, 410]);
  });
});

describe('resending and withdrawing', () => {
  it('a resent invitation has a new link; the old one stops working', async () => {
    const before = await t.signedIn();
    const { token, id } = await invite(before, { email: freshEmail() });
    t.clock.advance(8 * DAY);
    const admin = await signInAgain(before);

    const resent = await admin.post(`/api/users/${id}/invitation`);
    expect(resent.status).toBe(200);
    const body = await resent.json();
    const newToken = tokenOf(body.invitationUrl);
    expect(newToken).not.toBe(token);
    expect(body.invitation.expired).toBe(false);
    expect(body.mail).toBe('sent');

    expect((await t.agent().get(`/api/auth/invitations/${token}`)).status).toBe(404);
    expect(
      (await t.agent().post(`/api/auth/invitations/${newToken}/accept`, { password: PASSWORD }))
        .status,
    ).toBe(204);
    const again = await admin.post(`/api/users/${id}/invitation`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'already-accepted' });
  });

  it('a withdrawn invitation removes the invited person and its link', async () => {
    const admin = await t.signedIn();
    const email = freshEmail();
    const { token, id } = await invite(admin, { email });
    expect((await admin.delete(`/api/users/${id}/invitation`)).status).toBe(204);
    expect((await admin.get(`/api/users/${id}`)).status).toBe(404);
    expect((await t.agent().get(`/api/auth/invitations/${token}`)).status).toBe(404);
    // The address is free again.
    expect((await admin.post('/api/users', { email })).status).toBe(201);

    const member = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const res = await admin.delete(`/api/users/${member.userId}/invitation`);
    expect(res.status).toBe(409);
    expect((await admin.get(`/api/users/${member.userId}`)).status).toBe(200);
  });

  it("cannot resend or withdraw another account's invitation", async () => {
    const admin = await t.signedIn();
    const { id } = await invite(admin, { email: freshEmail() });
    const other = await t.signedIn();
    expect((await other.post(`/api/users/${id}/invitation`)).status).toBe(404);
    expect((await other.delete(`/api/users/${id}/invitation`)).status).toBe(404);
    expect((await admin.get(`/api/users/${id}`)).status).toBe(200);
  });
});

describe('without SMTP settings', () => {
  it('shows the link only, and builds it from the request when PUBLIC_URL is not set', async () => {
    const plain = await createTestApp();
    try {
      const admin = await plain.signedIn();
      const res = await admin.post('/api/users', { email: 'someone@example.com' });
      const invited = await res.json();
      expect(invited.mail).toBe('not-configured');
      expect(invited.invitationUrl).toMatch(/^http:\/\/localhost\/accept-invitation#/);
    } finally {
      await plain.close();
    }
  });
});
