import { resourceKeys } from '@/lib/query-keys';
import { meKeys } from '@/entities/me/api/me-keys';

/**
 * Query keys of every API token of the account (`/api/api-tokens`, administrators); the only
 * place they are spelled.
 */
export const apiTokenKeys = resourceKeys('api-tokens');

/**
 * What creating or revoking a token refreshes: the person's own tokens (Profile) and the
 * account's (Security), which lists them too.
 */
export const API_TOKEN_CHANGES = [meKeys.tokens(), apiTokenKeys.all] as const;
