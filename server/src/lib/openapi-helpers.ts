import { z } from '@hono/zod-openapi';
import { problemSchema } from '../../contract/problem';
import { PROBLEM_CONTENT_TYPE, titleFor } from './problem';

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description } as const;
}

/**
 * The problem shape as one named component (`#/components/schemas/Problem`): every route answers
 * it, and inlined it would repeat the list of problem codes in every answer of the document.
 */
// Rebuilt from its shape with this module's `z`: zod 4 gives `.openapi()` only to schemas made
// after @hono/zod-openapi extended zod, and the contract's may have been made before (a test that
// imports the contract first).
const problemComponent = z.object(problemSchema.shape).openapi('Problem');

/** `problemResponses(401, 403)` declares those problem answers for a route. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemComponent } },
        description: titleFor(status),
      },
    ]),
  ) as Record<
    S,
    {
      content: { 'application/problem+json': { schema: typeof problemSchema } };
      description: string;
    }
  >;
}

/** A JSON request body that must be present and valid. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** The security requirement of endpoints open to a session or a personal API token. */
export const signedIn: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/** The `ETag` answer header of a versioned resource. */
export const etagHeader = {
  ETag: {
    description: 'The version, to send back as `If-Match` with a change.',
    schema: { type: 'string' as const },
  },
};

/**
 * The `If-Match` request header of a change to a versioned resource, checked by the service
 * (lib/versions.ts): optional (412 when given and stale) or required (428 when missing too).
 */
export function ifMatchHeaders(required: boolean) {
  return z.object({
    'if-match': z
      .string()
      .optional()
      .openapi({
        description: required
          ? 'The `ETag` of the version the change is based on.'
          : 'The `ETag` of the version the change is based on (optional).',
      }),
  });
}
