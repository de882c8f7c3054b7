import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export async function endPersonSessions(id: string): Promise<{ ended: number }> {
  return unwrap(api.DELETE('/api/users/{id}/sessions', { params: { path: { id } } }));
}

/**
 * Ends every session of a person (administrators); their browsers are refused at the next
 * request. Nothing on the People screen changes, so no list is invalidated.
 *
 * @example
 * const end = useEndPersonSessions();
 * end.mutate(person.id, { onSuccess: ({ ended }) => toast.success(`${ended} ended`) });
 */
export const useEndPersonSessions = () => useMutation({ mutationFn: endPersonSessions });
