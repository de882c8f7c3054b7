/**
 * Tag changes by people who are not administrators (P-2.6, P-2.7, P-2.8; issue 15). Tags are
 * access decisions: a pipeline's tags say which rules apply to it, so whoever changes them
 * changes who may do what. Two checks close the ways a tag change could raise privileges:
 *
 * 1. **Nothing gained.** After the change, the person holds no privilege on the resource that
 *    they did not hold before it. Removing `production` and `payments` from a pipeline puts it
 *    under the default rule for untagged pipelines, which may give far more than the rules that
 *    matched its tags.
 * 2. **Additions stay inside a create rule.** A change that adds a tag (or leaves the resource
 *    without tags) must leave it with tags that one create rule of the person's teams takes in
 *    whole: every tag among that rule's tags (`*`: any tags; `untagged`: none). A create rule
 *    says which tags a team may give a new pipeline; without this, creating with the tags it
 *    allows and adding others afterwards would reach, in two calls, a pipeline that one call may
 *    not create — placed in front of another team's approve or deploy rules.
 *
 * Together they make every sequence of allowed changes no stronger than one: each person's
 * privileges on any tags reached are at most those on the tags the resource started with or on
 * tags a create rule of the changer allows, because taking tags away (leaving at least one) never
 * makes an ordinary, `*` or all-of rule match where it did not. The property test in
 * `tag-change.property.test.ts` checks this against the engine on random rules and sequences.
 */
import type { Privilege, ResourceType } from '../../contract/access';
import { ADMINISTRATOR_ONLY, describeWhere, listed } from './rules';
import { EVERY_TAG, UNTAGGED } from '../tags';
import { decide, privilegesOn, type EngineRule, type Subject } from './engine';

export type TagChangeDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** The person would hold these after the change and does not now, through these rules. */
      kind: 'gain';
      gained: Privilege[];
      through: EngineRule[];
    }
  | {
      allowed: false;
      /** The tags after the change are not within any one create rule of the person's teams. */
      kind: 'create-scope';
      createRules: EngineRule[];
    };

/** Whether create rule `rule` takes in every tag of `tags` (P-2.6 applied to a tag set). */
function createRuleTakesIn(rule: EngineRule, tags: readonly string[]): boolean {
  if (rule.tags.includes(EVERY_TAG)) return true;
  if (rule.tags.includes(UNTAGGED)) return tags.length === 0;
  return tags.length > 0 && tags.every((tag) => rule.tags.includes(tag));
}

/** The create rules of the person's teams for the kind (none for clusters: P-2.7). */
export function createRulesOf(
  rules: readonly EngineRule[],
  subject: Subject,
  type: ResourceType,
): EngineRule[] {
  if (ADMINISTRATOR_ONLY[type].includes('create')) return [];
  return rules.filter(
    (rule) =>
      rule.resourceType === type &&
      subject.teamIds.has(rule.teamId) &&
      rule.privileges.includes('create'),
  );
}

/**
 * Whether the person may change a resource's tags from `before` to `after`, beyond holding
 * update (checked by the caller). Administrators may always.
 *
 * @example
 * // Linus (payments: update, run on payments) removing every tag of payments/deploy:
 * checkTagChange(rules, linus, 'pipeline', ['payments', 'production'], []);
 * // { allowed: false, kind: 'gain', gained: ['delete', 'approve', 'debug'], through: [rule3] }
 */
export function checkTagChange(
  rules: readonly EngineRule[],
  subject: Subject,
  type: ResourceType,
  before: readonly string[],
  after: readonly string[],
): TagChangeDecision {
  if (subject.level === 'administrator') return { allowed: true };
  const held = new Set(privilegesOn(rules, subject, { type, tags: before }));
  const gained = privilegesOn(rules, subject, { type, tags: after }).filter(
    (privilege) => !held.has(privilege),
  );
  if (gained.length > 0) {
    const through = new Map<string, EngineRule>();
    for (const privilege of gained) {
      for (const reason of decide(rules, subject, { type, tags: after }, privilege).reasons) {
        if (reason.kind === 'rule') through.set(reason.rule.id, reason.rule);
      }
    }
    return {
      allowed: false,
      kind: 'gain',
      gained,
      through: [...through.values()].sort((a, b) => a.number - b.number),
    };
  }
  const adds =
    after.some((tag) => !before.includes(tag)) || (after.length === 0 && before.length > 0);
  const createRules = createRulesOf(rules, subject, type);
  if (adds && !createRules.some((rule) => createRuleTakesIn(rule, after))) {
    return { allowed: false, kind: 'create-scope', createRules };
  }
  return { allowed: true };
}

const ruleNumbers = (rules: readonly EngineRule[]) =>
  `${rules.length === 1 ? 'rule' : 'rules'} ${listed(
    rules.map((rule) => String(rule.number)),
    'and',
  )}`;

/** "Removing payments and production", "Adding qa and removing staging". */
function changeWords(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((tag) => !before.includes(tag));
  const removed = before.filter((tag) => !after.includes(tag));
  const parts = [
    added.length > 0 && `adding ${listed(added, 'and')}`,
    removed.length > 0 && `removing ${listed(removed, 'and')}`,
  ].filter((part): part is string => typeof part === 'string');
  const words = parts.join(' and ') || 'this change';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The refusal as a sentence that names what the person would have gained, or which tags no
 * create rule of theirs allows.
 *
 * @example
 * describeTagRefusal(decision, ['payments', 'production'], [], 'payments/deploy');
 * // "Removing payments and production would give you delete, approve and debug on
 * //  payments/deploy through rule 3."
 */
export function describeTagRefusal(
  decision: Exclude<TagChangeDecision, { allowed: true }>,
  before: readonly string[],
  after: readonly string[],
  label: string,
): string {
  const change = changeWords(before, after);
  if (decision.kind === 'gain') {
    return `${change} would give you ${listed(decision.gained, 'and')} on ${label} through ${ruleNumbers(decision.through)}.`;
  }
  const what =
    after.length === 0
      ? `leave ${label} without tags`
      : `leave ${label} tagged ${listed(after, 'and')}`;
  const allowed = decision.createRules.map(
    (rule) => `${describeWhere(rule.resourceType, rule.tags, rule.tagMatch)} (rule ${rule.number})`,
  );
  const yours = allowed.length > 0 ? `: you may create ${listed(allowed, 'or')}` : '';
  return `${change} would ${what}, which no create rule of your teams allows${yours}. Only an administrator can tag it so.`;
}
