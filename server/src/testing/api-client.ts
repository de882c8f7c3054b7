import createClient from 'openapi-fetch';
import { expect } from 'vitest';
import type { paths } from '../../contract/api-paths.gen';

/**
 * A client of the API typed by its OpenAPI paths (the SPA's client, openapi-fetch): a path, a
 * parameter or a body the API does not have fails to compile, and answers are typed.
 */
/** Answers typed as JSON (and problems): the lists that also answer CSV are read raw (`agent.get`) for it. */
export type ApiClient = ReturnType<
  typeof createClient<paths, 'application/json' | 'application/problem+json'>
>;

/**
 * A typed client whose requests go through `fetch` (a TestAgent's, for its cookies and CSRF), to
 * a server under `basePath` (its BASE_PATH).
 */
export function apiClient(
  fetch: (request: Request) => Promise<Response>,
  basePath = '',
): ApiClient {
  return createClient<paths, 'application/json' | 'application/problem+json'>({
    baseUrl: `http://localhost${basePath}`,
    fetch,
  });
}

/**
 * The body of an answer that must have `status`, typed by the API; fails with the problem
 * otherwise.
 *
 * @example
 * const team = await expectData(admin.api.POST('/api/teams', { body: { name: 'qa' } }), 201);
 */
export async function expectData<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  status = 200,
): Promise<T> {
  const { data, error, response } = await call;
  expect(response.status, JSON.stringify(error)).toBe(status);
  return data as T;
}

type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;

/**
 * A page of the audit log, as JSON. The log also answers as CSV, so its answer's type is a
 * union; asked without `Accept: text/csv`, it is the page.
 */
export async function auditPage(agent: { api: ApiClient }, query: AuditQuery) {
  const page = await expectData(agent.api.GET('/api/audit', { params: { query } }));
  expect(typeof page).toBe('object');
  return page as Exclude<typeof page, string>;
}
