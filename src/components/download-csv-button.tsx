import DownloadIcon from '@mui/icons-material/Download';
import Button from '@mui/material/Button';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import type { UseMutationResult } from '@tanstack/react-query';

type DownloadCsvButtonProps<Q> = {
  /** The download (`useCsvDownload`), answering the saved file's name. */
  download: UseMutationResult<string, Error, Q>;
  /** The list's request as filtered now; paging is ignored by the server. */
  query: Q;
  /** What is downloaded, for the failure message: "The audit log", "The rules list". */
  what: string;
  /** The button's text; "Download CSV" unless two lists on one screen need telling apart. */
  label?: string;
};

/**
 * Saves a list, as filtered now (every page of it), as a CSV file, and says so in a toast.
 *
 * @example
 * <DownloadCsvButton download={useDownloadRulesCsv()} query={list} what="The rules list" />
 */
export function DownloadCsvButton<Q>({
  download,
  query,
  what,
  label = 'Download CSV',
}: DownloadCsvButtonProps<Q>) {
  return (
    <Button
      variant="outlined"
      startIcon={<DownloadIcon />}
      loading={download.isPending}
      onClick={() =>
        download.mutate(query, {
          onSuccess: (fileName) => toast.success(`Downloaded ${fileName}`),
          onError: (error) => toast.error(`${what} was not downloaded: ${errorMessage(error)}`),
        })
      }
      sx={{ height: 40, flexShrink: 0 }}
    >
      {label}
    </Button>
  );
}
