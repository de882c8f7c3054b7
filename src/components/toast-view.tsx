import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import type { Toast } from './toast-store';

// Errors stay until dismissed: a person must have time to read what went wrong (WCAG 2.2.1).
const SUCCESS_DURATION_MS = 6000;

type ToastViewProps = { toast: Toast; onClose: () => void };

export function ToastView({ toast, onClose }: ToastViewProps) {
  const close = (_event?: unknown, reason?: string) => {
    // A click elsewhere on the page is not "I have read it".
    if (reason !== 'clickaway') onClose();
  };
  return (
    <Snackbar
      open
      onClose={close}
      autoHideDuration={toast.severity === 'error' ? null : SUCCESS_DURATION_MS}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      <Alert
        severity={toast.severity}
        variant="filled"
        onClose={close}
        // Errors interrupt; confirmations wait for a pause in what is being read.
        role={toast.severity === 'error' ? 'alert' : 'status'}
        sx={{ width: '100%' }}
      >
        {toast.message}
      </Alert>
    </Snackbar>
  );
}
