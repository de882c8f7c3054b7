import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/api-error';
import { saveFile } from '@/lib/save-file';
import type { AuditListParams } from './get-audit-entries';

/** The file name the server gives in `Content-Disposition`, or one of our own. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match?.[1] ? decodeURIComponent(match[1]) : 'perimeter-audit.csv';
}

/**
 * The filtered audit log as CSV (`Accept: text/csv`; the server ignores paging and sends
 * every matching entry), with the file name to save it under. A plain GET with the session
 * cookie: no CSRF header is needed, and a lost session still leads to the sign-in page.
 */
export async function fetchAuditCsv(
  query: AuditListParams,
): Promise<{ blob: Blob; fileName: string }> {
  const { data, error, response } = await api.GET('/api/audit', {
    params: { query: { ...query, page: undefined, pageSize: undefined } },
    headers: { Accept: 'text/csv' },
    parseAs: 'blob',
  });
  if (!response.ok || data === undefined) throw ApiError.from(response, error);
  return { blob: data, fileName: fileNameOf(response) };
}

/**
 * Downloads the audit log as filtered now, as a CSV file.
 *
 * @example
 * const download = useDownloadAuditCsv();
 * download.mutate({ action: 'rule.updated' }, { onError: (e) => toast.error(errorMessage(e)) });
 */
export function useDownloadAuditCsv() {
  return useMutation({
    mutationFn: async (query: AuditListParams) => {
      const { blob, fileName } = await fetchAuditCsv(query);
      saveFile(blob, fileName);
      return fileName;
    },
  });
}
