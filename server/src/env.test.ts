import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('configuration', () => {
  it('runs on the embedded database on port 8080 with nothing set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 8080, DATA_DIR: './.data', PERIMETER_PLAN: 'enterprise' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('refuses a bad setting at start-up, naming it and saying why', () => {
    expect(() => loadEnv({ PORT: 'eighty', PERIMETER_PLAN: 'gold' })).toThrow(
      /PORT:.*\n.*PERIMETER_PLAN:/s,
    );
    expect(() => loadEnv({ DATABASE_URL: 'mysql://db/perimeter' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
  });

  it('reads boolean flags strictly', () => {
    expect(loadEnv({ COOKIE_SECURE: '0' })).toMatchObject({ COOKIE_SECURE: false });
    expect(() => loadEnv({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE/);
  });

  it('reads which proxies to trust: none, a number of hops (true is one), or addresses', () => {
    for (const none of [undefined, '', 'false', '0']) {
      expect(loadEnv({ TRUST_PROXY: none }).TRUST_PROXY, String(none)).toBe(false);
    }
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '2001:db8::1',
    ]);
    for (const wrong of ['yes', 'loopback, proxy.example', '10.0.0.0/33', '11']) {
      expect(() => loadEnv({ TRUST_PROXY: wrong }), wrong).toThrow(/TRUST_PROXY must be/);
    }
  });

  it('reads the mail and link settings, and wants a sender with an SMTP server', () => {
    expect(
      loadEnv({
        PUBLIC_URL: 'https://ci.example.com/',
        SMTP_URL: 'smtp://mailer:secret@mail.example.com:587',
        SMTP_FROM: 'Perimeter <perimeter@example.com>',
      }),
    ).toMatchObject({ PUBLIC_URL: 'https://ci.example.com', INVITATION_DAYS: 7 });
    expect(() => loadEnv({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(
      /SMTP_FROM: SMTP_FROM is needed when SMTP_URL is set/,
    );
    expect(() => loadEnv({ SMTP_URL: 'mail.example.com:25', SMTP_FROM: 'x@y.z' })).toThrow(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => loadEnv({ PUBLIC_URL: 'ftp://example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadEnv({ INVITATION_DAYS: '90' })).toThrow(/INVITATION_DAYS/);
  });

  it('serves at the root, or under a BASE_PATH that starts with / and has no trailing /', () => {
    expect(loadEnv({}).BASE_PATH).toBe('');
    expect(loadEnv({ BASE_PATH: '' }).BASE_PATH).toBe('');
    expect(loadEnv({ BASE_PATH: '/perimeter' }).BASE_PATH).toBe('/perimeter');
    expect(loadEnv({ BASE_PATH: '/tools/ci-console_2' }).BASE_PATH).toBe('/tools/ci-console_2');
    for (const wrong of [
      '/',
      'perimeter',
      '/perimeter/',
      '//perimeter',
      '/a b',
      '/a/../b',
      '/..',
      '/"x',
      '/<x>',
    ]) {
      expect(() => loadEnv({ BASE_PATH: wrong }), wrong).toThrow(/BASE_PATH must be empty/);
    }
  });

  it('takes a PUBLIC_URL with no path or with the same path as BASE_PATH', () => {
    const env = { BASE_PATH: '/perimeter' };
    expect(loadEnv({ ...env, PUBLIC_URL: 'https://ci.example.com' }).PUBLIC_URL).toBe(
      'https://ci.example.com',
    );
    expect(loadEnv({ ...env, PUBLIC_URL: 'https://ci.example.com/perimeter/' }).PUBLIC_URL).toBe(
      'https://ci.example.com/perimeter',
    );
    expect(() => loadEnv({ ...env, PUBLIC_URL: 'https://ci.example.com/other' })).toThrow(
      /PUBLIC_URL: PUBLIC_URL may name no path, or the same path as BASE_PATH/,
    );
    expect(() => loadEnv({ PUBLIC_URL: 'https://ci.example.com/perimeter' })).toThrow(/PUBLIC_URL/);
  });
});
