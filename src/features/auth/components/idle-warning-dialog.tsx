import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useEffect, useId, useState } from 'react';
import { visuallyHidden } from '@/components/visually-hidden';

export type IdleWarningDialogProps = {
  /** When the session ends (wall-clock ms). */
  deadline: number;
  /** Reports activity at once; rejects when the server could not be reached. */
  onStay: () => Promise<void>;
  onSignOut: () => void;
};

/** Screen readers hear the time left when the dialog opens and at these marks, not every second. */
const SPOKEN_MARKS = [60, 30, 10];

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function inWords(seconds: number): string {
  if (seconds === 60) return '1 minute';
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * "You will be signed out soon": counts down to the idle deadline, with "Stay signed in" (which
 * counts as activity in every tab) and "Sign out now".
 */
export function IdleWarningDialog({ deadline, onStay, onSignOut }: IdleWarningDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const statusId = useId();
  const [now, setNow] = useState(Date.now);
  const [staying, setStaying] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const interval = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(interval);
  }, []);

  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  const [atOpening] = useState(seconds);
  const spoken = SPOKEN_MARKS.find((mark) => seconds <= mark && mark < atOpening) ?? atOpening;

  const stay = () => {
    if (staying) return;
    setStaying(true);
    setFailed(false);
    // On success the timer closes this dialog, in every tab.
    onStay()
      .catch(() => setFailed(true))
      .finally(() => setStaying(false));
  };

  return (
    <Dialog
      open
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={`${descriptionId} ${statusId}`}
      // Escape or a click beside the dialog: the person is clearly there.
      onClose={stay}
      maxWidth="xs"
    >
      <DialogTitle id={titleId}>You will be signed out soon</DialogTitle>
      <DialogContent>
        <DialogContentText id={descriptionId}>
          You have not used Perimeter for a while. For your security, you will be signed out unless
          you choose to stay.
        </DialogContentText>
        <Box
          component="p"
          aria-hidden
          sx={{ typography: 'h4', textAlign: 'center', my: 2, fontVariantNumeric: 'tabular-nums' }}
        >
          {clock(seconds)}
        </Box>
        <Box id={statusId} role="status" sx={visuallyHidden}>
          You will be signed out in {inWords(spoken)}.
        </Box>
        {failed && (
          <DialogContentText role="alert" color="error">
            Perimeter could not be reached. Try again.
          </DialogContentText>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onSignOut}>Sign out now</Button>
        <Button variant="contained" onClick={stay} disabled={staying} autoFocus>
          Stay signed in
        </Button>
      </DialogActions>
    </Dialog>
  );
}
