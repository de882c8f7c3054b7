import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Invitation } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';
import { authKeys } from './auth-keys';

export function getInvitation(token: string, signal?: AbortSignal): Promise<Invitation> {
  return unwrap(api.GET('/api/auth/invitations/{token}', { params: { path: { token } }, signal }));
}

export const invitationQueryOptions = (token: string) =>
  queryOptions({
    queryKey: authKeys.invitation(token),
    queryFn: ({ signal }) => getInvitation(token, signal),
    // A 404 or 410 is the answer, not a hiccup: asking again cannot change it.
    retry: false,
    staleTime: Infinity,
  });

/**
 * Who an invitation link is for. Fails with a 404 `ApiError` for a link that never existed or
 * was replaced, a 410 for one already used or expired (`problem.code` says which).
 *
 * @example
 * const invitation = useInvitation(location.hash.slice(1));
 * invitation.data?.email;
 */
export function useInvitation(token: string) {
  return useQuery({ ...invitationQueryOptions(token), enabled: token !== '' });
}
