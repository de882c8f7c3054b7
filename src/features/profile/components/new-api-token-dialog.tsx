import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId } from 'react';
import type { CreatedApiToken } from '@contract/me';
import { CopyField } from '@/components/copy-field';

type NewApiTokenDialogProps = { created: CreatedApiToken | undefined; onClose: () => void };

/** Shows a new token's value, the only time it is ever shown. */
export function NewApiTokenDialog({ created, onClose }: NewApiTokenDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open={created !== undefined}
      // Only Done or Escape close it: a stray click beside the dialog must not lose the value.
      onClose={(_event, reason) => reason !== 'backdropClick' && onClose()}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Copy your new token</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Alert severity="warning">
            This is the only time Perimeter shows this token. Copy it now and keep it somewhere
            safe, such as a password manager or your CI secret store. If it is lost, revoke it and
            create another.
          </Alert>
          {/* Keyed by the token, so a second token starts with a fresh copy status. */}
          {created && <CopyField key={created.id} label="Token" value={created.token} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
