import { resourceKeys } from '@/lib/query-keys';

/** Query keys of teams (`/api/teams`); the only place they are spelled. */
export const teamKeys = resourceKeys('teams');
