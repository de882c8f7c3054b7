import { useEffect } from 'react';
import { api, unwrap } from '@/lib/api/client';
import { watchActivity } from '@/lib/activity';

/** The server restarts the session's idle countdown only on this signal, never on polling. */
export const ACTIVITY_SIGNAL_INTERVAL_MS = 60_000;

export async function reportActivity(): Promise<void> {
  await unwrap(api.POST('/api/auth/activity'));
}

/**
 * While mounted, tells the server that the person is active whenever they interact, at most
 * once a minute, so that a session in use never reaches the idle timeout.
 *
 * @example
 * function SignedInShell() {
 *   useActivitySignal();
 *   return <Outlet />;
 * }
 */
export function useActivitySignal(): void {
  useEffect(
    () =>
      watchActivity(() => {
        // A lost signal is retried by the next interaction; a 401 is handled by the client.
        reportActivity().catch(() => undefined);
      }, ACTIVITY_SIGNAL_INTERVAL_MS),
    [],
  );
}
