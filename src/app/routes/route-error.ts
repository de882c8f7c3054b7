import { useLocation, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '@/lib/api/api-error';

// After a new release the old build's lazy chunks are gone; only a reload fetches the new ones.
const STALE_BUILD = /dynamically imported module|importing a module script failed/i;

const isStaleBuild = (error: unknown) => error instanceof Error && STALE_BUILD.test(error.message);

/** What a person is told about an error caught by a route's error boundary. */
export function describeRouteError(error: unknown): string {
  if (isApiError(error)) return errorMessage(error);
  if (isStaleBuild(error)) {
    return 'A part of the console could not be loaded, perhaps because Perimeter was updated meanwhile.';
  }
  return 'Something went wrong while showing this page.';
}

/** "Try again" for a route error boundary. */
export function useRouteRetry(error: unknown): () => void {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  return () => {
    if (isStaleBuild(error)) {
      window.location.reload();
      return;
    }
    // Navigating to the same place re-runs the route (and its lazy import) from scratch.
    void navigate(`${pathname}${search}${hash}`, { replace: true });
  };
}
