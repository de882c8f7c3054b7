import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useState } from 'react';
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

/**
 * The state behind a `ResourceStaleAlert`: `stale` once a save answered 412 (`noteStale(error)`
 * says whether it did), and `onReload`, which loads the current values and clears it.
 *
 * @example
 * const staleness = useStaleness(reload);
 * onError: (error) => { if (!staleness.noteStale(error)) setFailure(errorMessage(error)); }
 * {staleness.stale && <ResourceStaleAlert what="cluster prod-eu" onReload={staleness.onReload}
 *   reloading={staleness.reloading} />}
 */
export function useStaleness(reload: () => Promise<unknown>) {
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const noteStale = (error: unknown) => {
    const isStaleError = isStale(error);
    setStale(isStaleError);
    return isStaleError;
  };
  const onReload = () => {
    setReloading(true);
    void reload()
      .then(() => setStale(false))
      .finally(() => setReloading(false));
  };
  return { stale, reloading, noteStale, clear: () => setStale(false), onReload };
}
