import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Page } from '@/components/page';

type ErrorPageProps = { title: string; message: string; onRetry: () => void };

/** A screen that failed: what failed, why, and a way to try again. */
export function ErrorPage({ title, message, onRetry }: ErrorPageProps) {
  return (
    <Page title={title}>
      <Typography sx={{ mb: 3 }}>{message}</Typography>
      <Button variant="contained" onClick={onRetry}>
        Try again
      </Button>
    </Page>
  );
}
