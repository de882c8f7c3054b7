import Button from '@mui/material/Button';
import Dialog, { type DialogProps } from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useId, type ReactNode } from 'react';

type ShownOnceDialogProps = {
  open: boolean;
  title: string;
  maxWidth: Extract<DialogProps['maxWidth'], 'sm' | 'md'>;
  onClose: () => void;
  /** The secret to copy, and what to do with it. */
  children: ReactNode;
};

/**
 * Shows a secret (a token, a webhook secret) the only time the API answers it. Only Done or
 * Escape close it: a stray click beside the dialog must not lose the secret.
 *
 * @example
 * <ShownOnceDialog open={created !== undefined} title="Copy your new token" maxWidth="sm"
 *   onClose={onClose}>…</ShownOnceDialog>
 */
export function ShownOnceDialog({
  open,
  title,
  maxWidth,
  onClose,
  children,
}: ShownOnceDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open={open}
      onClose={(_event, reason) => reason !== 'backdropClick' && onClose()}
      aria-labelledby={titleId}
      fullWidth
      maxWidth={maxWidth}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>{children}</DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
