import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PEOPLE_CHANGES } from './people-changes';

export async function revokeInvitation(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/users/{id}/invitation', { params: { path: { id } } }));
}

/**
 * Withdraws an invitation: the link stops working and the invited person is removed.
 *
 * @example
 * const revoke = useRevokeInvitation();
 * revoke.mutate(person.id);
 */
export const useRevokeInvitation = () =>
  useMutation({ mutationFn: revokeInvitation, meta: { invalidates: PEOPLE_CHANGES } });
