import { describe, expect, it } from 'vitest';
import { createApi, OPENAPI_INFO } from './app';

/**
 * The OpenAPI document as generated clients and the policy CLI read it (issue 20): every
 * operation has a stable, explicit `operationId` (the method name of a generated client), and
 * states who may call it: `security: []` for the anonymous ones, never left out. The document
 * declares no top-level `security`, so an operation without one would read as "anything goes".
 */
interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
}

const document = createApi().getOpenAPI31Document(OPENAPI_INFO) as unknown as {
  security?: unknown;
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${path}`,
    ...operation,
  })),
);

describe('the OpenAPI document', () => {
  it('has operations', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it('gives every operation an explicit operationId: camelCase, a verb and a noun, unique', () => {
    const missing = operations.filter((op) => !op.operationId).map((op) => op.name);
    expect(missing, 'add `operationId` to these routes (their createRoute)').toEqual([]);
    const malformed = operations
      .filter((op) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(op.operationId!))
      .map((op) => `${op.name}: ${op.operationId}`);
    expect(malformed, 'camelCase, a verb then a noun: listTeams, getRule').toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const op of operations) {
      const first = seen.get(op.operationId!);
      if (first) duplicates.push(`${op.operationId}: ${first} and ${op.name}`);
      seen.set(op.operationId!, op.name);
    }
    expect(duplicates).toEqual([]);
  });

  it('states the security of every operation: anonymous ones say `security: []`', () => {
    expect(document.security).toBeUndefined();
    const unstated = operations.filter((op) => op.security === undefined).map((op) => op.name);
    expect(unstated, 'add `security: []` (anonymous) or the schemes it takes').toEqual([]);
  });
});
