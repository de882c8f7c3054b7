import createClient, { type Middleware } from 'openapi-fetch';
import { CSRF_COOKIE, CSRF_HEADER } from '@contract/constants';
import { ApiError } from './api-error';
import type { paths } from './schema.gen';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A failed sign-in answers 401 too; that is a wrong password, not a lost session.
const SIGN_IN_PATH = '/api/auth/login';

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

const sessionEndedListeners = new Set<() => void>();

/**
 * Calls `listener` whenever the API answers 401 to anything but a sign-in attempt: the session
 * is gone (signed out elsewhere, expired, revoked). Returns the unsubscribe function.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => {
    sessionEndedListeners.delete(listener);
  };
}

const sessionMiddleware: Middleware = {
  onResponse({ response, schemaPath }) {
    if (response.status !== 401 || schemaPath === SIGN_IN_PATH) return;
    for (const listener of sessionEndedListeners) listener();
  },
};

/** The typed API client; every request of the console goes through it. */
export const api = createClient<paths>({
  // Absolute, because the Request constructor outside a browser (tests) refuses relative URLs.
  baseUrl: window.location.origin,
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
