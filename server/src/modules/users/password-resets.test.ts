import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { passwordResetLinkSchema } from '../../../contract/users';
import { passwordResets } from '../../db/schema';
import { HOUR } from '../../lib/clock';
import { sha256 } from '../../lib/crypto';
import { RecordingMailer } from '../../testing/recording-mailer';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../../testing/test-app';

let t: TestContext;
const mailer = new RecordingMailer();
beforeAll(async () => {
  t = await createTestApp({
    mailer,
    captureLogs: true,
    env: { PUBLIC_URL: 'https://perimeter.example.com' },
  });
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a fresh start passphrase';

async function signIn(email: string, password: string) {
  const browser = t.agent();
  const { response } = await browser.api.POST('/api/auth/login', { body: { email, password } });
  return { browser, status: response.status };
}

/** An administrator and a signed-in person of their account. */
async function scene() {
  const admin = await t.signedIn();
  const person = await t.signedIn({ level: 'user', accountId: admin.accountId });
  return { admin, person };
}

async function issue(admin: Awaited<ReturnType<typeof scene>>['admin'], userId: string) {
  const res = await admin.post(`/api/users/${userId}/password-reset`);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const link = passwordResetLinkSchema.strict().parse(await res.json());
  return { ...link, token: link.resetUrl.slice(link.resetUrl.indexOf('#') + 1) };
}

const use = (token: string, password = NEW_PASSWORD) =>
  t.agent().post(`/api/auth/password-reset/${token}`, { password });

describe('password-reset links', () => {
  it('an administrator issues a link; the person sets a password with it and every session of theirs ends', async () => {
    const { admin, person } = await scene();
    const before = mailer.sent.length;
    const link = await issue(admin, person.userId);
    expect(link.resetUrl).toMatch(/^https:\/\/perimeter\.example\.com\/reset-password#[\w-]{20,}$/);
    expect(link.expiresAt).toBe(new Date(t.clock.now().getTime() + 24 * HOUR).toISOString());
    expect(link.mail).toBe('sent');
    expect(mailer.sent.slice(before)).toEqual([
      expect.objectContaining({ to: person.email, text: expect.stringContaining(link.resetUrl) }),
    ]);
    // Stored hashed, never logged.
    const [row] = await t.deps.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, person.userId));
    expect(row!.tokenHash).toBe(sha256(link.token));
    expect(t.logs.join('\n')).not.toContain(link.token);

    expect((await person.get('/api/me')).status).toBe(200);
    expect((await use(link.token)).status).toBe(204);
    expect((await person.get('/api/me')).status).toBe(401);
    // The request is logged, with the token taken out of its path.
    expect(t.logs.join('\n')).not.toContain(link.token);
    expect(t.logs.join('\n')).toContain('/api/auth/password-reset/[redacted]');
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(person.email, NEW_PASSWORD)).status).toBe(204);

    // The link works once.
    const again = await use(link.token, 'yet another passphrase');
    expect(again.status).toBe(410);
    expect((await again.json()).code).toBe('reset-used');
    expect((await signIn(person.email, NEW_PASSWORD)).status).toBe(204);
  });

  it('a new link replaces the previous one', async () => {
    const { admin, person } = await scene();
    const first = await issue(admin, person.userId);
    const second = await issue(admin, person.userId);
    const old = await use(first.token);
    expect(old.status).toBe(404);
    expect((await old.json()).detail).toMatch(/not valid: it may have been replaced/);
    expect((await use(second.token)).status).toBe(204);
  });

  it('an expired link is refused with a sentence and changes nothing', async () => {
    const { admin, person } = await scene();
    const link = await issue(admin, person.userId);
    t.clock.advance(24 * HOUR);
    const expired = await use(link.token);
    expect(expired.status).toBe(410);
    expect((await expired.json()).detail).toMatch(/^This password-reset link expired on /);
    expect((await signIn(person.email, TEST_PASSWORD)).status).toBe(204);
  });

  it('an unknown token and a weak password are refused without a 500, and change nothing', async () => {
    const { admin, person } = await scene();
    expect((await use('no-such-token')).status).toBe(404);
    expect((await use('x'.repeat(201))).status).toBe(422);
    const link = await issue(admin, person.userId);
    const weak = await use(link.token, 'short');
    expect(weak.status).toBe(422);
    expect((await weak.json()).errors).toEqual([
      { path: 'password', message: 'Use at least 12 characters.' },
    ]);
    expect(
      (await t.agent().post(`/api/auth/password-reset/${link.token}`, { password: 1 })).status,
    ).toBe(422);
    expect(
      (
        await t.agent().post(`/api/auth/password-reset/${link.token}`, {
          password: NEW_PASSWORD,
          extra: true,
        })
      ).status,
    ).toBe(422);
    const malformed = await t.agent().post(`/api/auth/password-reset/${link.token}`, undefined, {
      rawBody: '{"password":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    // The refusals did not use the link up.
    expect((await use(link.token)).status).toBe(204);
  });

  it('refuses invited people, people of other accounts and SSO-only people with a sentence', async () => {
    const { admin } = await scene();
    const invited = await (await admin.post('/api/users', { email: 'pending@example.com' })).json();
    const refused = await admin.post(`/api/users/${invited.id}/password-reset`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toMatch(/Send them a new invitation link instead\.$/);

    const stranger = await t.signedIn({ level: 'user' });
    expect((await admin.post(`/api/users/${stranger.userId}/password-reset`)).status).toBe(404);
    expect((await admin.post('/api/users/not-a-uuid/password-reset')).status).toBe(422);

    const created = await admin.post('/api/sso-providers', {
      type: 'oidc',
      name: 'Acme Okta',
      issuerUrl: 'https://acme.okta.example/oauth2/default',
      clientId: 'perimeter',
      clientSecret: 'shh',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const provider = await created.json();
    const ssoPerson = await t.signedIn({ level: 'user', accountId: admin.accountId });
    const assigned = await admin.patch(`/api/users/${ssoPerson.userId}`, {
      ssoProviderId: provider.id,
    });
    expect(assigned.status, await assigned.clone().text()).toBe(200);
    const sso = await admin.post(`/api/users/${ssoPerson.userId}/password-reset`);
    expect(sso.status).toBe(409);
    expect((await sso.json()).code).toBe('signs-in-through-sso');
  });

  it('is for administrators only', async () => {
    const { admin, person } = await scene();
    expect((await person.post(`/api/users/${admin.userId}/password-reset`)).status).toBe(403);
    expect((await person.post(`/api/users/${person.userId}/password-reset`)).status).toBe(403);
  });

  it('without SMTP the link is only in the answer', async () => {
    const plain = await createTestApp();
    try {
      const admin = await plain.signedIn();
      const person = await plain.signedIn({ level: 'user', accountId: admin.accountId });
      const res = await admin.post(`/api/users/${person.userId}/password-reset`);
      expect(res.status).toBe(200);
      expect((await res.json()).mail).toBe('not-configured');
    } finally {
      await plain.close();
    }
  });

  it('two uses of one link at the same time: one sets the password, the other is refused', async () => {
    const { admin, person } = await scene();
    const link = await issue(admin, person.userId);
    const answers = await Promise.all([
      use(link.token, 'first of two passphrases'),
      use(link.token, 'second of two passphrases'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([204, 410]);
  });
});

describe('"Forgot your password?"', () => {
  const forgot = (email: unknown, address = '203.0.113.7') =>
    t
      .agent()
      .post('/api/auth/password-reset', { email }, { headers: { 'x-forwarded-for': address } });

  it('answers 202 with the same body for a known and an unknown address, and mails only the known one', async () => {
    const { person } = await scene();
    const before = mailer.sent.length;
    const known = await forgot(person.email.toUpperCase());
    const unknown = await forgot('nobody-here@example.com');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    const body = await known.json();
    expect(await unknown.json()).toEqual(body);
    expect(body.detail).toMatch(/^If this address belongs to an account here/);

    await vi.waitFor(() => expect(mailer.sent.length).toBe(before + 1));
    const mail = mailer.sent.at(-1)!;
    expect(mail.to).toBe(person.email);
    const url = mail.text.match(/https:\/\/perimeter\.example\.com\/reset-password#[\w-]+/)![0];
    expect(t.logs.join('\n')).not.toContain(url.slice(url.indexOf('#') + 1));

    // The mailed link works like an administrator's.
    expect((await use(url.slice(url.indexOf('#') + 1))).status).toBe(204);
    expect((await signIn(person.email, NEW_PASSWORD)).status).toBe(204);
  });

  it('mails nothing to invited people', async () => {
    const { admin } = await scene();
    await admin.post('/api/users', { email: 'not-yet@example.com' });
    const before = mailer.sent.length;
    expect((await forgot('not-yet@example.com')).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mailer.sent.length).toBe(before);
  });

  it('is throttled per address, quietly: still 202, but no more mail', async () => {
    const { person } = await scene();
    const before = mailer.sent.length;
    for (let i = 0; i < 5; i += 1) {
      expect((await forgot(person.email, `198.51.100.${i}`)).status).toBe(202);
    }
    await vi.waitFor(() => expect(mailer.sent.length).toBe(before + 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mailer.sent.length).toBe(before + 3);
  });

  it('refuses a malformed address with 422 and a wrong body with 4xx, never 500', async () => {
    expect((await forgot('not an address')).status).toBe(422);
    expect((await forgot(42)).status).toBe(422);
    const malformed = await t.agent().post('/api/auth/password-reset', undefined, {
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  it('without SMTP sends nothing and says so in GET /api/auth/setup', async () => {
    const plain = await createTestApp();
    try {
      const status = await plain.agent().get('/api/auth/setup');
      expect((await status.json()).passwordResetByMail).toBe(false);
      const res = await plain
        .agent()
        .post('/api/auth/password-reset', { email: 'someone@example.com' });
      expect(res.status).toBe(202);
    } finally {
      await plain.close();
    }
    expect((await (await t.agent().get('/api/auth/setup')).json()).passwordResetByMail).toBe(true);
  });
});
