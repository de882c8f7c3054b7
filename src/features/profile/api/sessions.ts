import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Session } from '@contract/sessions';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from '@/entities/me/api/me-keys';

/**
 * Under the person's own keys, spelled here rather than in meKeys: meKeys is in the app shell,
 * which has no room to spare (docs/performance.md), and only the Profile reads sessions.
 */
const sessionsKey = [...meKeys.all, 'sessions'] as const;

export type SessionList = { items: Session[]; total: number };

export function getSessions(signal?: AbortSignal): Promise<SessionList> {
  return unwrap(api.GET('/api/me/sessions', { signal }));
}

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: sessionsKey,
    queryFn: ({ signal }) => getSessions(signal),
  });

/**
 * The signed-in person's sessions: device, address, started, last active, this one marked.
 *
 * @example
 * const { data } = useSessions();
 * data?.items.filter((session) => !session.current);
 */
export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

export async function endSession(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/me/sessions/{id}', { params: { path: { id } } }));
}

/**
 * Signs out one of the person's other sessions; that browser is refused at its next request.
 *
 * @example
 * const end = useEndSession();
 * end.mutate(session.id);
 */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export async function endOtherSessions(): Promise<{ ended: number }> {
  return unwrap(api.POST('/api/me/sessions/end-others'));
}

/**
 * Signs out every session of the person but this one.
 *
 * @example
 * const endOthers = useEndOtherSessions();
 * endOthers.mutate(undefined, { onSuccess: ({ ended }) => toast.success(`${ended} signed out`) });
 */
export function useEndOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endOtherSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
