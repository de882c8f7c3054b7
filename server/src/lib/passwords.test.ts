import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createAccount, createActivePerson } from '../modules/auth/auth.service';
import { createTestApp, TEST_PASSWORDS, type TestContext } from '../testing/test-app';
import { PRODUCTION_SCRYPT_COST, productionPasswords, scryptHasher } from './passwords';

/** Made by the code before the cost became a dependency (hashPassword in lib/crypto.ts). */
const STORED_BEFORE = {
  password: 'a password stored before the cost was configurable',
  hash: 'scrypt$32768$8$1$Zw111JR20jX4TM6NKc_aKQ$BfwPrnQCAcgvqhiP3YV0BtP9v7efo9SYYfoM47vu2sw',
};

describe('password hashing', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('stores the cost with each hash', async () => {
    const [scheme, n, r, p] = (await TEST_PASSWORDS.hash('a password')).split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16', '8', '1']);
    expect(productionPasswords.cost).toEqual({ N: 2 ** 15, r: 8, p: 1 });
  });

  it('checks a hash at the cost stored with it, whatever the cost it is checked under', async () => {
    const cheap = await TEST_PASSWORDS.hash('the right password');
    const costlier = await scryptHasher({ N: 2 ** 12, r: 8, p: 1 }).hash('the right password');
    expect(await productionPasswords.verify('the right password', cheap)).toBe(true);
    expect(await TEST_PASSWORDS.verify('the right password', costlier)).toBe(true);
    expect(await TEST_PASSWORDS.verify('a wrong password', costlier)).toBe(false);
    // A hash stored by the old code, at production's cost, checked under the tests' cost.
    expect(await TEST_PASSWORDS.verify(STORED_BEFORE.password, STORED_BEFORE.hash)).toBe(true);
    expect(await TEST_PASSWORDS.verify('not it', STORED_BEFORE.hash)).toBe(false);
  });

  it('signs in a person hashed at production cost on an app that hashes cheaply', async () => {
    t = await createTestApp();
    const accountId = await createAccount(t.deps.db, 'Hashed before');
    const person = { email: 'old@example.com', name: 'Old Hash', password: 'an old password!' };
    await createActivePerson(t.deps.db, accountId, { ...person, level: 'user' });
    const res = await t
      .agent()
      .post('/api/auth/login', { email: person.email, password: person.password });
    expect(res.status).toBe(204);
  });

  it('is refused below production cost when NODE_ENV is production', async () => {
    t = await createTestApp();
    const production = { ...t.deps.env, NODE_ENV: 'production' as const };
    expect(() => createApp({ ...t!.deps, env: production })).toThrow(/production cost/);
    expect(() =>
      createApp({ ...t!.deps, env: production, passwords: productionPasswords }),
    ).not.toThrow();
    const lowerR = scryptHasher({ ...PRODUCTION_SCRYPT_COST, r: 4 });
    expect(() => createApp({ ...t!.deps, env: production, passwords: lowerR })).toThrow();
  });
});
