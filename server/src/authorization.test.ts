import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOperations, type DocumentedOperation } from './testing/documented-operations';
import { createTestApp, type TestContext } from './testing/test-app';

/**
 * Who may call what, for every endpoint in the OpenAPI document: the ones that declare a
 * security requirement refuse anonymous callers, forged tokens and cross-site (CSRF-less)
 * browser requests; the others are the anonymous endpoints API.md lists, and no more.
 */
let t: TestContext;
let operations: DocumentedOperation[];

beforeAll(async () => {
  t = await createTestApp();
  operations = await documentedOperations(t.agent());
});
afterAll(() => t.close());

describe('authorization', () => {
  it('leaves only the documented anonymous endpoints open', () => {
    const open = operations.filter((op) => !op.secured).map((op) => `${op.method} ${op.path}`);
    expect(open.sort()).toEqual([
      'GET /api/auth/setup',
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/auth/setup',
    ]);
  });

  it('answers 401 to an anonymous caller and to a forged token on every secured endpoint', async () => {
    for (const { method, path } of operations.filter((op) => op.secured)) {
      const body = method === 'GET' ? undefined : {};
      const anonymous = await t.agent().request(method, path, body);
      expect(anonymous.status, `${method} ${path} anonymous`).toBe(401);
      const forged = await t.agent().request(method, path, body, {
        headers: { authorization: 'Bearer prm_forged' },
      });
      expect(forged.status, `${method} ${path} forged token`).toBe(401);
    }
  });

  it('answers 403 to a signed-in browser request without the CSRF header on every unsafe endpoint', async () => {
    const person = await t.signedIn();
    const unsafe = operations.filter((op) => op.secured && op.method !== 'GET');
    expect(unsafe.length).toBeGreaterThan(0);
    for (const { method, path } of unsafe) {
      const res = await person.request(method, path, {}, { withoutCsrf: true });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await person.get('/api/me')).status).toBe(200);
  });
});
