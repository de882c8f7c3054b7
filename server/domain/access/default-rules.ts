import type { Privilege, ResourceType } from '../../contract/access';
import { UNTAGGED } from '../tags';

/**
 * P-2.8: the rules a new account starts with, for the built-in team `users`. They make untagged
 * resources usable by everyone, so a resource is restricted from its first tag on. They are
 * ordinary rules: visible, editable, deletable. Create stands in a rule of its own (P-2.6).
 * The migration that introduced rules gave existing accounts the same three.
 */
export const DEFAULT_RULES: readonly {
  resourceType: ResourceType;
  privileges: Privilege[];
  tags: string[];
}[] = [
  { resourceType: 'cluster', privileges: ['read', 'update'], tags: [UNTAGGED] },
  { resourceType: 'pipeline', privileges: ['create'], tags: [UNTAGGED] },
  {
    resourceType: 'pipeline',
    privileges: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
    tags: [UNTAGGED],
  },
];
