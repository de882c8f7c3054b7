import DownloadIcon from '@mui/icons-material/Download';
import Button from '@mui/material/Button';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useDownloadAuditCsv } from '../api/download-audit-csv';
import type { AuditListParams } from '../api/get-audit-entries';

/** Saves the audit log, as filtered now (every page of it), as a CSV file. */
export function DownloadCsvButton({ query }: { query: AuditListParams }) {
  const download = useDownloadAuditCsv();
  return (
    <Button
      variant="outlined"
      startIcon={<DownloadIcon />}
      loading={download.isPending}
      onClick={() =>
        download.mutate(query, {
          onSuccess: (fileName) => toast.success(`Downloaded ${fileName}`),
          onError: (error) =>
            toast.error(`The audit log was not downloaded: ${errorMessage(error)}`),
        })
      }
      sx={{ height: 40, flexShrink: 0 }}
    >
      Download CSV
    </Button>
  );
}
