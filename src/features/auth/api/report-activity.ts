import { api, unwrap } from '@/lib/api/client';

/**
 * Tells the server that the person is active, which restarts the session's idle countdown.
 * Sent by the idle timer (`idle-timeout.tsx`) on interaction, at most once a minute across the
 * person's tabs, and by "Stay signed in"; never by polling.
 */
export async function reportActivity(): Promise<void> {
  await unwrap(api.POST('/api/auth/activity'));
}
