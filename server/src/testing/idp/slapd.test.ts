import { describe, expect, it } from 'vitest';
import { findSlapd, SLAPD_MISSING, startSlapd } from './slapd';

describe('the slapd harness', () => {
  it('fails, with how to install it, when slapd is missing (never a skipped test)', () => {
    expect(() => findSlapd(['/nonexistent/slapd'])).toThrow(SLAPD_MISSING);
    expect(SLAPD_MISSING).toContain('apt-get install -y slapd');
  });

  it('starts a directory that answers, and stops it', async () => {
    const slapd = await startSlapd();
    try {
      await slapd.load([
        { uid: 'ada', name: 'Ada Lovelace', mail: 'ada@acme.test', password: 'x' },
      ]);
      expect(slapd.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await slapd.stop();
    }
  });
});
