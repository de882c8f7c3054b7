import { ssoProviderKeys } from '@/entities/sso-providers/api/sso-provider-keys';
import { userKeys } from '@/entities/users/api/user-keys';

/**
 * What a change to an SSO provider refreshes: the providers (each counts its people) and the
 * people, whose rows name their provider (deleting one sets theirs to none: the foreign key
 * says `set null`).
 */
export const SSO_PROVIDER_CHANGES = [ssoProviderKeys.all, userKeys.all] as const;
