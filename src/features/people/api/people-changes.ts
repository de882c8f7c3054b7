import { ACCESS_RESOURCES } from '@/entities/access/api/access-keys';
import { ssoProviderKeys } from '@/entities/sso-providers/api/sso-provider-keys';
import { teamKeys } from '@/entities/teams/api/team-keys';
import { userKeys } from '@/entities/users/api/user-keys';

/**
 * What a change to people refreshes. People, teams and providers show each
 * other (a person's row lists their teams and provider, a team counts its members, a provider
 * its people), and who is in the account decides what the rules grant and warn about (a team
 * left without members).
 */
export const PEOPLE_CHANGES = [
  userKeys.all,
  teamKeys.all,
  ssoProviderKeys.all,
  ...ACCESS_RESOURCES,
] as const;
