import type { Privilege, ResourceType, TagMatch } from '../../contract/access';
import type { EngineRule } from './engine';

/**
 * Builds the rules of the engine's unit tests, numbered as in an account, each named after its
 * team in sentences.
 *
 * @example
 * const ruleOf = ruleMaker({ 'team-qa': 'qa' });
 * ruleOf(4, 'team-qa', 'cluster', ['read'], ['staging', 'qa']);
 */
export function ruleMaker(teamNames: Record<string, string> = {}) {
  return (
    number: number,
    teamId: string,
    resourceType: ResourceType,
    privileges: Privilege[],
    tags: string[],
    tagMatch: TagMatch = 'any',
  ): EngineRule => ({
    id: `rule-${number}`,
    number,
    teamId,
    teamName: teamNames[teamId] ?? teamId,
    resourceType,
    privileges,
    tags,
    tagMatch,
  });
}
