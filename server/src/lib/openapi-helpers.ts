import type { z } from 'zod';
import { problemSchema } from '../../contract/problem';
import { PROBLEM_CONTENT_TYPE, titleFor } from './problem';

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description } as const;
}

/** `problemResponses(401, 403)` declares those problem answers for a route. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
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
