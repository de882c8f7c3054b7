import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SecuritySettings, UpdateSecuritySettingsRequest } from '@contract/settings';
import { api, unwrap } from '@/lib/api/client';
import { meKeys } from '@/entities/me/api/me-keys';
import { securityKeys } from './security-keys';

export function updateSecuritySettings(
  body: UpdateSecuritySettingsRequest,
): Promise<SecuritySettings> {
  return unwrap(api.PUT('/api/settings/security', { body }));
}

/**
 * Sets the account's idle timeout, in minutes (15 minutes to 30 days). The hook keeps the
 * settings' cache and refreshes the signed-in person's account, whose timeout the idle timer
 * reads.
 *
 * @example
 * const update = useUpdateSecuritySettings();
 * update.mutate({ idleTimeoutMinutes: 120 });
 */
export function useUpdateSecuritySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSecuritySettings,
    meta: { invalidates: [meKeys.profile()] },
    onSuccess: (settings) => queryClient.setQueryData(securityKeys.settings(), settings),
  });
}
