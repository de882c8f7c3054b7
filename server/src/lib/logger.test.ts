import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { openTestDatabase } from '../testing/test-database';
import { createLogger } from './logger';

const SECRET = 'Zq8-the-secret-value-7Kp';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`create table logged_values (v text unique)`);
  await database.db.execute(sql`insert into logged_values values (${SECRET})`);
});
afterAll(() => database.close());

/** The error a statement fails with, through the real driver (PGlite, or node-postgres). */
async function failure(statement: ReturnType<typeof sql>): Promise<unknown> {
  try {
    await database.db.execute(statement);
  } catch (error) {
    return error;
  }
  throw new Error('the statement was meant to fail');
}

/** The line the server's logger writes for `{ err }`, parsed. */
function logged(err: unknown): { line: string; err: Record<string, unknown> } {
  const lines: string[] = [];
  createLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(line) }).error(
    { err },
    'unhandled error',
  );
  const line = lines[0]!;
  return { line, err: (JSON.parse(line) as { err: Record<string, unknown> }).err };
}

describe('a database error in a log line', () => {
  it('names the statement and the SQLSTATE, never a value the statement carried', async () => {
    const cases = [
      // PostgreSQL quotes the value it could not read (class 22) …
      sql`select ${SECRET}::uuid`,
      // … the JSON it was parsing (in `where`) …
      sql`select ${`{"token": "${SECRET}", "x": "\\u0000"}`}::jsonb ->> 'x'`,
      // … and the key that already exists (in `detail`).
      sql`insert into logged_values values (${SECRET})`,
    ];
    for (const statement of cases) {
      const error = await failure(statement);
      // The raw error does carry the value: that is what must not reach the log.
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).toContain(
        SECRET,
      );
      const { line, err } = logged(error);
      expect(line).not.toContain(SECRET);
      expect(line).not.toMatch(/params|detail|"where"|Key \(/);
      expect(err.type).toBe('DrizzleQueryError');
      expect(err.query).toMatch(/^(select|insert)/);
      expect(err.stack).toMatch(/^Error: Failed query: /);
      expect((err.cause as { code: string }).code).toMatch(/^(22|23)/);
    }
  });

  it('leaves out the values when another error quotes a failed statement in its message', async () => {
    const error = await failure(sql`select ${SECRET}::int`);
    const wrapped = new Error(`session sweep: ${(error as Error).message}`, { cause: error });
    const { line, err } = logged(wrapped);
    expect(line).not.toContain(SECRET);
    expect(err.message).toBe('session sweep: Failed query: select $1::int');
  });

  it('keeps everything of an error that is not a database error', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
      code: 'ECONNREFUSED',
      port: 25,
    });
    const { err } = logged(error);
    expect(err).toMatchObject({
      type: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:25',
      code: 'ECONNREFUSED',
      port: 25,
    });
    expect(err.stack).toContain('logger.test.ts');
  });
});
