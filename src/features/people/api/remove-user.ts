import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { PEOPLE_CHANGES } from './people-changes';

export async function removeUser(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/users/{id}', { params: { path: { id } } }));
}

/**
 * Removes a person from the account; their sessions and API tokens stop working at once.
 *
 * @example
 * const remove = useRemoveUser();
 * remove.mutate(person.id, { onSuccess: () => toast.success(`${person.name} removed`) });
 */
export const useRemoveUser = () =>
  useMutation({ mutationFn: removeUser, meta: { invalidates: PEOPLE_CHANGES } });
