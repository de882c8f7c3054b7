import { useMutation } from '@tanstack/react-query';
import { saveFile } from '@/lib/save-file';
import { ApiError } from './api-error';

/** A CSV file as the server sent it, and the name to save it under. */
export type CsvFile = { blob: Blob; fileName: string };

/** The file name the server gives in `Content-Disposition`, or `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/**
 * The answer of a list asked for as CSV (`Accept: text/csv`, `parseAs: 'blob'`) as a file, or
 * the API's error. The lists answer every matching item as CSV, ignoring paging.
 *
 * @example
 * csvFileOf(await api.GET('/api/rules', { params: { query }, headers: CSV_REQUEST.headers, parseAs: 'blob' }), 'perimeter-rules.csv')
 */
export function csvFileOf(
  { data, error, response }: { data?: Blob; error?: unknown; response: Response },
  fallbackName: string,
): CsvFile {
  if (!response.ok || data === undefined) throw ApiError.from(response, error);
  return { blob: data, fileName: fileNameOf(response, fallbackName) };
}

/**
 * What a list's request adds to ask for CSV. A plain GET with the session cookie: no CSRF
 * header is needed, and a lost session still leads to the sign-in page.
 */
export const CSV_REQUEST = { headers: { Accept: 'text/csv' }, parseAs: 'blob' } as const;

/**
 * Downloads a list as filtered now, as a CSV file: `fetchCsv` asks for it, the browser saves
 * it; the mutation answers the file's name.
 *
 * @example
 * const download = useCsvDownload((query: RuleListParams) => fetchRulesCsv(query));
 * download.mutate(list, { onSuccess: (name) => toast.success(`Downloaded ${name}`) });
 */
export function useCsvDownload<Q>(fetchCsv: (query: Q) => Promise<CsvFile>) {
  return useMutation({
    mutationFn: async (query: Q) => {
      const { blob, fileName } = await fetchCsv(query);
      saveFile(blob, fileName);
      return fileName;
    },
  });
}
