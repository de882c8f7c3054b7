import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { isApiError } from '@/lib/api/api-error';

/** A change refused because someone else saved first (412): nothing was overwritten. */
export const isStale = (error: unknown) => isApiError(error, 412);

type ResourceStaleAlertProps = {
  /** What changed: "pipeline payments/deploy". */
  what: string;
  onReload: () => void;
  reloading?: boolean;
};

/**
 * Says that a change was not saved because someone else changed the resource first, and offers
 * to load their version. Nothing is overwritten without the person seeing what changed.
 */
export function ResourceStaleAlert({ what, onReload, reloading = false }: ResourceStaleAlertProps) {
  return (
    <Alert
      severity="warning"
      action={
        <Button color="inherit" size="small" onClick={onReload} loading={reloading}>
          Reload
        </Button>
      }
    >
      Someone else changed {what} after you loaded it, so your change was not saved. Reload to see
      their change, then make yours again.
    </Alert>
  );
}
