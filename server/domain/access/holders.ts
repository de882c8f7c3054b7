/**
 * The reverse view (P-2.10): which rules apply to a resource and which teams they grant a
 * privilege to. The server counts the people in those teams in SQL; the mock API counts them
 * in memory.
 */
import type { Privilege } from '../../contract/access';
import { ruleMatches, type EngineRule } from './engine';
import { withImplied } from './rules';

/** The rules that apply to an existing resource (create rules never do), with the tags matched. */
export function applyingRules(rules: readonly EngineRule[], tags: readonly string[]) {
  return rules.flatMap((rule) => {
    const matchedTags = rule.privileges.includes('create') ? null : ruleMatches(rule, tags);
    return matchedTags ? [{ rule, matchedTags }] : [];
  });
}

/** The teams whose applying rules grant `privilege`, itself or implied. */
export function teamsGranting(
  applying: ReturnType<typeof applyingRules>,
  privilege: Privilege,
): string[] {
  return [
    ...new Set(
      applying
        .filter(({ rule }) => withImplied(rule.privileges).includes(privilege))
        .map(({ rule }) => rule.teamId),
    ),
  ];
}
