import { api, unwrap } from '@/lib/api/client';
import { usePeopleMutation } from '@/entities/users/api/user-keys';

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
export const useRevokeInvitation = () => usePeopleMutation(revokeInvitation);
