import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useRef, useState } from 'react';
import type { CreatedApiToken } from '@contract/me';

type CopyState = 'idle' | 'copied' | 'failed';

const COPY_MESSAGES: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied to the clipboard.',
  failed: 'The browser did not allow copying. The token is selected: copy it with your keyboard.',
};

type NewApiTokenDialogProps = { created: CreatedApiToken | undefined; onClose: () => void };

/** Shows a new token's value, the only time it is ever shown. */
export function NewApiTokenDialog({ created, onClose }: NewApiTokenDialogProps) {
  const titleId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>('idle');

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopyState('copied');
    } catch {
      inputRef.current?.select();
      setCopyState('failed');
    }
  };

  const close = () => {
    setCopyState('idle');
    onClose();
  };

  return (
    <Dialog
      open={created !== undefined}
      // Only Done or Escape close it: a stray click beside the dialog must not lose the value.
      onClose={(_event, reason) => reason !== 'backdropClick' && close()}
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
          <TextField
            label="Token"
            value={created?.token ?? ''}
            inputRef={inputRef}
            fullWidth
            slotProps={{
              htmlInput: { readOnly: true, spellCheck: false, sx: { fontFamily: 'monospace' } },
            }}
            onFocus={(event) => event.target.select()}
          />
          <Typography role="status" variant="body2" sx={{ minHeight: '1.5em' }}>
            {COPY_MESSAGES[copyState]}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={copy}>Copy token</Button>
        <Button onClick={close} variant="contained">
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
