import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOperations, type DocumentedOperation } from './testing/documented-operations';
import { createTestApp, type TestContext } from './testing/test-app';
import type { TestAgent } from './testing/test-agent';

/**
 * Every endpoint that takes a body, fed hostile input: whatever arrives, the answer is a 4xx
 * problem (or a success), never a 5xx. The endpoints come from the OpenAPI document, so a new
 * endpoint is covered the day it is added.
 */
let t: TestContext;
let admin: TestAgent;
let operations: DocumentedOperation[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn();
  operations = (await documentedOperations(t.agent())).filter((op) => op.hasBody);
});
afterAll(() => t.close());

const hostileBodies = [
  '{',
  '',
  'null',
  '[]',
  '"a string"',
  '12',
  '{"__proto__":{"admin":true}}',
  '{"email":{"$ne":null},"password":{"$gt":""}}',
  `{"name":"'; drop table users; --","email":"<script>alert(1)</script>@x.y"}`,
  JSON.stringify({ name: 'x'.repeat(100_000) }),
  '{"unknownField":true}',
];

async function expectNo5xx(method: string, path: string, rawBody: string) {
  const res = await admin.request(method, path, undefined, {
    rawBody,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, `${method} ${path} ${rawBody.slice(0, 80)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), `${method} ${path}`).toContain(
      'application/problem+json',
    );
  }
}

describe('hostile input', () => {
  it('finds the endpoints that take a body', () => {
    expect(operations.length).toBeGreaterThanOrEqual(4);
  });

  it('answers malformed, mistyped, injection-shaped and oversized bodies with a 4xx problem', async () => {
    for (const { method, path } of operations) {
      for (const body of hostileBodies) await expectNo5xx(method, path, body);
    }
  });

  it('answers any random JSON value with something other than a 5xx (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.jsonValue({ maxDepth: 3 }),
        async ({ method, path }, value) =>
          expectNo5xx(method, path, JSON.stringify(value) ?? 'null'),
      ),
      { numRuns: 150 },
    );
  });
});
