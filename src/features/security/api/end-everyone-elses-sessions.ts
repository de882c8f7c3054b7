import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';

export async function endEveryoneElsesSessions(): Promise<{ ended: number }> {
  return unwrap(api.POST('/api/settings/security/end-sessions'));
}

/**
 * Signs everyone in the account out, except the administrator's own session.
 *
 * @example
 * const signOut = useEndEveryoneElsesSessions();
 * signOut.mutate(undefined, { onSuccess: ({ ended }) => toast.success(`${ended} signed out`) });
 */
export const useEndEveryoneElsesSessions = () =>
  useMutation({ mutationFn: endEveryoneElsesSessions });
