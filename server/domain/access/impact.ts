/**
 * The impact preview (P-2.10): who gains and who loses which privilege on which resources when a
 * rule is saved or deleted, or tags change. Pure: the service loads the people, the resources
 * and the rules as they are and as they would be.
 *
 * People are grouped by the teams that matter (those the rules name) and resources by their tags
 * before and after, so the work grows with the distinct groups, not with people × resources.
 */
import type {
  Impact,
  ParsedRuleInput,
  PersonRef,
  Preview,
  Privilege,
  ResourceRef,
  ResourceType,
} from '../../contract/access';
import { PRIVILEGES } from './rules';
import { EVERY_TAG, UNTAGGED } from '../tags';
import { decide, privilegesOn, ruleMatches, type EngineRule, type Subject } from './engine';
import { ruleRefOf } from './explain';

/** How many people and resources a group of the preview names; it counts them all. */
export const MAX_PREVIEW_SAMPLE = 10;

export interface PersonFacts extends PersonRef {
  level: 'user' | 'administrator';
  teamIds: ReadonlySet<string>;
}

export interface ResourceChange {
  id: string;
  name: string;
  before: readonly string[];
  after: readonly string[];
}

export interface ImpactInput {
  resourceType: ResourceType;
  people: readonly PersonFacts[];
  /** The resources that may be affected, with their tags before and after. */
  resources: readonly ResourceChange[];
  rulesBefore: readonly EngineRule[];
  rulesAfter: readonly EngineRule[];
}

interface Group<T> {
  key: string;
  members: T[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([key, members]) => ({ key, members }));
}

/** The rules that grant any of `privileges` to `subject` on a resource with `tags`. */
function grantingRules(
  rules: readonly EngineRule[],
  subject: Subject,
  type: ResourceType,
  tags: readonly string[],
  privileges: readonly Privilege[],
): EngineRule[] {
  const found = new Map<string, EngineRule>();
  for (const privilege of privileges) {
    for (const reason of decide(rules, subject, { type, tags }, privilege).reasons) {
      if (reason.kind === 'rule') found.set(reason.rule.id, reason.rule);
    }
  }
  return [...found.values()].sort((a, b) => a.number - b.number);
}

interface Cell {
  effect: 'gain' | 'lose';
  privileges: Privilege[];
  people: PersonFacts[];
  resources: ResourceChange[];
  rules: Map<string, EngineRule>;
}

/**
 * A tag no rule names and no resource carries (tags have no spaces): only a `*` create rule lets
 * a new resource be given it, so it tells who may create with tags beyond those rules name.
 */
const ANY_OTHER_TAG = ' any other tag ';

/**
 * The tag sets that decide who may create what (the new resource's tags): comparing create
 * before and after on each of them finds everyone who may create with fewer or more tag sets.
 *
 * Every set a rule allows must be looked at, as the others may allow it only in part: any-of
 * `a, b` allows `a`, `b` and `a, b`; any-of `a` and any-of `b` beside it allow only the first
 * two. The sets an any-of rule allows that others do not form an upward-closed family minus the
 * exact sets of all-of rules, so its own set, and each all-of set within it less one tag, find
 * one of them whenever there is one, without going through every subset.
 */
function createProbes(rules: readonly EngineRule[]): string[][] {
  const creates = rules.filter((rule) => rule.privileges.includes('create'));
  const isExact = (rule: EngineRule) =>
    !rule.tags.includes(EVERY_TAG) &&
    !rule.tags.includes(UNTAGGED) &&
    rule.tags.length > 1 &&
    rule.tagMatch === 'all';
  const exactSets = creates.filter(isExact).map((rule) => rule.tags);
  const probes = new Map<string, string[]>();
  const probe = (tags: readonly string[]) => {
    const set = [...new Set(tags)].sort();
    probes.set(set.join(','), set);
  };
  for (const rule of creates) {
    if (rule.tags.includes(EVERY_TAG)) {
      probe([]);
      probe([ANY_OTHER_TAG]);
    } else if (rule.tags.includes(UNTAGGED)) {
      probe([]);
    } else {
      probe(rule.tags);
      if (isExact(rule)) continue;
      for (const exact of exactSets) {
        if (!exact.every((tag) => rule.tags.includes(tag))) continue;
        for (const left of exact) probe(exact.filter((tag) => tag !== left));
      }
    }
  }
  return [...probes.values()];
}

function kindLabel(type: ResourceType, count: number): string {
  return count === 1 ? type : `${type}s`;
}

function sentenceOf(cell: Cell, type: ResourceType): string {
  const privileges = cell.privileges.join(', ');
  const people = `${cell.people.length} ${cell.people.length === 1 ? 'person' : 'people'}`;
  // A proposed rule has no number yet (0).
  const rules = [...cell.rules.values()].map((rule) =>
    rule.number > 0
      ? `rule ${rule.number} of team ${rule.teamName}`
      : `the new rule for team ${rule.teamName}`,
  );
  if (cell.privileges.includes('create')) {
    return cell.effect === 'gain'
      ? `Lets ${people} create ${type}s they could not create before, through ${rules.join(', ')}.`
      : `Stops ${people} from creating ${type}s as they could through ${rules.join(', ')}.`;
  }
  const where =
    cell.resources.length === 1
      ? `${type} ${cell.resources[0]!.name}`
      : `${cell.resources.length} ${kindLabel(type, cell.resources.length)}`;
  return cell.effect === 'gain'
    ? `Gives ${privileges} on ${where} to ${people}, through ${rules.join(', ')}.`
    : `Removes ${privileges} on ${where} from ${people}, who had it through ${rules.join(', ')}.`;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name.localeCompare(b.name);
}

export function computeImpact(input: ImpactInput): Preview {
  const { resourceType: type, rulesBefore, rulesAfter } = input;
  const teamsThatMatter = new Set(
    [...rulesBefore, ...rulesAfter].filter((r) => r.resourceType === type).map((r) => r.teamId),
  );
  const people = groupBy(
    input.people.filter((person) => person.level !== 'administrator'),
    (person) =>
      [...person.teamIds]
        .filter((id) => teamsThatMatter.has(id))
        .sort()
        .join(','),
  );
  const resources = groupBy(
    input.resources,
    (resource) => `${resource.before.join(',')}|${resource.after.join(',')}`,
  );

  const cells = new Map<string, Cell>();
  function add(
    effect: 'gain' | 'lose',
    privileges: Privilege[],
    group: Group<PersonFacts>,
    affected: ResourceChange[],
    rules: EngineRule[],
  ) {
    if (privileges.length === 0) return;
    const key = `${effect}|${privileges.join(',')}|${group.key}`;
    const cell: Cell = cells.get(key) ?? {
      effect,
      privileges,
      people: group.members,
      resources: [],
      rules: new Map(),
    };
    cell.resources.push(...affected);
    for (const rule of rules) cell.rules.set(rule.id, rule);
    cells.set(key, cell);
  }

  const probes = createProbes([...rulesBefore, ...rulesAfter]);
  for (const group of people) {
    const subject: Subject = { level: 'user', teamIds: group.members[0]!.teamIds };
    // Only the rules of the group's teams can grant it anything: deciding on those alone gives
    // the same grants, and keeps the work per group small in accounts with hundreds of rules.
    const own = (rules: readonly EngineRule[]) =>
      rules.filter((rule) => rule.resourceType === type && subject.teamIds.has(rule.teamId));
    const [ownBefore, ownAfter] = [own(rulesBefore), own(rulesAfter)];
    // A rule applies through the tags it names, and through whether there are any: resources
    // that agree on those are decided once for the group, however many other tags they carry.
    const named = new Set([...ownBefore, ...ownAfter].flatMap((rule) => rule.tags));
    const project = (tags: readonly string[]) =>
      tags.length === 0 ? '-' : `+${tags.filter((tag) => named.has(tag)).join(',')}`;
    const alike = groupBy(
      resources,
      ({ members: [first] }) => `${project(first!.before)}|${project(first!.after)}`,
    ).map((projected) => projected.members.flatMap((resourceGroup) => resourceGroup.members));
    for (const members of alike) {
      const { before: tagsBefore, after: tagsAfter } = members[0]!;
      const before = privilegesOn(ownBefore, subject, { type, tags: tagsBefore });
      const after = privilegesOn(ownAfter, subject, { type, tags: tagsAfter });
      const lost = before.filter((privilege) => !after.includes(privilege));
      const gained = after.filter((privilege) => !before.includes(privilege));
      add('lose', lost, group, members, grantingRules(ownBefore, subject, type, tagsBefore, lost));
      add(
        'gain',
        gained,
        group,
        members,
        grantingRules(ownAfter, subject, type, tagsAfter, gained),
      );
    }
    for (const tags of probes) {
      const could = decide(ownBefore, subject, { type, tags }, 'create');
      const can = decide(ownAfter, subject, { type, tags }, 'create');
      if (could.allowed === can.allowed) continue;
      const through = (can.allowed ? can : could).reasons.flatMap((reason) =>
        reason.kind === 'rule' ? [reason.rule] : [],
      );
      add(can.allowed ? 'gain' : 'lose', ['create'], group, [], through);
    }
  }

  // Groups with the same change on the same resources become one, whoever they are.
  const merged = new Map<string, Cell>();
  for (const cell of cells.values()) {
    const resourceIds = [...new Set(cell.resources.map((r) => r.id))].sort().join(',');
    const key = `${cell.effect}|${cell.privileges.join(',')}|${resourceIds}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        ...cell,
        people: [...cell.people],
        resources: [...new Map(cell.resources.map((r) => [r.id, r])).values()],
      });
      continue;
    }
    into.people.push(...cell.people);
    for (const rule of cell.rules.values()) into.rules.set(rule.id, rule);
  }

  const impacts: Impact[] = [...merged.values()]
    .sort(
      (a, b) =>
        (a.effect === b.effect ? 0 : a.effect === 'lose' ? -1 : 1) ||
        b.people.length - a.people.length,
    )
    .map((cell) => ({
      effect: cell.effect,
      privileges: PRIVILEGES.filter((privilege) => cell.privileges.includes(privilege)),
      people: {
        total: cell.people.length,
        sample: [...cell.people]
          .sort(byName)
          .slice(0, MAX_PREVIEW_SAMPLE)
          .map(({ id, name, email }) => ({ id, name, email })),
      },
      resources: {
        total: cell.resources.length,
        sample: [...cell.resources]
          .sort(byName)
          .slice(0, MAX_PREVIEW_SAMPLE)
          .map(({ id, name, after }): ResourceRef => ({ type, id, name, tags: [...after] })),
      },
      throughRules: [...cell.rules.values()].sort((a, b) => a.number - b.number).map(ruleRefOf),
      sentence: sentenceOf(cell, type),
    }));

  const gaining = new Set<string>();
  const losing = new Set<string>();
  for (const impact of merged.values()) {
    for (const person of impact.people)
      (impact.effect === 'gain' ? gaining : losing).add(person.id);
  }
  return {
    impacts,
    peopleGaining: gaining.size,
    peopleLosing: losing.size,
    needsConfirmation: losing.size > 0,
  };
}

/** A rule as it would be saved: `existing` keeps its id and number, a new one is number 0. */
export function proposedRule(
  input: ParsedRuleInput,
  teamName: string,
  existing?: EngineRule,
): EngineRule {
  return {
    id: existing?.id ?? 'proposed',
    number: existing?.number ?? 0,
    teamId: input.teamId,
    teamName,
    resourceType: input.resourceType,
    privileges: input.privileges,
    tags: [...new Set(input.tags)],
    tagMatch: input.tagMatch,
  };
}

/**
 * The preview of saving `proposed` (in place of `existing`, if any) or of deleting `existing`:
 * `rules` and `resources` are those of the changed rule's kind, as they are now.
 */
export function previewRuleChange(input: {
  rules: readonly EngineRule[];
  people: readonly PersonFacts[];
  resources: readonly { id: string; name: string; tags: readonly string[] }[];
  existing?: EngineRule;
  proposed?: EngineRule;
}): Preview {
  const { existing, proposed } = input;
  const type = (proposed ?? existing)!.resourceType;
  const rulesAfter = input.rules.flatMap((rule) =>
    rule.id !== existing?.id ? [rule] : proposed ? [proposed] : [],
  );
  if (proposed && !existing) rulesAfter.push(proposed);

  // Rules only grant, so only the people of the changed rule's team can gain or lose, and only
  // on what the rule matched before or matches after; everyone else is left out of the sums.
  const changed = [existing, proposed].filter((rule) => rule !== undefined);
  const matchesAny = (tags: readonly string[]) =>
    changed.some((rule) => !rule.privileges.includes('create') && ruleMatches(rule, tags));
  return computeImpact({
    resourceType: type,
    // Everyone is in the built-in team users, so a rule for users keeps everyone.
    people: input.people.filter((person) =>
      changed.some((rule) => person.teamIds.has(rule.teamId)),
    ),
    resources: input.resources
      .filter((resource) => matchesAny(resource.tags))
      .map((resource) => ({ ...resource, before: resource.tags, after: resource.tags })),
    rulesBefore: input.rules,
    rulesAfter,
  });
}
