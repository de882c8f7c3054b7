import { describe, expect, it } from 'vitest';
import type { Privilege, TagMatch } from '../../contract/access';
import type { EngineRule, Subject } from './engine';
import { checkTagChange, describeTagRefusal } from './tag-change';
import { ruleMaker } from './engine-rules';

/* The demo account's pipeline rules (README, "The demo"). */
const ruleOf = ruleMaker();
const rule = (
  number: number,
  teamId: string,
  privileges: Privilege[],
  tags: string[],
  tagMatch: TagMatch = 'any',
) => ruleOf(number, teamId, 'pipeline', privileges, tags, tagMatch);
const RULES = [
  rule(2, 'users', ['create'], ['untagged']),
  rule(3, 'users', ['read', 'update', 'delete', 'run', 'approve', 'debug'], ['untagged']),
  rule(5, 'qa', ['read', 'run'], ['staging', 'qa']),
  rule(6, 'payments', ['update', 'run'], ['payments']),
  rule(7, 'payments', ['create'], ['payments']),
  rule(8, 'release-managers', ['approve'], ['production']),
  rule(10, 'platform', ['update', 'delete', 'run', 'debug'], ['platform', 'production'], 'all'),
];
const person = (...teams: string[]): Subject => ({
  level: 'user',
  teamIds: new Set(['users', ...teams]),
});
const linus = person('payments');
const alan = person('payments', 'platform');

function refusal(before: string[], after: string[], subject = linus, label = 'payments/deploy') {
  const decision = checkTagChange(RULES, subject, 'pipeline', before, after);
  if (decision.allowed) throw new Error('allowed');
  return { decision, sentence: describeTagRefusal(decision, before, after, label) };
}

describe('tag changes by people who are not administrators (issue 15)', () => {
  it('refuses Linus taking every tag off payments/deploy, naming what rule 3 would give him', () => {
    const { decision, sentence } = refusal(['payments', 'production'], []);
    expect(decision).toMatchObject({ kind: 'gain', gained: ['delete', 'approve', 'debug'] });
    expect(sentence).toBe(
      'Removing payments and production would give you delete, approve and debug on payments/deploy through rule 3.',
    );
  });

  it('refuses adding a tag no create rule of the person allows, though it gains them nothing', () => {
    // Linus created payments/build with the tag rule 7 allows; production would put it in front
    // of release-managers' approve rule, which no single call of his could do.
    const { decision, sentence } = refusal(
      ['payments'],
      ['payments', 'production'],
      linus,
      'payments/build',
    );
    expect(decision.kind).toBe('create-scope');
    expect(sentence).toBe(
      'Adding production would leave payments/build tagged payments and production, which no create rule of your teams allows: you may create pipelines without tags (rule 2) or pipelines tagged payments (rule 7). Only an administrator can tag it so.',
    );
  });

  it('lets a person add tags within one create rule and take tags away when it gives them nothing', () => {
    expect(checkTagChange(RULES, linus, 'pipeline', [], ['payments']).allowed).toBe(true);
    // Alan (payments, platform) holds update, delete, run, debug on platform+production pipelines
    // through rule 10, and update, run through rule 6 on payments ones: taking platform away loses.
    expect(
      checkTagChange(
        RULES,
        alan,
        'pipeline',
        ['payments', 'platform', 'production'],
        ['payments', 'production'],
      ).allowed,
    ).toBe(true);
  });

  it('refuses replacing tags when the new set adds one outside every create rule, even if it loses privileges', () => {
    const { decision } = refusal(['payments'], ['qa']);
    expect(decision.kind).toBe('create-scope');
  });

  it('refuses leaving a pipeline untagged without a create rule for untagged pipelines', () => {
    const rules = RULES.filter((r) => r.number !== 2 && r.number !== 3);
    const decision = checkTagChange(rules, linus, 'pipeline', ['payments'], []);
    expect(decision).toMatchObject({ allowed: false, kind: 'create-scope' });
    if (decision.allowed) return;
    expect(describeTagRefusal(decision, ['payments'], [], 'payments/build')).toBe(
      'Removing payments would leave payments/build without tags, which no create rule of your teams allows: you may create pipelines tagged payments (rule 7). Only an administrator can tag it so.',
    );
  });

  it('names no create rule when the person has none', () => {
    const decision = checkTagChange([], person(), 'pipeline', [], ['qa']);
    if (decision.allowed) throw new Error('allowed');
    expect(describeTagRefusal(decision, [], ['qa'], 'web/e2e')).toBe(
      'Adding qa would leave web/e2e tagged qa, which no create rule of your teams allows. Only an administrator can tag it so.',
    );
  });

  it('names every rule that would grant a gain, in order', () => {
    const rules = [...RULES, rule(11, 'payments', ['approve'], ['untagged'])];
    const decision = checkTagChange(rules, linus, 'pipeline', ['payments', 'production'], []);
    if (decision.allowed) throw new Error('allowed');
    expect(describeTagRefusal(decision, ['payments', 'production'], [], 'p/d')).toMatch(
      /through rules 3 and 11\.$/,
    );
  });

  it('leaves administrators free, and cluster tags to them alone', () => {
    expect(
      checkTagChange(RULES, { level: 'administrator', teamIds: new Set() }, 'pipeline', ['a'], [])
        .allowed,
    ).toBe(true);
    const clusterRules: EngineRule[] = [
      { ...rule(1, 'users', ['read', 'update'], ['untagged']), resourceType: 'cluster' },
    ];
    expect(checkTagChange(clusterRules, linus, 'cluster', [], ['qa'])).toMatchObject({
      allowed: false,
      kind: 'create-scope',
      createRules: [],
    });
  });
});
