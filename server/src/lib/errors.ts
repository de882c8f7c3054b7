import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context';
import { HttpProblem, problemResponse } from './problem';

/** PostgreSQL error codes that mean the request, not the server, is wrong. */
const DATABASE_CLIENT_ERRORS: Record<string, [ContentfulStatusCode, string]> = {
  '22P02': [400, 'A value in the request has the wrong form.'],
  '22001': [422, 'A value in the request is too long.'],
  // A NUL or a character the database's encoding lacks: refused up front (lib/text-input.ts).
  '22021': [422, 'A value in the request holds a character that cannot be stored.'],
  '22P05': [422, 'A value in the request holds a character that cannot be stored.'],
  '23505': [409, 'Something with the same name or key already exists.'],
  '23503': [409, 'This refers to something that does not exist, or is still referred to.'],
};

function databaseErrorCode(error: unknown): string | undefined {
  // drizzle wraps the driver's error; the SQLSTATE is on the cause.
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function fromHttpException(error: HTTPException): HttpProblem {
  const status = error.status as ContentfulStatusCode;
  if (status === 400 && /json/i.test(error.message)) {
    return new HttpProblem(400, 'The request body is not valid JSON.');
  }
  if (status === 415) return new HttpProblem(415, 'Send the request body as application/json.');
  if (status === 413) return new HttpProblem(413, 'The request body is too large.');
  return new HttpProblem(status, error.message || undefined);
}

/**
 * Every error becomes a problem answer. An unexpected one is logged with the request id and
 * answered as a 500 that says nothing about the inside (no message, no stack).
 */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.var.requestId;
  let problem: HttpProblem | undefined;
  if (error instanceof HttpProblem) problem = error;
  else if (error instanceof HTTPException) problem = fromHttpException(error);
  else {
    const known = DATABASE_CLIENT_ERRORS[databaseErrorCode(error) ?? ''];
    if (known) problem = new HttpProblem(known[0], known[1]);
  }
  if (!problem) {
    c.var.log.error({ err: error, requestId }, 'unhandled error');
    problem = new HttpProblem(
      500,
      'Something went wrong on our side. Quote the request id to your operator to find out what.',
    );
  }
  return problemResponse(c, problem.toProblem(requestId), problem.extra.headers);
}
