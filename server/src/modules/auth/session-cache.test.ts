import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import { MINUTE } from '../../lib/clock';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { readSessionRow, SESSION_CACHE_LIMIT } from './session-cache';

/**
 * The session lookup remembers what it read on the embedded database (session-cache.ts). Every
 * test signs the person in, makes a request so that their session is remembered, then changes
 * something and checks that the next request sees the change, on PGlite (remembered) and on
 * PostgreSQL (read every time) alike.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function pair() {
  const admin = await t.signedIn({ level: 'administrator' });
  const other = await t.signedIn({ level: 'administrator', accountId: admin.accountId });
  // Remembered now (on PGlite), twice over.
  expect((await other.get('/api/settings/security')).status).toBe(200);
  expect((await other.get('/api/me')).status).toBe(200);
  return { admin, other };
}

describe('a remembered session', () => {
  it('ends at sign-out', async () => {
    const { other } = await pair();
    const cookies = new Map(other.cookies);
    expect((await other.post('/api/auth/logout')).status).toBe(204);
    for (const [k, v] of cookies) other.cookies.set(k, v);
    expect((await other.get('/api/me')).status).toBe(401);
  });

  it('takes a new access level at once: a demoted administrator is refused the next request', async () => {
    const { admin, other } = await pair();
    const demoted = await admin.patch(`/api/users/${other.userId}`, { level: 'user' });
    expect(demoted.status).toBe(200);
    const res = await other.get('/api/settings/security');
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('administrators-only');
  });

  it('ends when the person is removed', async () => {
    const { admin, other } = await pair();
    expect((await admin.delete(`/api/users/${other.userId}`)).status).toBe(204);
    expect((await other.get('/api/me')).status).toBe(401);
  });

  it('ends when the person stops being active, whatever wrote it', async () => {
    const { other } = await pair();
    await t.deps.db.update(users).set({ status: 'invited' }).where(eq(users.id, other.userId));
    expect((await other.get('/api/me')).status).toBe(401);
  });

  it('still times out when idle, with no write in between', async () => {
    const { other } = await pair();
    t.clock.advance(61 * MINUTE);
    const res = await other.get('/api/me');
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('session-idle');
  });

  it('restarts its idle countdown on activity', async () => {
    const { other } = await pair();
    t.clock.advance(50 * MINUTE);
    expect((await other.post('/api/auth/activity')).status).toBe(204);
    t.clock.advance(50 * MINUTE);
    expect((await other.get('/api/me')).status).toBe(200);
  });

  it('takes a shorter account idle timeout at once', async () => {
    const { admin, other } = await pair();
    t.clock.advance(20 * MINUTE);
    expect((await admin.post('/api/auth/activity')).status).toBe(204);
    const put = await admin.put('/api/settings/security', { idleTimeoutMinutes: 15 });
    expect(put.status).toBe(200);
    const res = await other.get('/api/me');
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('session-idle');
  });
});

describe('readSessionRow', () => {
  function fakeDatabase() {
    let version = 0;
    const database = { identityVersion: () => version } as unknown as Database;
    return { database, bump: () => (version += 1) };
  }

  it('reads once while the version holds, again after it moves', async () => {
    const { database, bump } = fakeDatabase();
    let reads = 0;
    const load = async () => ({ read: (reads += 1) });
    expect(await readSessionRow(database, 'a', load)).toEqual({ read: 1 });
    expect(await readSessionRow(database, 'a', load)).toEqual({ read: 1 });
    bump();
    expect(await readSessionRow(database, 'a', load)).toEqual({ read: 2 });
    expect(await readSessionRow(database, 'a', load)).toEqual({ read: 2 });
    expect(reads).toBe(2);
  });

  it('does not keep a row read while a write began or ended', async () => {
    const { database, bump } = fakeDatabase();
    let reads = 0;
    const racing = async () => {
      reads += 1;
      bump();
      return { read: reads };
    };
    expect(await readSessionRow(database, 'b', racing)).toEqual({ read: 1 });
    expect(await readSessionRow(database, 'b', async () => ({ read: (reads += 1) }))).toEqual({
      read: 2,
    });
  });

  it('does not remember a session it did not find', async () => {
    const { database } = fakeDatabase();
    let reads = 0;
    const missing = async () => {
      reads += 1;
      return undefined;
    };
    await readSessionRow(database, 'c', missing);
    await readSessionRow(database, 'c', missing);
    expect(reads).toBe(2);
  });

  it('reads every time without a version (PostgreSQL)', async () => {
    const database = {} as Database;
    let reads = 0;
    const load = async () => ({ read: (reads += 1) });
    await readSessionRow(database, 'd', load);
    await readSessionRow(database, 'd', load);
    expect(reads).toBe(2);
  });

  it(`remembers at most ${SESSION_CACHE_LIMIT} sessions, forgetting the oldest`, async () => {
    const { database } = fakeDatabase();
    let reads = 0;
    const load = async () => ({ read: (reads += 1) });
    for (let i = 0; i <= SESSION_CACHE_LIMIT; i += 1) await readSessionRow(database, `s${i}`, load);
    expect(reads).toBe(SESSION_CACHE_LIMIT + 1);
    await readSessionRow(database, `s${SESSION_CACHE_LIMIT}`, load);
    expect(reads).toBe(SESSION_CACHE_LIMIT + 1);
    await readSessionRow(database, 's0', load);
    expect(reads).toBe(SESSION_CACHE_LIMIT + 2);
  });
});
