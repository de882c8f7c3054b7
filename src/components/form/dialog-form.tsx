import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { FormEventHandler, ReactNode } from 'react';
import { FormDialogActions } from './form-dialog-actions';

type DialogFormProps = {
  /** The id `FormDialog` gives its form, so the dialog is named by this title. */
  titleId: string;
  title: string;
  /** Why the last save failed, shown above the fields. */
  failure: string | undefined;
  pending: boolean;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  /** The fields, stacked. */
  children: ReactNode;
};

/**
 * The form inside a `FormDialog` that adds or edits one thing: its title, the failure of the
 * last save, the fields, and Cancel beside the submit button (both held while saving).
 *
 * @example
 * <DialogForm titleId={titleId} title="Add registry" failure={failure} pending={pending}
 *   submitLabel="Add registry" onSubmit={onSubmit} onCancel={onClose}>…</DialogForm>
 */
export function DialogForm({
  titleId,
  title,
  failure,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: DialogFormProps) {
  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {failure && <Alert severity="error">{failure}</Alert>}
          {children}
        </Stack>
      </DialogContent>
      <FormDialogActions pending={pending} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
