import { resourceKeys } from '@/lib/query-keys';

/**
 * Query keys of the account's policy document (`/api/policy`, issue 20); the only place they are
 * spelled. `detail('document')` is the export, `detail('schema')` its JSON Schema.
 */
export const policyKeys = resourceKeys('policy');
