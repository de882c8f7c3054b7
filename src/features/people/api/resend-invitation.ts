import { useMutation } from '@tanstack/react-query';
import type { InvitedUser } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { PEOPLE_CHANGES } from './people-changes';

export function resendInvitation(id: string): Promise<InvitedUser> {
  return unwrap(api.POST('/api/users/{id}/invitation', { params: { path: { id } } }));
}

/**
 * Gives an invited person a new link (mailed when the deployment can); the old one stops
 * working.
 *
 * @example
 * const resend = useResendInvitation();
 * resend.mutate(person.id, { onSuccess: (invited) => show(invited.invitationUrl) });
 */
export const useResendInvitation = () =>
  useMutation({ mutationFn: resendInvitation, gcTime: 0, meta: { invalidates: PEOPLE_CHANGES } });
