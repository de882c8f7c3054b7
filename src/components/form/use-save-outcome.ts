import { useState } from 'react';
import { toast } from '@/components/toast-store';

type Named = { name: string };

/**
 * What an add-or-edit form does when its save ends: on success it says so (`<noun> <name>
 * added` or `saved`) and closes; on failure it keeps the message `failureOf` makes of the
 * error (after putting field errors on their fields) to show above the form.
 *
 * @example
 * const outcome = useSaveOutcome('Registry', onClose, (error) =>
 *   applyServerErrors(error, setError, FIELDS));
 * create.mutate(body, outcome.added);
 */
export function useSaveOutcome(
  noun: string,
  onClose: () => void,
  failureOf: (error: unknown) => string | undefined,
) {
  const [failure, setFailure] = useState<string>();
  const onError = (error: unknown) => setFailure(failureOf(error));
  const done = (verb: string) => (result: Named) => {
    toast.success(`${noun} ${result.name} ${verb}`);
    onClose();
  };
  return {
    failure,
    /** Clears the last failure as a new save starts. */
    clear: () => setFailure(undefined),
    added: { onSuccess: done('added'), onError },
    saved: { onSuccess: done('saved'), onError },
  };
}
