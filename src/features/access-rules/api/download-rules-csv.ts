import { api } from '@/lib/api/client';
import { CSV_REQUEST, csvFileOf, useCsvDownload, type CsvFile } from '@/lib/api/csv-download';
import type { RuleListParams } from '@/entities/rules/api/get-rules';

/** The rules as the list is filtered and sorted now, every page, as CSV. */
export async function fetchRulesCsv(query: RuleListParams): Promise<CsvFile> {
  return csvFileOf(
    await api.GET('/api/rules', {
      params: { query: { ...query, page: undefined, pageSize: undefined } },
      ...CSV_REQUEST,
    }),
    'perimeter-rules.csv',
  );
}

/**
 * Downloads the rules list as filtered and sorted now, as a CSV file.
 *
 * @example
 * const download = useDownloadRulesCsv();
 * download.mutate({ resourceType: 'pipeline', teamId });
 */
export const useDownloadRulesCsv = () => useCsvDownload(fetchRulesCsv);
