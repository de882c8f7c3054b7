import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, ephemeralSecretBox, loadSecretKey } from './secret-box';

describe('secret box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const box = ephemeralSecretBox();
    const sealed = box.seal('ghp_s3cret-token');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed)).toBe('ghp_s3cret-token');
  });

  it('seals the same secret differently each time', () => {
    const box = ephemeralSecretBox();
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed with another key, or altered', () => {
    const sealed = ephemeralSecretBox().seal('secret');
    expect(() => ephemeralSecretBox().open(sealed)).toThrow();
    const box = createSecretBox(randomBytes(32));
    const mine = box.seal('secret');
    const [version, iv, tag, ciphertext] = mine.split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => box.open('plain text')).toThrow();
  });

  it('takes SECRETS_KEY when set, and otherwise keeps a key file readable by its owner only', () => {
    const configured = randomBytes(32);
    expect(
      loadSecretKey({ secretsKey: configured.toString('base64'), dataDir: '/nonexistent' }),
    ).toEqual(configured);

    const dataDir = join(mkdtempSync(join(tmpdir(), 'perimeter-key-')), 'data');
    const first = loadSecretKey({ dataDir });
    expect(first).toHaveLength(32);
    expect(loadSecretKey({ dataDir })).toEqual(first);
    const file = join(dataDir, 'secrets.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('base64'));
  });
});
