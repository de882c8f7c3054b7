import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccountSettings } from '@contract/settings';
import { api, unwrap } from '@/lib/api/client';
import { accountKeys } from './account-keys';

export function getAccountSettings(signal?: AbortSignal): Promise<AccountSettings> {
  return unwrap(api.GET('/api/settings/account', { signal }));
}

export const accountSettingsQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.settings(),
    queryFn: ({ signal }) => getAccountSettings(signal),
  });

/**
 * The account's name, plan, invitation domains and how invitations are delivered.
 *
 * @example
 * const { data: settings } = useAccountSettings();
 * settings?.invitationDomains; // ['example.com']
 */
export function useAccountSettings() {
  return useQuery(accountSettingsQueryOptions());
}
