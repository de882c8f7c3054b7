import { resourceKeys } from '@/lib/query-keys';

/** Query keys of access rules (`/api/rules`); the only place they are spelled. */
export const ruleKeys = resourceKeys('rules');
