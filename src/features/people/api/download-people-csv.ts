import { api } from '@/lib/api/client';
import { CSV_REQUEST, csvFileOf, useCsvDownload, type CsvFile } from '@/lib/api/csv-download';
import type { UserListParams } from '@/entities/users/api/get-users';

/** The people as the list is searched, filtered and sorted now, every page, as CSV. */
export async function fetchPeopleCsv(query: UserListParams): Promise<CsvFile> {
  return csvFileOf(
    await api.GET('/api/users', {
      params: { query: { ...query, page: undefined, pageSize: undefined } },
      ...CSV_REQUEST,
    }),
    'perimeter-people.csv',
  );
}

/**
 * Downloads the People list as searched, filtered and sorted now, as a CSV file.
 *
 * @example
 * const download = useDownloadPeopleCsv();
 * download.mutate({ level: 'administrator', sort: 'name' });
 */
export const useDownloadPeopleCsv = () => useCsvDownload(fetchPeopleCsv);
