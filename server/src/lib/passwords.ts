import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's work factors: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// OWASP's scrypt baseline (N=2^17, r=8, p=1) costs 128 MiB per hash; that is too much for
// the 2-core machines this runs on under parallel sign-ins, so we take N=2^15 (32 MiB),
// which is still far beyond what a GPU rig enjoys. The parameters are stored with each
// hash, so raising them later only needs a re-hash on next sign-in.
export const PRODUCTION_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * Hashes and checks passwords at one cost. A dependency of the app (`Deps.passwords`) so that
 * the tests, which create and sign in hundreds of people, can hash cheaply; the server builds
 * it with PRODUCTION_SCRYPT_COST and no setting changes that (createApp refuses a weaker one
 * when NODE_ENV is production).
 */
export interface PasswordHasher {
  readonly cost: ScryptCost;
  /** `scrypt$N$r$p$salt$hash` (base64url parts): the cost travels with the hash. */
  hash(password: string): Promise<string>;
  /** Checks against a stored hash at the cost stored with it, whatever this hasher's cost. */
  verify(password: string, stored: string): Promise<boolean>;
  /**
   * A hash of a throwaway password at this cost, checked when the email is unknown so that a
   * sign-in takes as long as one with a wrong password: the answer's timing must not reveal
   * who has an account.
   */
  dummyHash(): Promise<string>;
}

function scryptAsync(password: string, salt: Buffer, keylen: number, cost: ScryptCost) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, keylen, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Checks a password against a stored hash in constant time, at the hash's own cost. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

export function scryptHasher(cost: ScryptCost): PasswordHasher {
  let dummy: Promise<string> | undefined;
  const hasher: PasswordHasher = {
    cost,
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, KEY_LENGTH, cost);
      return [
        'scrypt',
        cost.N,
        cost.r,
        cost.p,
        salt.toString('base64url'),
        key.toString('base64url'),
      ].join('$');
    },
    verify: verifyPassword,
    dummyHash: () => (dummy ??= hasher.hash(randomBytes(16).toString('hex'))),
  };
  return hasher;
}

/** The server's hasher, and the one used where no app is built (the demo seed, benchmarks). */
export const productionPasswords = scryptHasher(PRODUCTION_SCRYPT_COST);

/** Whether a hasher is at least as costly as production's in every factor. */
export function meetsProductionCost({ N, r, p }: ScryptCost): boolean {
  return (
    N >= PRODUCTION_SCRYPT_COST.N && r >= PRODUCTION_SCRYPT_COST.r && p >= PRODUCTION_SCRYPT_COST.p
  );
}
