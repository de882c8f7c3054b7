/**
 * The policy engine (P-2): pure functions that decide what a person may do on a cluster or a
 * pipeline, from the account's rules and the person's teams, and say why. Nothing here reads the
 * database; the services load the facts and the SQL list filter is derived from `readableWhere`.
 */
import type { Privilege, ResourceType, TagMatch } from '../../contract/access';
import { ADMINISTRATOR_ONLY, IMPLIES_READ, PRIVILEGES_OF, withImplied } from './rules';
import { EVERY_TAG, UNTAGGED } from '../tags';

/** A rule as the engine sees it; `teamName` only serves the sentences. */
export interface EngineRule {
  id: string;
  number: number;
  teamId: string;
  teamName: string;
  resourceType: ResourceType;
  privileges: readonly Privilege[];
  tags: readonly string[];
  tagMatch: TagMatch;
}

/** The person asking: administrators hold everything (P-2.5); the rest hold what rules grant. */
export interface Subject {
  level: 'user' | 'administrator';
  /** Every team the person is in, the built-in `users` included. */
  teamIds: ReadonlySet<string>;
}

/** A cluster or pipeline, or for create, the pipeline as it would be created. */
export interface ResourceFacts {
  type: ResourceType;
  tags: readonly string[];
}

export type Reason =
  | { kind: 'administrator' }
  | { kind: 'rule'; rule: EngineRule; matchedTags: string[]; via?: Privilege }
  | { kind: 'administrators-only' }
  | { kind: 'not-in-team'; rule: EngineRule }
  | { kind: 'tags-do-not-match'; rule: EngineRule }
  | { kind: 'no-rule' };

export interface Decision {
  allowed: boolean;
  /**
   * When allowed: every grant (administrator, or each rule and how). When refused: why — the
   * rules that would grant it if the person were in their team or the tags matched.
   */
  reasons: Reason[];
}

/** A rule with one tag matches the same resources whichever mode it is in. */
function modeOf(rule: Pick<EngineRule, 'tags' | 'tagMatch'>): TagMatch {
  return rule.tags.length > 1 ? rule.tagMatch : 'any';
}

/**
 * P-2.3, P-2.4: the tags through which `rule` applies to a resource carrying `tags`, or null
 * when it does not apply. `*` applies to everything, `untagged` to resources without tags.
 */
export function ruleMatches(
  rule: Pick<EngineRule, 'tags' | 'tagMatch'>,
  tags: readonly string[],
): string[] | null {
  if (rule.tags.includes(EVERY_TAG)) return [EVERY_TAG];
  if (rule.tags.includes(UNTAGGED)) return tags.length === 0 ? [UNTAGGED] : null;
  if (modeOf(rule) === 'all') {
    return rule.tags.every((tag) => tags.includes(tag)) ? [...rule.tags] : null;
  }
  const matched = rule.tags.filter((tag) => tags.includes(tag));
  return matched.length > 0 ? matched : null;
}

/**
 * P-2.6: whether a create rule lets a new resource be given `tags`. Its tags are the tags the new
 * resource may carry: with any-of, one or more of them and no other; with all-of, exactly them;
 * `untagged`, none; `*`, any.
 */
export function createAllows(
  rule: Pick<EngineRule, 'tags' | 'tagMatch'>,
  tags: readonly string[],
): boolean {
  if (rule.tags.includes(EVERY_TAG)) return true;
  if (rule.tags.includes(UNTAGGED)) return tags.length === 0;
  if (tags.length === 0 || !tags.every((tag) => rule.tags.includes(tag))) return false;
  return modeOf(rule) === 'any' || rule.tags.every((tag) => tags.includes(tag));
}

/** The tags a create rule was matched through, for the reasons. */
function createMatch(rule: EngineRule, tags: readonly string[]): string[] | null {
  if (!createAllows(rule, tags)) return null;
  if (rule.tags.includes(EVERY_TAG)) return [EVERY_TAG];
  if (rule.tags.includes(UNTAGGED)) return [UNTAGGED];
  return [...tags];
}

/** The privilege of `rule` through which it grants `privilege`: itself, or one implying read. */
function grantingPrivilege(rule: EngineRule, privilege: Privilege): Privilege | undefined {
  if (rule.privileges.includes(privilege)) return privilege;
  if (privilege === 'read') return rule.privileges.find((held) => IMPLIES_READ.includes(held));
  return undefined;
}

/**
 * Whether the person may take `privilege` on the resource, and why (P-2.2 – P-2.7).
 *
 * @example
 * decide(rules, { level: 'user', teamIds: new Set([qa.id]) }, { type: 'cluster', tags: ['staging'] }, 'read');
 * // { allowed: true, reasons: [{ kind: 'rule', rule: rule4, matchedTags: ['staging'] }] }
 */
export function decide(
  rules: readonly EngineRule[],
  subject: Subject,
  resource: ResourceFacts,
  privilege: Privilege,
): Decision {
  if (subject.level === 'administrator') {
    return { allowed: true, reasons: [{ kind: 'administrator' }] };
  }
  if (
    !PRIVILEGES_OF[resource.type].includes(privilege) ||
    ADMINISTRATOR_ONLY[resource.type].includes(privilege)
  ) {
    return { allowed: false, reasons: [{ kind: 'administrators-only' }] };
  }
  const grants: Reason[] = [];
  const nearMisses: Reason[] = [];
  for (const rule of rules) {
    if (rule.resourceType !== resource.type) continue;
    const through = grantingPrivilege(rule, privilege);
    if (!through) continue;
    const matched =
      privilege === 'create' ? createMatch(rule, resource.tags) : ruleMatches(rule, resource.tags);
    const inTeam = subject.teamIds.has(rule.teamId);
    if (inTeam && matched) {
      grants.push({
        kind: 'rule',
        rule,
        matchedTags: matched,
        ...(through === privilege ? {} : { via: through }),
      });
    } else if (matched) {
      nearMisses.push({ kind: 'not-in-team', rule });
    } else if (inTeam) {
      nearMisses.push({ kind: 'tags-do-not-match', rule });
    }
  }
  if (grants.length > 0) return { allowed: true, reasons: grants };
  return {
    allowed: false,
    reasons: nearMisses.length > 0 ? nearMisses : [{ kind: 'no-rule' }],
  };
}

/** Every privilege the person holds on an existing resource (create is not among them). */
export function privilegesOn(
  rules: readonly EngineRule[],
  subject: Subject,
  resource: ResourceFacts,
): Privilege[] {
  if (subject.level === 'administrator') {
    return PRIVILEGES_OF[resource.type].filter((privilege) => privilege !== 'create');
  }
  const held = new Set<Privilege>();
  for (const rule of rules) {
    if (rule.resourceType !== resource.type || !subject.teamIds.has(rule.teamId)) continue;
    if (!ruleMatches(rule, resource.tags)) continue;
    // Create is decided on the tags a new resource would have, never on an existing one.
    const named = rule.privileges.filter((privilege) => privilege !== 'create');
    for (const privilege of withImplied(named)) held.add(privilege);
  }
  // As in `decide`: what stays with administrators is not granted, whatever a rule says (P-2.7).
  return PRIVILEGES_OF[resource.type].filter(
    (privilege) => held.has(privilege) && !ADMINISTRATOR_ONLY[resource.type].includes(privilege),
  );
}

/** P-2.7: cluster tags are the administrators'; a pipeline's, whoever may update it. */
export function mayEditTags(
  rules: readonly EngineRule[],
  subject: Subject,
  resource: ResourceFacts,
): boolean {
  if (subject.level === 'administrator') return true;
  if (resource.type === 'cluster') return false;
  return decide(rules, subject, resource, 'update').allowed;
}

/**
 * Which resources of a kind the person may read, as tag conditions: any one of them is enough.
 * The services turn it into SQL (`tags && anyOf`, `tags @> each of allOf`, no tags), so a list is
 * filtered in the database and pages stay fast however many resources there are.
 */
export interface ReadableWhere {
  everything: boolean;
  untagged: boolean;
  /** Readable when carrying at least one of these. */
  anyOf: string[];
  /** Readable when carrying every tag of one of these sets. */
  allOf: string[][];
}

export function readableWhere(
  rules: readonly EngineRule[],
  subject: Subject,
  type: ResourceType,
): ReadableWhere {
  const where: ReadableWhere = { everything: false, untagged: false, anyOf: [], allOf: [] };
  if (subject.level === 'administrator') return { ...where, everything: true };
  const anyOf = new Set<string>();
  for (const rule of rules) {
    if (rule.resourceType !== type || !subject.teamIds.has(rule.teamId)) continue;
    if (!grantingPrivilege(rule, 'read')) continue;
    if (rule.tags.includes(EVERY_TAG)) where.everything = true;
    else if (rule.tags.includes(UNTAGGED)) where.untagged = true;
    else if (modeOf(rule) === 'all') where.allOf.push([...rule.tags]);
    else for (const tag of rule.tags) anyOf.add(tag);
  }
  where.anyOf = [...anyOf].sort();
  return where;
}

/**
 * `isReadableBy` for one `where` and many tag sets: the any-of tags in a `Set`, built once. The
 * access filter tests every tag set of an account with it (server: modules/access/tag-sets.ts).
 */
export function readableTest(where: ReadableWhere): (tags: readonly string[]) => boolean {
  if (where.everything) return () => true;
  const anyOf = new Set(where.anyOf);
  const allOf = where.allOf;
  return (tags) =>
    (where.untagged && tags.length === 0) ||
    tags.some((tag) => anyOf.has(tag)) ||
    allOf.some((set) => set.every((tag) => tags.includes(tag)));
}

/** The same condition, tested on one resource in memory (the SQL's reference). */
export function isReadableBy(where: ReadableWhere, tags: readonly string[]): boolean {
  return (
    where.everything ||
    (where.untagged && tags.length === 0) ||
    where.anyOf.some((tag) => tags.includes(tag)) ||
    where.allOf.some((set) => set.every((tag) => tags.includes(tag)))
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Rule hygiene (P-2.10)                                                                        */
/* ------------------------------------------------------------------------------------------ */

type Where = Pick<EngineRule, 'tags' | 'tagMatch'>;

/**
 * Whether `outer` applies to every resource `inner` applies to. Matching through ordinary tags
 * is monotone (more tags never stop a rule from applying), so it is enough to check the
 * smallest tag sets `inner` applies to: each single tag of an any-of rule, all tags of an all-of.
 */
export function matchesEverythingOf(outer: Where, inner: Where): boolean {
  if (outer.tags.includes(EVERY_TAG)) return true;
  if (inner.tags.includes(EVERY_TAG)) return false;
  if (inner.tags.includes(UNTAGGED)) return outer.tags.includes(UNTAGGED);
  if (outer.tags.includes(UNTAGGED)) return false;
  const smallest = modeOf(inner) === 'all' ? [inner.tags] : inner.tags.map((tag) => [tag]);
  return smallest.every((tags) => ruleMatches(outer, tags) !== null);
}

/** Whether create rule `outer` allows every tag set create rule `inner` allows. */
export function allowsEverythingOf(outer: Where, inner: Where): boolean {
  if (outer.tags.includes(EVERY_TAG)) return true;
  if (inner.tags.includes(EVERY_TAG)) return false;
  if (inner.tags.includes(UNTAGGED)) return outer.tags.includes(UNTAGGED);
  if (outer.tags.includes(UNTAGGED)) return false;
  if (modeOf(inner) === 'all') return createAllows(outer, inner.tags);
  // Inner allows every non-empty subset of its tags; single tags and the whole set are the
  // extremes, and any-of and all-of rules allow a contiguous range between them.
  return inner.tags.every((tag) => createAllows(outer, [tag])) && createAllows(outer, inner.tags);
}

/**
 * Whether `outer` grants everything `inner` does, to everyone `inner` grants it to: the same
 * kind, a team that holds all of `inner`'s team (the same team, or `users`, which everyone is
 * in), every privilege (implications applied) and every resource.
 */
export function covers(outer: EngineRule, inner: EngineRule, usersTeamId: string): boolean {
  if (outer.id === inner.id || outer.resourceType !== inner.resourceType) return false;
  if (outer.teamId !== inner.teamId && outer.teamId !== usersTeamId) return false;
  const innerCreates = inner.privileges.includes('create');
  if (innerCreates !== outer.privileges.includes('create')) return false;
  if (innerCreates) return allowsEverythingOf(outer, inner);
  const granted = withImplied(outer.privileges);
  if (!withImplied(inner.privileges).every((privilege) => granted.includes(privilege))) {
    return false;
  }
  return matchesEverythingOf(outer, inner);
}

/**
 * Whether the team of create rule `create` can read every pipeline it may create, through a
 * rule of its own team or of `users` (otherwise the new pipeline vanishes from its view).
 */
export function hasReadBeside(
  create: EngineRule,
  rules: readonly EngineRule[],
  usersTeamId: string,
): boolean {
  const readers = rules.filter(
    (rule) =>
      rule.resourceType === create.resourceType &&
      (rule.teamId === create.teamId || rule.teamId === usersTeamId) &&
      grantingPrivilege(rule, 'read') !== undefined,
  );
  // A new resource may then carry tags no rule names: only `*` reads it.
  if (create.tags.includes(EVERY_TAG)) return readers.some((rule) => rule.tags.includes(EVERY_TAG));
  const smallest: string[][] = create.tags.includes(UNTAGGED)
    ? [[]]
    : modeOf(create) === 'all'
      ? [[...create.tags]]
      : create.tags.map((tag) => [tag]);
  // Matching is monotone, so reading the smallest tag sets it may create is enough; each may be
  // read through a different rule (qa reads `qa`, users reads `staging`).
  return smallest.every((tags) => readers.some((rule) => ruleMatches(rule, tags) !== null));
}
