import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Seals the secrets the server must use again later (git provider and registry credentials,
 * cluster service-account tokens, webhook secrets) with AES-256-GCM before they reach the
 * database. A database dump or backup alone does not reveal them. Secrets the server only needs
 * to recognise (passwords, API tokens, runner credentials) are hashed instead, never sealed.
 *
 * A sealed value is `v1.<iv>.<tag>.<ciphertext>` (base64url parts); the version names the
 * format, so a key rotation can add `v2` beside it.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the value was not sealed with this key or was altered. */
  open(sealed: string): string;
}

const VERSION = 'v1';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secrets key must be 32 bytes.');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
        throw new Error('Not a sealed secret.');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

/** A key for tests and the in-memory demo: random, gone with the process. */
export function ephemeralSecretBox(): SecretBox {
  return createSecretBox(randomBytes(32));
}

/**
 * The deployment's key: `SECRETS_KEY` (32 bytes, base64) when set; otherwise the file
 * `secrets.key` in the data folder, created (readable by its owner only) on first start. Servers
 * that share one PostgreSQL database must share the key: set SECRETS_KEY on each.
 */
export function loadSecretKey(options: { secretsKey?: string; dataDir: string }): Buffer {
  if (options.secretsKey) return Buffer.from(options.secretsKey, 'base64');
  const file = join(options.dataDir, 'secrets.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
