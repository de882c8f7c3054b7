import { useMutation } from '@tanstack/react-query';
import type { SsoSyncResult } from '@contract/sso-providers';
import { teamKeys } from '@/entities/teams/api/team-keys';
import { userKeys } from '@/entities/users/api/user-keys';
import { api, unwrap } from '@/lib/api/client';

export function syncSsoProvider(id: string): Promise<SsoSyncResult> {
  return unwrap(api.POST('/api/sso-providers/{id}/sync', { params: { path: { id } } }));
}

/**
 * Brings the mapped teams of every person of an LDAP provider in line with the directory now,
 * rather than at their next sign-in. Teams and people change (members, member counts).
 *
 * @example
 * const sync = useSyncSsoProvider();
 * sync.mutate(provider.id, { onSuccess: (result) => toast.success(syncSummary(result)) });
 */
export const useSyncSsoProvider = () =>
  useMutation({ mutationFn: syncSsoProvider, meta: { invalidates: [teamKeys.all, userKeys.all] } });
