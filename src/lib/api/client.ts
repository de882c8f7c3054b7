import createClient, { type Middleware } from 'openapi-fetch';
import { CSRF_COOKIE, CSRF_HEADER } from '@contract/constants';
import { basePath } from '@/config/base-path';
import { ApiError } from './api-error';
import type { paths } from '@contract/api-paths.gen';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A failed sign-in answers 401 too; that is a wrong password, not a lost session.
const SIGN_IN_PATHS = new Set(['/api/auth/login', '/api/auth/ldap/{providerId}/login']);

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The double-submit CSRF defence: the server compares this header with its cookie. */
const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
  },
};

type SessionEndedListener = (code: string | undefined) => void;
const sessionEndedListeners = new Set<SessionEndedListener>();

/**
 * Calls `listener` whenever the API answers 401 to anything but a sign-in attempt: the session
 * is gone (signed out elsewhere, idle, expired, revoked), with the problem's `code`
 * (`session-idle`, `session-expired`, …) when it has one. Returns the unsubscribe function.
 */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => {
    sessionEndedListeners.delete(listener);
  };
}

/**
 * Tells the `onSessionEnded` listeners that the session is over when no request learnt it: the
 * idle timer reached the deadline (`session-idle`) or the person chose to sign out.
 */
export function announceSessionEnded(code: string | undefined): void {
  for (const listener of sessionEndedListeners) listener(code);
}

const sessionMiddleware: Middleware = {
  async onResponse({ response, schemaPath }) {
    if (response.status !== 401 || SIGN_IN_PATHS.has(schemaPath)) return;
    const problem: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    const code = (problem as { code?: unknown } | undefined)?.code;
    announceSessionEnded(typeof code === 'string' ? code : undefined);
  },
};

/**
 * The typed API client; every request of the console goes through it. Its answers are typed as
 * JSON (`…/json`): the lists that also answer CSV (`Accept: text/csv`) are asked for it with
 * `parseAs: 'blob'`, whose answer is typed as a Blob.
 */
export const api = createClient<paths, 'application/json' | 'application/problem+json'>({
  // Absolute, because the Request constructor outside a browser (tests) refuses relative URLs;
  // under the console's base path (the server's BASE_PATH), where its API is.
  baseUrl: `${window.location.origin}${basePath}`,
  // Looked up per request rather than captured now, so a fetch installed later (MSW) is used.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrfMiddleware, sessionMiddleware);

type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of a successful answer, or an `ApiError` thrown with the problem body.
 *
 * @example
 * const me = await unwrap(api.GET('/api/me', { signal }));
 */
export async function unwrap<T>(request: Promise<ApiResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw ApiError.from(response, error);
  return data as T;
}
