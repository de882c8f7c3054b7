/**
 * Effective permissions (issue 20): every privilege a person (or what one team's rules grant)
 * holds on a resource, each with the rule that grants it. Each cell is `decide`'s answer, so
 * the matrix can never disagree with enforcement; the server decides once per tag set.
 */
import type { EffectiveCell, Privilege, ResourceType } from '../../contract/access';
import { decide, type EngineRule, type ResourceFacts, type Subject } from './engine';
import { ruleRefOf } from './explain';
import { PRIVILEGES_OF } from './rules';

/** The matrix's columns: the privileges of a kind on an existing resource (create is not one). */
export function matrixPrivileges(type: ResourceType): Privilege[] {
  return PRIVILEGES_OF[type].filter((privilege) => privilege !== 'create');
}

/** One privilege as a cell: held or not, and the first granting rule (by number) and how many. */
export function effectiveCell(
  rules: readonly EngineRule[],
  subject: Subject,
  resource: ResourceFacts,
  privilege: Privilege,
): EffectiveCell {
  const decision = decide(rules, subject, resource, privilege);
  const grants = decision.reasons.flatMap((reason) => (reason.kind === 'rule' ? [reason] : []));
  const first = grants[0];
  if (decision.allowed && first) {
    return {
      privilege,
      held: true,
      reason: 'rule',
      rule: ruleRefOf(first.rule),
      matchedTags: first.matchedTags,
      ...(first.via ? { via: first.via } : {}),
      rules: grants.length,
    };
  }
  if (decision.allowed) return { privilege, held: true, reason: 'administrator', rules: 0 };
  const onlyAdministrators = decision.reasons.some(
    (reason) => reason.kind === 'administrators-only',
  );
  return {
    privilege,
    held: false,
    reason: onlyAdministrators ? 'administrators-only' : 'no-rule',
    rules: 0,
  };
}

/**
 * Every cell of one resource, in `matrixPrivileges` order.
 *
 * @example
 * effectiveCells(rules, { level: 'user', teamIds: new Set([qa]) }, { type: 'cluster', tags: ['staging'] });
 * // [{ privilege: 'read', held: true, reason: 'rule', rule: { number: 4, … }, rules: 1 }, …]
 */
export function effectiveCells(
  rules: readonly EngineRule[],
  subject: Subject,
  resource: ResourceFacts,
): EffectiveCell[] {
  return matrixPrivileges(resource.type).map((privilege) =>
    effectiveCell(rules, subject, resource, privilege),
  );
}

/**
 * What one team grants, as the engine's subject: a member of that team alone, its own rules
 * only (not those of `users`, which everyone is in). The built-in admins team is the
 * administrators: they hold everything, and no rule is written for them.
 */
export function teamSubject(team: { id: string; builtIn: 'users' | 'admins' | null }): Subject {
  return team.builtIn === 'admins'
    ? { level: 'administrator', teamIds: new Set([team.id]) }
    : { level: 'user', teamIds: new Set([team.id]) };
}
