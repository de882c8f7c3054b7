import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../env';
import { openTestDatabase } from '../testing/test-database';
import type { Database } from './client';
import { accounts, users } from './schema';

let database: Database;
let version: () => number;
let accountId: string;
beforeAll(async () => {
  database = await openTestDatabase();
  version = database.identityVersion ?? (() => 0);
  const [account] = await database.db
    .insert(accounts)
    .values({ name: 'Identity writes' })
    .returning({ id: accounts.id });
  accountId = account!.id;
});
afterAll(() => database.close());

/** How far the version moved while `run` ran. */
async function moves(run: () => Promise<unknown>): Promise<number> {
  const before = version();
  await run().catch(() => undefined);
  return version() - before;
}

// PostgreSQL has no identity version: other servers write to it too (client.ts).
describe.skipIf(testDatabaseUrl())('the identity version of the embedded database', () => {
  it('holds through reads, of the identity tables too', async () => {
    expect(await moves(() => database.db.select().from(users))).toBe(0);
    expect(await moves(() => database.db.select().from(accounts).for('update'))).toBe(0);
  });

  it('holds through writes to other tables', async () => {
    await database.db.execute(sql`create temporary table scratch (n integer)`);
    expect(await moves(() => database.db.execute(sql`insert into scratch values (1)`))).toBe(0);
    expect(await moves(() => database.db.execute(sql`update scratch set n = 2`))).toBe(0);
  });

  it('moves before and after a write to sessions, users or accounts', async () => {
    const rename = () =>
      database.db.update(accounts).set({ name: 'Renamed' }).where(eq(accounts.id, accountId));
    expect(await moves(rename)).toBe(2);
    expect(await moves(() => database.db.execute(sql`delete from sessions where false`))).toBe(2);
  });

  it('moves again when a transaction that wrote one ends, committed or rolled back', async () => {
    const write = (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0]) =>
      tx.update(accounts).set({ name: 'In a transaction' }).where(eq(accounts.id, accountId));
    expect(await moves(() => database.db.transaction(write))).toBe(3);
    const rolledBack = () =>
      database.db.transaction(async (tx) => {
        await write(tx);
        tx.rollback();
      });
    expect(await moves(rolledBack)).toBe(3);
    const readOnly = () => database.db.transaction((tx) => tx.select().from(users));
    expect(await moves(readOnly)).toBe(0);
  });
});
