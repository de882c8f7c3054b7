import { useMutation } from '@tanstack/react-query';
import type { UpdateUserRequest, User } from '@contract/users';
import { api, unwrap } from '@/lib/api/client';
import { PEOPLE_CHANGES } from './people-changes';

export type UpdateUserVariables = { id: string; change: UpdateUserRequest };

export function updateUser({ id, change }: UpdateUserVariables): Promise<User> {
  return unwrap(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: change }));
}

/**
 * Changes a person's access level, SSO provider or name. Demoting the last active
 * administrator fails with a 409 `ApiError` whose detail says why.
 *
 * @example
 * const update = useUpdateUser();
 * update.mutate({ id: person.id, change: { level: 'administrator' } });
 */
export const useUpdateUser = () =>
  useMutation({ mutationFn: updateUser, meta: { invalidates: PEOPLE_CHANGES } });
