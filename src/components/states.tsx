import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api/api-error';

/** A spinner with a name, so a screen reader says what is loading. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }}>
      <CircularProgress aria-label={label} />
    </Box>
  );
}

type EmptyStateProps = { title: string; children?: ReactNode };

/** What a list shows when it has nothing yet, and what the person can do about it. */
export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <Box sx={{ py: 4, textAlign: 'center' }}>
      <Typography variant="subtitle1" component="p" sx={{ fontWeight: 500 }}>
        {title}
      </Typography>
      {children && (
        <Typography variant="body2" component="div" sx={{ color: 'text.secondary', mt: 1 }}>
          {children}
        </Typography>
      )}
    </Box>
  );
}

type ErrorStateProps = { title: string; error: unknown; onRetry?: () => void };

/** A failed load: what failed, the server's reason, and a way to try again. */
export function ErrorState({ title, error, onRetry }: ErrorStateProps) {
  return (
    <Alert
      severity="error"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      <strong>{title}</strong> {errorMessage(error)}
    </Alert>
  );
}

type NotLoadedStateProps = {
  /** `the cluster`, as the messages name it. */
  what: string;
  /** Why it could not be loaded; none while it loads. */
  error: unknown;
  onRetry: () => void;
  /** The spinner's name, if not `Loading <what>`. */
  loadingLabel?: string;
};

/**
 * A page's content until its resource is there: loading, or why it could not be loaded, with
 * Retry.
 */
export function NotLoadedState({ what, error, onRetry, loadingLabel }: NotLoadedStateProps) {
  if (!error) return <LoadingState label={loadingLabel ?? `Loading ${what}`} />;
  const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded.`;
  return <ErrorState title={title} error={error} onRetry={onRetry} />;
}
