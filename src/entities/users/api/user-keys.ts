import { resourceKeys } from '@/lib/query-keys';

/** Query keys of the account's people (`/api/users`); the only place they are spelled. */
export const userKeys = resourceKeys('users');
