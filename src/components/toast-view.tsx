import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Snackbar from '@mui/material/Snackbar';
import type { Toast } from './toast-store';

// Errors stay until dismissed: a person must have time to read what went wrong (WCAG 2.2.1).
const SUCCESS_DURATION_MS = 6000;
// A toast with an action (Undo) waits longer; hovering or focusing it pauses the countdown.
const ACTION_DURATION_MS = 12_000;

type ToastViewProps = { toast: Toast; onClose: () => void };

export function ToastView({ toast, onClose }: ToastViewProps) {
  const close = (_event?: unknown, reason?: string) => {
    // A click elsewhere on the page is not "I have read it".
    if (reason !== 'clickaway') onClose();
  };
  const { action } = toast;
  return (
    <Snackbar
      open
      onClose={close}
      autoHideDuration={
        toast.severity === 'error' ? null : action ? ACTION_DURATION_MS : SUCCESS_DURATION_MS
      }
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      <Alert
        severity={toast.severity}
        variant="filled"
        onClose={close}
        // Errors interrupt; confirmations wait for a pause in what is being read.
        role={toast.severity === 'error' ? 'alert' : 'status'}
        // An action replaces Alert's own close button, so both are given here.
        action={
          action && (
            <>
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  onClose();
                  action.onClick();
                }}
              >
                {action.label}
              </Button>
              <IconButton color="inherit" size="small" aria-label="Close" onClick={() => close()}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </>
          )
        }
        sx={{ width: '100%', alignItems: 'center' }}
      >
        {toast.message}
      </Alert>
    </Snackbar>
  );
}
