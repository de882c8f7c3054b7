import type { Privilege, ResourceType } from '@contract/access';
import { IMPLIES_READ, listed } from '@domain/access/rules';

/** What each privilege lets a person do, in the builder's words. */
export function privilegeMeaning(privilege: Privilege, resourceType: ResourceType): string {
  const kind = resourceType;
  switch (privilege) {
    case 'create':
      return resourceType === 'cluster'
        ? 'register new clusters'
        : 'create new pipelines, with the tags this rule allows';
    case 'read':
      return `see the ${kind}`;
    case 'update':
      return resourceType === 'cluster'
        ? 'change the cluster (not its tags)'
        : 'change the pipeline, and its tags as far as the team’s create rules allow';
    case 'delete':
      return `delete the ${kind}`;
    case 'run':
      return 'start runs';
    case 'approve':
      return 'resume runs waiting for an approval';
    case 'debug':
      return 'debug runs';
  }
}

/** The privileges among `privileges` that imply read (P-2.6). */
export function readImpliedBy(privileges: readonly Privilege[]): Privilege[] {
  return privileges.filter((privilege) => IMPLIES_READ.includes(privilege));
}

/** "a", "a and b", "a, b and c" */
export const andList = (words: readonly string[]): string => listed(words, 'and');
