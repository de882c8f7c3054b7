import { api } from '@/lib/api/client';
import { CSV_REQUEST, csvFileOf, useCsvDownload, type CsvFile } from '@/lib/api/csv-download';
import type { AuditListParams } from './get-audit-entries';

/** The filtered audit log as CSV (every matching entry), with the file name to save it under. */
export async function fetchAuditCsv(query: AuditListParams): Promise<CsvFile> {
  return csvFileOf(
    await api.GET('/api/audit', {
      params: { query: { ...query, page: undefined, pageSize: undefined } },
      ...CSV_REQUEST,
    }),
    'perimeter-audit.csv',
  );
}

/**
 * Downloads the audit log as filtered now, as a CSV file.
 *
 * @example
 * const download = useDownloadAuditCsv();
 * download.mutate({ action: 'rule.updated' }, { onError: (e) => toast.error(errorMessage(e)) });
 */
export const useDownloadAuditCsv = () => useCsvDownload(fetchAuditCsv);
