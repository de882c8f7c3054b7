import { resourceKeys } from '@/lib/query-keys';

/** Query keys of the tags in use (`/api/tags`); the only place they are spelled. */
export const tagKeys = resourceKeys('tags');
