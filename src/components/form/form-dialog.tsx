import Dialog, { type DialogProps } from '@mui/material/Dialog';
import { useId, type ReactNode } from 'react';

type FormDialogProps = {
  open: boolean;
  /** While saving, the dialog stays open. */
  pending: boolean;
  onClose: () => void;
  /** How wide it may grow: `sm` for a few fields, `md` for a builder or a form with a table. */
  maxWidth?: Extract<DialogProps['maxWidth'], 'xs' | 'sm' | 'md'>;
  /** The form, given the id of the title it must render (`<DialogTitle id={titleId}>`). */
  children: (titleId: string) => ReactNode;
};

/**
 * A dialog around a form that keeps what was typed: a stray click beside it does not close it,
 * nor does anything while it saves; Escape and the form's own Cancel still do. Its form is
 * rendered afresh each time the dialog opens (the dialog unmounts its content when closed), so
 * it starts from the current values.
 *
 * @example
 * <FormDialog open={open} pending={pending} onClose={onClose}>
 *   {(titleId) => <RegistryForm titleId={titleId} … />}
 * </FormDialog>
 */
export function FormDialog({ open, pending, onClose, maxWidth = 'sm', children }: FormDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open={open}
      aria-labelledby={titleId}
      fullWidth
      maxWidth={maxWidth}
      onClose={(_event, reason) => !pending && reason !== 'backdropClick' && onClose()}
    >
      {children(titleId)}
    </Dialog>
  );
}
