import { useMutation } from '@tanstack/react-query';
import type { InvitedUser, InviteUserRequest } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { PEOPLE_CHANGES } from './people-changes';

export function inviteUser(body: InviteUserRequest): Promise<InvitedUser> {
  return unwrap(api.POST('/api/users', { body }));
}

/**
 * Invites one person. The answer carries their one-time `invitationUrl`, to be shown to the
 * administrator and kept no longer than it is shown.
 *
 * @example
 * const invite = useInviteUser();
 * const invited = await invite.mutateAsync({ email: 'grace@example.com', level: 'user' });
 * show(invited.invitationUrl);
 */
export const useInviteUser = () =>
  useMutation({ mutationFn: inviteUser, gcTime: 0, meta: { invalidates: PEOPLE_CHANGES } });
