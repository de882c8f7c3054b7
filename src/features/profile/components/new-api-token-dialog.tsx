import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import type { CreatedApiToken } from '@contract/me';
import { CopyField } from '@/components/copy-field';
import { ShownOnceDialog } from '@/components/shown-once-dialog';

type NewApiTokenDialogProps = { created: CreatedApiToken | undefined; onClose: () => void };

/** Shows a new token's value, the only time it is ever shown. */
export function NewApiTokenDialog({ created, onClose }: NewApiTokenDialogProps) {
  return (
    <ShownOnceDialog
      open={created !== undefined}
      title="Copy your new token"
      maxWidth="sm"
      onClose={onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <Alert severity="warning">
          This is the only time Perimeter shows this token. Copy it now and keep it somewhere safe,
          such as a password manager or your CI secret store. If it is lost, revoke it and create
          another.
        </Alert>
        {/* Keyed by the token, so a second token starts with a fresh copy status. */}
        {created && <CopyField key={created.id} label="Token" value={created.token} />}
      </Stack>
    </ShownOnceDialog>
  );
}
