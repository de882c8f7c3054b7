import { HttpResponse } from 'msw';
import type { z } from 'zod';
import type { FieldError, ProblemCode } from '@contract/problem';
import { buildProblem } from './factories';

/*
 * The mock API's problem answers (RFC 9457), in one place for every handler file, worded as the
 * server words them where a screen shows them.
 */

/** The init of every problem answer, for `response(status).json(problem, problemInit)`. */
export const problemInit = { headers: { 'Content-Type': 'application/problem+json' } };

/** A problem answer with any status, for `response.untyped(...)` where the spec lists none. */
export function problemResponse(
  status: number,
  title: string,
  extra: Parameters<typeof buildProblem>[2] = {},
  headers: Record<string, string> = {},
): HttpResponse<ReturnType<typeof buildProblem>> {
  return HttpResponse.json(buildProblem(status, title, extra), {
    status,
    headers: { ...problemInit.headers, ...headers },
  });
}

/** 404: `There is no such ${what}.` */
export const notFound = (what: string) =>
  problemResponse(404, 'Not found', { detail: `There is no such ${what}.` });

/** 422 with these field errors; the first one is the detail. */
export function invalidFields(errors: Pick<FieldError, 'path' | 'message'>[]) {
  return problemResponse(422, 'Invalid input', { detail: errors[0]!.message, errors });
}

/** 422 for a body or query the contract's schema refused, one error per issue. */
export const invalid = (error: z.ZodError) =>
  invalidFields(
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );

/** 422 about one field. */
export const invalidField = (path: string, message: string) => invalidFields([{ path, message }]);

/** 409 with the code a screen acts on. */
export const conflict = (detail: string, code: ProblemCode) =>
  problemResponse(409, 'Conflict', { detail, code });

/** 403 `administrators-only`. */
export const administratorsOnly = (detail: string) =>
  problemResponse(403, 'Forbidden', { detail, code: 'administrators-only' });

/** 403 `missing-privilege`, naming the privilege. */
export const missingPrivilege = (privilege: string, label: string) =>
  problemResponse(403, 'Forbidden', {
    detail: `You need the ${privilege} privilege on ${label}; no rule of your teams grants it.`,
    code: 'missing-privilege',
    privilege,
  });
