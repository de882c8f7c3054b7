import type { Privilege, ResourceType, TagMatch } from '../../contract/access';
import { EVERY_TAG, isSpecialTag, tagProblem, UNTAGGED } from '../tags';

/*
 * The access model's vocabulary and what a rule says, as plain functions: the contract's rule
 * schema refines with them (server/contract/access.ts) and the rule builder checks as the
 * administrator types. Types come from the contract as types only, so nothing here loads zod.
 */

/** P-2.2: the two kinds of resource that rules are written for. */
export const RESOURCE_TYPES = ['cluster', 'pipeline'] as const;

export const PRIVILEGES = [
  'create',
  'read',
  'update',
  'delete',
  'run',
  'approve',
  'debug',
] as const;

/** P-2.2: the privileges of each kind, in the order the console lists them. */
export const PRIVILEGES_OF: Record<ResourceType, readonly Privilege[]> = {
  cluster: ['create', 'read', 'update', 'delete'],
  pipeline: PRIVILEGES,
};

/** P-2.6: these each imply read. Create implies nothing. */
export const IMPLIES_READ: readonly Privilege[] = ['update', 'delete', 'run', 'approve', 'debug'];

/**
 * P-2.7: on clusters, create and delete stay with administrators whatever the rules say, and so
 * do tag changes; no rule can grant them.
 */
export const ADMINISTRATOR_ONLY: Record<ResourceType, readonly Privilege[]> = {
  cluster: ['create', 'delete'],
  pipeline: [],
};

export const TAG_MATCHES = ['any', 'all'] as const;

/**
 * Every mistake in a rule, each with the field it belongs to: used by the contract (so the API
 * answers 422) and by the rule builder as the administrator types.
 */
export function ruleProblems(rule: {
  resourceType: ResourceType;
  privileges: readonly Privilege[];
  tags: readonly string[];
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const kinds = PRIVILEGES_OF[rule.resourceType];
  const seen = new Set<Privilege>();
  rule.privileges.forEach((privilege, index) => {
    if (!kinds.includes(privilege)) {
      problems.push({
        path: ['privileges', index],
        message: `Clusters have no ${privilege} privilege: choose from ${kinds.join(', ')}.`,
      });
    } else if (ADMINISTRATOR_ONLY[rule.resourceType].includes(privilege)) {
      problems.push({
        path: ['privileges', index],
        message: `Cluster ${privilege} stays with administrators: no rule can grant it.`,
      });
    } else if (seen.has(privilege)) {
      problems.push({ path: ['privileges', index], message: `${privilege} is chosen twice.` });
    }
    seen.add(privilege);
  });
  if (seen.has('create') && rule.privileges.length > 1) {
    problems.push({
      path: ['privileges'],
      message:
        'Create stands in a rule of its own: its tags say which tags a new pipeline may be given. Write a second rule for the other privileges.',
    });
  }
  const tagsSeen = new Set<string>();
  rule.tags.forEach((tag, index) => {
    if (isSpecialTag(tag)) {
      if (rule.tags.length > 1) {
        problems.push({
          path: ['tags', index],
          message: `${tag} stands alone in a rule: remove the other tags, or remove ${tag}.`,
        });
      }
    } else {
      const problem = tagProblem(tag);
      if (problem) problems.push({ path: ['tags', index], message: problem });
      else if (tagsSeen.has(tag)) {
        problems.push({ path: ['tags', index], message: `${tag} is listed twice.` });
      }
    }
    tagsSeen.add(tag);
  });
  return problems;
}

/** The privileges `privileges` grant once P-2.6 is applied, in the console's order. */
export function withImplied(privileges: readonly Privilege[]): Privilege[] {
  const granted = new Set(privileges);
  if (privileges.some((privilege) => IMPLIES_READ.includes(privilege))) granted.add('read');
  return PRIVILEGES.filter((privilege) => granted.has(privilege));
}

/** "a", "a or b", "a, b or c" */
export function listed(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

const KIND_PLURAL: Record<ResourceType, string> = { cluster: 'clusters', pipeline: 'pipelines' };

/** "pipelines tagged staging or qa", "clusters without tags", "every cluster". */
export function describeWhere(
  resourceType: ResourceType,
  tags: readonly string[],
  tagMatch: TagMatch,
): string {
  const plural = KIND_PLURAL[resourceType];
  if (tags.includes(EVERY_TAG)) return `every ${resourceType}`;
  if (tags.includes(UNTAGGED)) return `${plural} without tags`;
  if (tags.length > 1 && tagMatch === 'all') {
    return `${plural} tagged ${tags.length === 2 ? 'both ' : 'all of '}${listed(tags, 'and')}`;
  }
  return `${plural} tagged ${listed(tags, 'or')}`;
}

/**
 * A rule as a sentence anyone can read (P-2.10): "Team qa can read, run pipelines tagged staging
 * or qa." A create rule says which tags a new pipeline may be given (P-2.6).
 */
export function describeRule(rule: {
  teamName: string;
  resourceType: ResourceType;
  privileges: readonly Privilege[];
  tags: readonly string[];
  tagMatch: TagMatch;
}): string {
  const who = `Team ${rule.teamName}`;
  if (rule.privileges.includes('create')) {
    const plural = KIND_PLURAL[rule.resourceType];
    if (rule.tags.includes(EVERY_TAG)) return `${who} can create ${plural} with any tags.`;
    if (rule.tags.includes(UNTAGGED)) return `${who} can create ${plural} without tags.`;
    if (rule.tags.length > 1 && rule.tagMatch === 'all') {
      return `${who} can create ${plural} tagged ${listed(rule.tags, 'and')} (all of them, no other tags).`;
    }
    return `${who} can create ${plural} tagged ${listed(rule.tags, 'or')} (no other tags).`;
  }
  const what = PRIVILEGES.filter((privilege) => rule.privileges.includes(privilege)).join(', ');
  return `${who} can ${what} ${describeWhere(rule.resourceType, rule.tags, rule.tagMatch)}.`;
}
