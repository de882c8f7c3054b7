import type { FieldError, Problem } from '@contract/problem';

/**
 * An answer of the API other than success, carrying its problem body (RFC 9457). Anything
 * that is not a problem body (a proxy's HTML error page, say) becomes a generic problem, so
 * callers handle one shape.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait before trying again, from a 429's `Retry-After` header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }

  static from(response: Response, body: unknown): ApiError {
    const problem = asProblem(body) ?? {
      type: 'about:blank',
      title: response.statusText || 'Request failed',
      status: response.status,
    };
    return new ApiError(problem, parseRetryAfter(response.headers.get('Retry-After')));
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

// Checked by hand rather than with the contract's zod schema: this runs on every page, and zod
// would more than double the first load (docs/QUALITY.md budgets).
function asProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as Partial<Problem>;
  if (typeof candidate.title !== 'string' || typeof candidate.status !== 'number') return undefined;
  return { ...candidate, type: candidate.type ?? 'about:blank' } as Problem;
}

/** `Retry-After` is either a number of seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A sentence for a person, whatever went wrong: the server's own words when it gave some. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status >= 500) {
      const reference = error.problem.requestId ? ` (reference ${error.problem.requestId})` : '';
      return `Perimeter could not complete the request${reference}. Try again in a moment.`;
    }
    return error.problem.detail ?? error.problem.title;
  }
  return 'Perimeter could not be reached. Check your connection and try again.';
}
