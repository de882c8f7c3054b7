import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOperations, type DocumentedOperation } from './testing/documented-operations';
import { runnerScene } from './testing/runner-scene';
import { createTestApp, type TestContext } from './testing/test-app';
import type { RequestOptions, TestAgent } from './testing/test-agent';

/**
 * Every endpoint fed hostile input: whatever arrives, the answer is a 4xx problem (or a
 * success), never a 5xx. The endpoints, their parameters and their bodies' fields come from the
 * OpenAPI document, so a new endpoint is covered the day it is added.
 */
let t: TestContext;
let admin: TestAgent;
let runnerCredential: string;
let operations: DocumentedOperation[];
let bodyOperations: DocumentedOperation[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn();
  runnerCredential = (
    await runnerScene(t, Object.assign(admin, { accountId: '', userId: '' })).runner()
  ).credential;
  operations = await documentedOperations(t.agent());
  bodyOperations = operations.filter((op) => op.hasBody);
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

/** Sends as the administrator, or with the runner's credential where only a runner may call. */
function send(
  op: Pick<DocumentedOperation, 'method' | 'schemes'>,
  path: string,
  options: RequestOptions = {},
) {
  if (op.schemes.includes('runnerToken')) {
    const agent = t.agent();
    return agent.request(op.method, path, undefined, {
      ...options,
      headers: { authorization: `Bearer ${runnerCredential}`, ...options.headers },
    });
  }
  return admin.request(op.method, path, undefined, options);
}

async function expectNo5xx(op: DocumentedOperation, path: string, options: RequestOptions = {}) {
  const res = await send(op, path, options);
  const what = `${op.method} ${path} ${options.rawBody?.slice(0, 80) ?? ''}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).toContain('application/problem+json');
  }
  return res;
}

const json = (rawBody: string): RequestOptions => ({
  rawBody,
  headers: { 'content-type': 'application/json' },
});

/** Text no field can hold: PostgreSQL stores no NUL, UTF-8 has no lone surrogates. */
const UNSTORABLE = {
  NUL: 'a\u0000b',
  'lone high surrogate': 'a\ud800b',
  'lone low surrogate': '\udc00b',
  'control character': 'a\u0001b',
};
const REFUSED = /U\+0000|NUL|surrogate|control character/i;

/** In a URL: a NUL byte, over-long UTF-8 for NUL and for "/", and malformed percent-encoding. */
const HOSTILE_URL_VALUES = [
  'a%00b',
  '%C0%80',
  '%C0%AF',
  '%ED%A0%80',
  '%E0%A4%A',
  '%ZZ',
  '%',
  '%u0000',
];

describe('hostile input', () => {
  it('finds the endpoints that take a body', () => {
    expect(bodyOperations.length).toBeGreaterThanOrEqual(4);
  });

  it('answers malformed, mistyped, injection-shaped and oversized bodies with a 4xx problem', async () => {
    for (const op of bodyOperations) {
      for (const body of hostileBodies) await expectNo5xx(op, op.path, json(body));
    }
  });

  it('answers any random JSON value with something other than a 5xx (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyOperations),
        fc.jsonValue({ maxDepth: 3 }),
        async (op, value) => {
          await expectNo5xx(op, op.path, json(JSON.stringify(value) ?? 'null'));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * The webhook reads its body raw, to check the provider's signature over the exact bytes before
 * anything parses it; hooks.test.ts covers the text it stores.
 */
const RAW_BODY_OPERATIONS = new Set(['POST /api/hooks/{id}']);
const validatedBodyOperations = () =>
  bodyOperations.filter((op) => !RAW_BODY_OPERATIONS.has(`${op.method} ${op.template}`));

describe('text that cannot be stored', () => {
  it('refuses a NUL byte in every query parameter of every operation with a 422 naming it', async () => {
    const withQuery = operations.filter((op) => op.parameters.query.length > 0);
    expect(withQuery.length).toBeGreaterThanOrEqual(5);
    for (const op of withQuery) {
      for (const name of op.parameters.query) {
        const res = await expectNo5xx(op, `${op.path}?${name}=a%00b`);
        expect(res.status, `${op.method} ${op.template}?${name}`).toBe(422);
        const { errors } = await res.json();
        expect(errors, `${op.method} ${op.template}?${name}`).toContainEqual({
          path: name,
          message: expect.stringMatching(REFUSED),
        });
      }
    }
  });

  it('answers over-long UTF-8 and malformed percent-encoding in a query or a path with a 4xx at most', async () => {
    for (const op of operations) {
      for (const value of HOSTILE_URL_VALUES) {
        for (const name of op.parameters.query)
          await expectNo5xx(op, `${op.path}?${name}=${value}`);
        for (const name of op.parameters.path) {
          const path = op.template.replace(`{${name}}`, value).replace(/\{[^}]+\}/g, '0');
          const res = await expectNo5xx(op, path, op.hasBody ? json('{}') : {});
          expect(res.status, `${op.method} ${path}`).toBeGreaterThanOrEqual(400);
        }
      }
    }
  });

  it('refuses a NUL byte in every path parameter with a 4xx', async () => {
    for (const op of operations) {
      for (const name of op.parameters.path) {
        const path = op.template.replace(`{${name}}`, 'a%00b').replace(/\{[^}]+\}/g, '0');
        const res = await expectNo5xx(op, path, op.hasBody ? json('{}') : {});
        expect([401, 404, 422], `${op.method} ${path}`).toContain(res.status);
      }
    }
  });

  for (const [kind, text] of Object.entries(UNSTORABLE)) {
    it(`refuses a ${kind} in every field of every body with a 422 naming each field`, async () => {
      const withFields = bodyOperations.filter((op) => op.bodyProperties.length > 0);
      expect(withFields.length).toBeGreaterThanOrEqual(20);
      for (const op of withFields) {
        const body = Object.fromEntries(op.bodyProperties.map((name) => [name, text]));
        const res = await expectNo5xx(op, op.path, json(JSON.stringify(body)));
        expect(res.status, `${op.method} ${op.template}`).toBe(422);
        const { errors } = await res.json();
        for (const name of op.bodyProperties) {
          expect(errors, `${op.method} ${op.template} ${name}`).toContainEqual({
            path: name,
            message: expect.stringMatching(REFUSED),
          });
        }
      }
    });
  }

  it('refuses such text anywhere in a body, in values and in keys, naming where (property test)', async () => {
    const unit = fc.constantFrom('a', 'é', '\u0000', '\ud800', '\udfff', '\u0001', '\u001f', '😀');
    const text = fc.string({ unit, maxLength: 4 });
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    // The oracle, written independently of lib/text-input.ts: code unit by code unit.
    const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
    const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
    const bad = {
      test(text: string): boolean {
        for (let i = 0; i < text.length; i += 1) {
          const unit = text.charCodeAt(i);
          if ((unit < 0x20 && ![0x09, 0x0a, 0x0d].includes(unit)) || unit === 0x7f) return true;
          if (isHigh(unit) && !isLow(text.charCodeAt(i + 1))) return true;
          if (isLow(unit) && !isHigh(text.charCodeAt(i - 1))) return true;
          if (isHigh(unit)) i += 1;
        }
        return false;
      },
    };
    const holdsBadText = (v: unknown): boolean =>
      typeof v === 'string'
        ? bad.test(v)
        : Array.isArray(v)
          ? v.some(holdsBadText)
          : v !== null && typeof v === 'object'
            ? Object.entries(v).some(([k, inner]) => bad.test(k) || holdsBadText(inner))
            : false;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...validatedBodyOperations()),
        fc.dictionary(text, value, { minKeys: 1, maxKeys: 4 }),
        async (op, body) => {
          const res = await expectNo5xx(op, op.path, json(JSON.stringify(body)));
          if (holdsBadText(body)) {
            expect(res.status, `${op.method} ${op.template} ${JSON.stringify(body)}`).toBe(422);
            const { errors } = await res.json();
            expect(
              errors.some((e: { message: string }) => REFUSED.test(e.message)),
              JSON.stringify(errors),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers a JSON body that is not UTF-8 (over-long UTF-8 for NUL) with a 400', async () => {
    for (const op of bodyOperations) {
      const bytes = Buffer.concat([
        Buffer.from('{"name":"a'),
        Buffer.from([0xc0, 0x80]),
        Buffer.from('b"}'),
      ]);
      const res = await expectNo5xx(op, op.path, {
        rawBody: bytes as unknown as string,
        headers: { 'content-type': 'application/json' },
      });
      if (op.template !== '/api/hooks/{id}')
        expect(res.status, `${op.method} ${op.template}`).toBe(400);
    }
  });
});
