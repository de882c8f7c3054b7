import { etagOf, versionOfEtag } from '@contract/versions';
import type { HttpResponse } from 'msw';
import { createOpenApiHttp } from 'openapi-msw';
import { CSRF_HEADER } from '@contract/constants';
import type { paths } from '@contract/api-paths.gen';
import { MOCK_CSRF_TOKEN, db } from './db';
import type { buildProblem } from './factories';
import { administratorsOnly, problemResponse } from './problems';

/**
 * MSW's `http`, typed by the API's OpenAPI paths: a handler for a path, body or status the API
 * does not have fails to compile.
 */
export const http = createOpenApiHttp<paths>();

/** What the real server answers before any handler: 401 without a session, 403 without CSRF. */
export function refuse(
  request: Request,
): HttpResponse<ReturnType<typeof buildProblem>> | undefined {
  if (!db.signedIn) return problemResponse(401, 'Unauthorized', { detail: 'Sign in to continue.' });
  if (request.method !== 'GET' && request.headers.get(CSRF_HEADER) !== MOCK_CSRF_TOKEN) {
    return problemResponse(403, 'Forbidden', { detail: 'The CSRF token is missing or wrong.' });
  }
  return undefined;
}

/** 403 `administrators-only` for anyone but an administrator, who is let through. */
export function refuseUnlessAdministrator(detail: string) {
  return db.person.level === 'administrator' ? undefined : administratorsOnly(detail);
}

/**
 * The server's `If-Match` check (server/src/lib/versions.ts): 412 `stale-version` with the
 * current `ETag` when the header names another version; without it (or `*`), 428 when
 * `required` (pipelines), otherwise nothing to refuse.
 */
export function versionProblem(
  request: Request,
  { version, subject, required = false }: { version: number; subject: string; required?: boolean },
) {
  const ifMatch = request.headers.get('If-Match');
  if (ifMatch === null || ifMatch.trim() === '*') {
    return required
      ? problemResponse(428, 'Precondition Required', {
          detail: 'Send If-Match with the ETag of the version this change is based on.',
          code: 'if-match-required',
        })
      : undefined;
  }
  if (versionOfEtag(ifMatch) !== version) {
    return problemResponse(
      412,
      'Precondition Failed',
      {
        detail: `${subject} changed since you loaded it (it is now at version ${version}): reload it and make your change again.`,
        code: 'stale-version',
      },
      { ETag: etagOf(version) },
    );
  }
  return undefined;
}

/** Whether a list request asks for CSV (`Accept: text/csv`), as the server tells. */
export const wantsCsv = (request: Request) =>
  /\btext\/csv\b/i.test(request.headers.get('Accept') ?? '');

const csvCell = (text: string) =>
  /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/** A CSV list as the server sends it: a header row, the rows, CRLF line ends, a file name. */
export function csvText(columns: readonly string[], rows: string[][]): string {
  return (
    [columns.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n'
  );
}

/** The headers of the server's CSV downloads, with the file name it gives. */
export const csvHeaders = (fileName: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${fileName}"`,
});
