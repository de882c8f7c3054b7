import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import type { ReactNode } from 'react';

type FormDialogActionsProps = {
  /** While saving (or checking before it), both buttons wait. */
  pending: boolean;
  submitLabel: ReactNode;
  onCancel: () => void;
  /** The submit button waits for something else too (a refusal, a stale copy). */
  submitDisabled?: boolean;
};

/**
 * The end of a dialog's form: Cancel, and the submit button that shows the save in progress.
 *
 * @example
 * <FormDialogActions pending={create.isPending} submitLabel="Add cluster" onCancel={onClose} />
 */
export function FormDialogActions({
  pending,
  submitLabel,
  onCancel,
  submitDisabled,
}: FormDialogActionsProps) {
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" variant="contained" loading={pending} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </DialogActions>
  );
}
