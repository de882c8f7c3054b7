import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationSchema } from '../../../contract/auth';
import { DAY } from '../../lib/clock';
import { expectData } from '../../testing/api-client';
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
  const { response } = await browser.api.POST('/api/auth/login', {
    body: { email: person.email, password: TEST_PASSWORD },
  });
  expect(response.status).toBe(204);
  return browser;
}

async function invite(
  admin: TestAgent,
  body: { email: string; name?: string; level?: 'user' | 'administrator' },
) {
  const invited = await expectData(admin.api.POST('/api/users', { body }), 201);
  return { ...invited, token: tokenOf(invited.invitationUrl) };
}

const byId = (id: string) => ({ params: { path: { id } } });
const byToken = (token: string) => ({ params: { path: { token } } });
const invitation = (token: string) =>
  t.agent().api.GET('/api/auth/invitations/{token}', byToken(token));
const accept = (token: string, body: { password: string; name?: string }) =>
  t.agent().api.POST('/api/auth/invitations/{token}/accept', { ...byToken(token), body });

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
    expect(new Date(invited.invitation!.expiresAt).getTime() - t.clock.now().getTime()).toBe(
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
      expect((await admin.api.GET('/api/users/{id}', byId(invited.id))).response.status).toBe(200);
    } finally {
      mailer.failWith = undefined;
    }
  });

  it('refuses a bad email, a duplicate invitation and a member, each with its reason', async () => {
    const admin = await t.signedIn();
    const bad = await admin.api.POST('/api/users', { body: { email: 'not an email' } });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.errors?.[0]).toMatchObject({ path: 'email' });

    const email = freshEmail();
    await invite(admin, { email });
    const again = await admin.api.POST('/api/users', { body: { email } });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'already-invited' });

    const member = await admin.api.POST('/api/users', { body: { email: admin.email } });
    expect(member.response.status).toBe(409);
    expect(member.error).toMatchObject({ code: 'already-member' });

    const elsewhere = await (await t.signedIn()).api.POST('/api/users', { body: { email } });
    expect(elsewhere.response.status).toBe(409);
    expect(elsewhere.error).toMatchObject({ code: 'email-taken' });
  });

  it('limits invitations to the account’s email domains when it has any (P-1.8)', async () => {
    const admin = await t.signedIn();
    const settings = await expectData(
      admin.api.PUT('/api/settings/account', {
        body: { invitationDomains: ['Example.org', '@acme.example'] },
      }),
    );
    expect(settings.invitationDomains).toEqual(['acme.example', 'example.org']);

    const inviting = (email: string) => admin.api.POST('/api/users', { body: { email } });
    const refused = await inviting('mallory@evil.example');
    expect(refused.response.status).toBe(422);
    expect(refused.error?.errors).toEqual([
      {
        path: 'email',
        message:
          'This account only invites addresses at acme.example and example.org; evil.example is not one of them.',
      },
    ]);
    // Exactly those domains: not a look-alike ending in one of them.
    expect((await inviting('x@notexample.org')).response.status).toBe(422);
    expect((await inviting('x@example.org')).response.status).toBe(201);

    await admin.api.PUT('/api/settings/account', { body: { invitationDomains: [] } });
    expect((await inviting('x@evil.example')).response.status).toBe(201);
  });

  it('is refused to people with user level', async () => {
    const admin = await t.signedIn();
    const user = await t.signedIn({ level: 'user', accountId: admin.accountId });
    expect(
      (await user.api.POST('/api/users', { body: { email: freshEmail() } })).response.status,
    ).toBe(403);
  });
});

describe('accepting', () => {
  it('shows who is invited, sets the password once, and the person signs in', async () => {
    const admin = await t.signedIn();
    const email = freshEmail();
    const { token, id } = await invite(admin, { email, name: 'Katherine' });

    const info = await invitation(token);
    expect(info.response.status).toBe(200);
    expect(invitationSchema.strict().parse(info.data)).toMatchObject({
      email,
      name: 'Katherine',
      accountName: expect.stringMatching(/^Account /),
    });

    // Before accepting, the invited person cannot sign in.
    const login = { body: { email, password: PASSWORD } };
    const early = await t.agent().api.POST('/api/auth/login', login);
    expect(early.response.status).toBe(401);

    const accepted = await accept(token, { password: PASSWORD, name: 'Katherine Johnson' });
    expect(accepted.response.status).toBe(204);

    const person = t.agent();
    expect((await person.api.POST('/api/auth/login', login)).response.status).toBe(204);
    const me = await expectData(person.api.GET('/api/me'));
    expect(me).toMatchObject({ email, name: 'Katherine Johnson', level: 'user' });
    const listed = await expectData(admin.api.GET('/api/users/{id}', byId(id)));
    expect(listed).toMatchObject({ status: 'active', invitation: null });

    const reused = await accept(token, { password: 'another password!' });
    expect(reused.response.status).toBe(410);
    expect(reused.error).toMatchObject({ code: 'invitation-used' });
    expect((await invitation(token)).response.status).toBe(410);
  });

  it('refuses an expired link (410) and an unknown one (404)', async () => {
    const before = await t.signedIn();
    const { token, id } = await invite(before, { email: freshEmail() });
    t.clock.advance(7 * DAY + 1);
    const admin = await signInAgain(before);
    const expired = await accept(token, { password: PASSWORD });
    expect(expired.response.status).toBe(410);
    expect(expired.error).toMatchObject({ code: 'invitation-expired' });
    expect((await admin.api.GET('/api/users/{id}', byId(id))).response.status).toBe(200);
    const listed = await expectData(admin.api.GET('/api/users/{id}', byId(id)));
    expect(listed.invitation?.expired).toBe(true);

    const unknown = await invitation('not-a-real-token');
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'invitation-unknown' });
  });

  it('refuses a short password with a 422 naming the field, leaving the link usable', async () => {
    const admin = await t.signedIn();
    const { token } = await invite(admin, { email: freshEmail() });
    const short = await accept(token, { password: 'short' });
    expect(short.response.status).toBe(422);
    expect(short.error?.errors).toEqual([
      { path: 'password', message: 'Use at least 12 characters.' },
    ]);
    expect((await accept(token, { password: PASSWORD })).response.status).toBe(204);
  });

  it('accepts one of two simultaneous uses of a link', async () => {
    const admin = await t.signedIn();
    const { token } = await invite(admin, { email: freshEmail() });
    const results = await Promise.all([
      accept(token, { password: PASSWORD }),
      accept(token, { password: 'the other password' }),
    ]);
    expect(results.map(({ response }) => response.status).sort()).toEqual([204, 410]);
  });
});

describe('resending and withdrawing', () => {
  it('a resent invitation has a new link; the old one stops working', async () => {
    const before = await t.signedIn();
    const { token, id } = await invite(before, { email: freshEmail() });
    t.clock.advance(8 * DAY);
    const admin = await signInAgain(before);

    const body = await expectData(admin.api.POST('/api/users/{id}/invitation', byId(id)));
    const newToken = tokenOf(body.invitationUrl);
    expect(newToken).not.toBe(token);
    expect(body.invitation?.expired).toBe(false);
    expect(body.mail).toBe('sent');

    expect((await invitation(token)).response.status).toBe(404);
    expect((await accept(newToken, { password: PASSWORD })).response.status).toBe(204);
    const again = await admin.api.POST('/api/users/{id}/invitation', byId(id));
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'already-accepted' });
  });

  it('a withdrawn invitation removes the invited person and its link', async () => {
    const admin = await t.signedIn();
    const email = freshEmail();
    const { token, id } = await invite(admin, { email });
    expect((await admin.api.DELETE('/api/users/{id}/invitation', byId(id))).response.status).toBe(
      204,
    );
    expect((await admin.api.GET('/api/users/{id}', byId(id))).response.status).toBe(404);
    expect((await invitation(token)).response.status).toBe(404);
    // The address is free again.
    expect((await admin.api.POST('/api/users', { body: { email } })).response.status).toBe(201);

    const member = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const res = await admin.api.DELETE('/api/users/{id}/invitation', byId(member.userId));
    expect(res.response.status).toBe(409);
    expect((await admin.api.GET('/api/users/{id}', byId(member.userId))).response.status).toBe(200);
  });

  it("cannot resend or withdraw another account's invitation", async () => {
    const admin = await t.signedIn();
    const { id } = await invite(admin, { email: freshEmail() });
    const other = await t.signedIn();
    expect((await other.api.POST('/api/users/{id}/invitation', byId(id))).response.status).toBe(
      404,
    );
    expect((await other.api.DELETE('/api/users/{id}/invitation', byId(id))).response.status).toBe(
      404,
    );
    expect((await admin.api.GET('/api/users/{id}', byId(id))).response.status).toBe(200);
  });
});

describe('without SMTP settings', () => {
  it('shows the link only, and builds it from the request when PUBLIC_URL is not set', async () => {
    const plain = await createTestApp();
    try {
      const admin = await plain.signedIn();
      const invited = await expectData(
        admin.api.POST('/api/users', { body: { email: 'someone@example.com' } }),
        201,
      );
      expect(invited.mail).toBe('not-configured');
      expect(invited.invitationUrl).toMatch(/^http:\/\/localhost\/accept-invitation#/);
    } finally {
      await plain.close();
    }
  });
});
