import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { IntegrationReference } from '../../contract/integrations';
import type { PolicyProblem } from '../../contract/policy';
import type { FieldError, Problem, ProblemCode } from '../../contract/problem';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * An error that becomes an RFC 9457 problem answer. Throw it from a handler or service:
 * `throw new HttpProblem(409, 'The last administrator cannot be removed.')`.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail?: string,
    readonly extra: {
      title?: string;
      code?: ProblemCode;
      privilege?: string;
      errors?: FieldError[];
      references?: IntegrationReference[];
      gained?: string[];
      rules?: number[];
      problems?: PolicyProblem[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.name = 'HttpProblem';
  }

  toProblem(requestId?: string): Problem {
    return {
      type: 'about:blank',
      title: this.extra.title ?? TITLES[this.status] ?? 'Error',
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.code ? { code: this.extra.code } : {}),
      ...(this.extra.privilege ? { privilege: this.extra.privilege } : {}),
      ...(this.extra.references ? { references: this.extra.references } : {}),
      ...(this.extra.gained ? { gained: this.extra.gained } : {}),
      ...(this.extra.rules ? { rules: this.extra.rules } : {}),
      ...(this.extra.problems ? { problems: this.extra.problems } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

/** A 422 for one field, the way validation failures answer. */
export function invalidField(path: string, message: string): HttpProblem {
  return new HttpProblem(422, message, { errors: [{ path, message }] });
}

export function fieldErrorsFromZod(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
) {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    ...headers,
  });
}

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}
