import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccountSettings, UpdateAccountSettingsRequest } from '@contract/settings';
import { api, unwrap } from '@/lib/api/client';
import { accountKeys } from './account-keys';

export function updateAccountSettings(
  body: UpdateAccountSettingsRequest,
): Promise<AccountSettings> {
  return unwrap(api.PUT('/api/settings/account', { body }));
}

/**
 * Saves the email domains invitations are limited to (an empty list allows any).
 *
 * @example
 * const update = useUpdateAccountSettings();
 * update.mutate({ invitationDomains: ['example.com'] });
 */
export function useUpdateAccountSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAccountSettings,
    onSuccess: (settings) => queryClient.setQueryData(accountKeys.settings(), settings),
  });
}
