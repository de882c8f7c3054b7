/**
 * The engine's reasons as sentences (P-2.10): "yes, through rule 4 of team qa, tag staging" or
 * "no: rule 4 would grant it if Alan were in team qa".
 */
import type {
  AccessReason,
  Explanation,
  PersonRef,
  Privilege,
  ResourceRef,
  RuleRef,
} from '../../contract/access';
import { describeRule, describeWhere } from './rules';
import { EVERY_TAG, UNTAGGED } from '../tags';
import { decide, type Decision, type EngineRule, type Reason, type Subject } from './engine';

export function ruleRefOf(rule: EngineRule): RuleRef {
  return {
    id: rule.id,
    number: rule.number,
    teamId: rule.teamId,
    teamName: rule.teamName,
    sentence: describeRule(rule),
  };
}

function throughTags(tags: string[]): string {
  if (tags.includes(EVERY_TAG)) return 'which applies to every resource (*)';
  if (tags.includes(UNTAGGED)) return 'which applies because it has no tags (untagged)';
  return `through the tag${tags.length > 1 ? 's' : ''} ${tags.join(', ')}`;
}

export interface ExplainContext {
  /** "Alan Turing" */
  personName: string;
  /** "cluster prod-eu", "pipeline payments/deploy", "a new pipeline" */
  resourceLabel: string;
  privilege: Privilege;
}

/** One engine reason as the API answers it. */
export function describeReason(reason: Reason, context: ExplainContext): AccessReason {
  const { personName, resourceLabel, privilege } = context;
  switch (reason.kind) {
    case 'administrator':
      return {
        kind: 'administrator',
        message: `${personName} is an administrator: administrators hold every privilege on every cluster and pipeline, and no rule is written for them.`,
      };
    case 'administrators-only':
      return {
        kind: 'administrators-only',
        message: `Cluster ${privilege} stays with administrators whatever the rules say.`,
      };
    case 'no-rule':
      // About this resource only: rules of other teams may grant it on other tags.
      return {
        kind: 'no-rule',
        message:
          privilege === 'create'
            ? `No rule lets anyone create ${resourceLabel} with these tags.`
            : `No rule grants ${privilege} on ${resourceLabel} to anyone.`,
      };
    case 'rule': {
      const rule = ruleRefOf(reason.rule);
      const name = `rule ${rule.number} of team ${rule.teamName}`;
      const how = throughTags(reason.matchedTags);
      return {
        kind: 'rule',
        rule,
        matchedTags: reason.matchedTags,
        ...(reason.via ? { via: reason.via } : {}),
        message: reason.via
          ? `${capital(privilege)}, implied by ${reason.via} through ${name}, ${how}.`
          : `${capital(name)} grants ${privilege}, ${how}.`,
      };
    }
    case 'not-in-team': {
      const rule = ruleRefOf(reason.rule);
      return {
        kind: 'not-in-team',
        rule,
        message: `Rule ${rule.number} would grant it if ${personName} were in team ${rule.teamName}.`,
      };
    }
    case 'tags-do-not-match': {
      const rule = ruleRefOf(reason.rule);
      const { tags, tagMatch, resourceType } = reason.rule;
      const wanted =
        privilege === 'create'
          ? `the new ${resourceType}'s tags were ones it allows (${rule.sentence.replace(/\.$/, '')})`
          : `${resourceLabel} were one of the ${describeWhere(resourceType, tags, tagMatch)}`;
      return {
        kind: 'tags-do-not-match',
        rule,
        message: `Rule ${rule.number} of team ${rule.teamName} would grant it if ${wanted}.`,
      };
    }
  }
}

/** "Yes: Alan Turing can read cluster prod-eu through rule 4 of team qa (tag staging)." */
export function summarise(decision: Decision, context: ExplainContext): string {
  const { personName, resourceLabel, privilege } = context;
  if (!decision.allowed) {
    return `No: ${personName} cannot ${privilege} ${resourceLabel}.`;
  }
  const [first] = decision.reasons;
  if (first?.kind === 'rule') {
    const more = decision.reasons.length > 1 ? ` and ${decision.reasons.length - 1} more` : '';
    return `Yes: ${personName} can ${privilege} ${resourceLabel} through rule ${first.rule.number} of team ${first.rule.teamName} (${first.matchedTags.join(', ')})${more}.`;
  }
  return `Yes: ${personName} can ${privilege} ${resourceLabel} as an administrator.`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The explainer's answer (P-2.10): may `person` take `privilege` on `resource`, and why, from
 * the rules of the resource's kind. For create, `resource` stands for a new one tagged like it.
 */
export function explanationOf(
  rules: readonly EngineRule[],
  person: PersonRef & Subject,
  resource: ResourceRef,
  privilege: Privilege,
): Explanation {
  const decision = decide(rules, person, { type: resource.type, tags: resource.tags }, privilege);
  const context = {
    personName: person.name,
    resourceLabel:
      privilege === 'create'
        ? `a new ${resource.type} tagged like ${resource.name}`
        : `${resource.type} ${resource.name}`,
    privilege,
  };
  return {
    allowed: decision.allowed,
    summary: summarise(decision, context),
    reasons: decision.reasons.map((reason) => describeReason(reason, context)),
    person: { id: person.id, name: person.name, email: person.email },
    resource,
    privilege,
  };
}
