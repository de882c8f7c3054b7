import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useEndEveryoneElsesSessions } from '../api/end-everyone-elses-sessions';

/** Ends every session in the account but the administrator's own, after a confirmation. */
export function SignEveryoneOutSection() {
  const headingId = useId();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const signOut = useEndEveryoneElsesSessions();

  const confirm = () =>
    signOut.mutate(undefined, {
      onSuccess: ({ ended }) =>
        toast.success(ended === 1 ? 'Signed out 1 session' : `Signed out ${ended} sessions`),
      onError: (error) => toast.error(`Nobody was signed out: ${errorMessage(error)}`),
      onSettled: () => setConfirmOpen(false),
    });

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Sessions
      </Typography>
      <Typography sx={{ maxWidth: 720 }}>
        After a suspected break-in, or to make a changed setting apply to everyone, sign everyone
        out: every browser in the account must sign in again, except this one.
      </Typography>
      <div>
        <Button color="error" variant="outlined" onClick={() => setConfirmOpen(true)}>
          Sign everyone else out
        </Button>
      </div>
      <ConfirmDialog
        open={confirmOpen}
        title="Sign everyone else out?"
        confirmLabel="Sign everyone out"
        pending={signOut.isPending}
        onConfirm={confirm}
        onClose={() => setConfirmOpen(false)}
      >
        Every session in the account except this one ends: everyone, including your own other
        browsers, is signed out at their next request and must sign in again. Personal API tokens
        keep working.
      </ConfirmDialog>
    </Stack>
  );
}
