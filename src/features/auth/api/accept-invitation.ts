import { useMutation } from '@tanstack/react-query';
import type { AcceptInvitationRequest } from '@contract/auth';
import { api, unwrap } from '@/lib/api/client';

export type AcceptInvitationVariables = { token: string; body: AcceptInvitationRequest };

export async function acceptInvitation({ token, body }: AcceptInvitationVariables): Promise<void> {
  await unwrap(
    api.POST('/api/auth/invitations/{token}/accept', { params: { path: { token } }, body }),
  );
}

/**
 * Accepts an invitation by choosing a password; the person then signs in with it.
 *
 * @example
 * const accept = useAcceptInvitation();
 * accept.mutate({ token, body: { password, name } }, { onSuccess: () => navigate(paths.signIn) });
 */
export function useAcceptInvitation() {
  return useMutation({ mutationFn: acceptInvitation });
}
