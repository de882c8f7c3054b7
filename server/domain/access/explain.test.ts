import { describe, expect, it } from 'vitest';
import { accessReasonSchema, type Privilege, type ResourceType } from '../../contract/access';
import { decide, type Subject } from './engine';
import { describeReason, ruleRefOf, summarise, type ExplainContext } from './explain';
import { ruleMaker } from './engine-rules';

const USERS = 'team-users';
const QA = 'team-qa';
const TEAM_NAMES: Record<string, string> = { [USERS]: 'users', [QA]: 'qa' };

const ruleOf = ruleMaker(TEAM_NAMES);

const ALAN = 'Alan Turing';
function context(privilege: Privilege, resourceLabel = 'cluster prod-eu'): ExplainContext {
  return { personName: ALAN, resourceLabel, privilege };
}
const alanIn = (...teams: string[]): Subject => ({
  level: 'user',
  teamIds: new Set([USERS, ...teams]),
});

const qaStaging = ruleOf(4, QA, 'cluster', ['read', 'update'], ['staging', 'qa']);

describe('ruleRefOf', () => {
  it('names the rule, its number and team, and says it as a sentence', () => {
    expect(ruleRefOf(qaStaging)).toEqual({
      id: 'rule-4',
      number: 4,
      teamId: QA,
      teamName: 'qa',
      sentence: 'Team qa can read, update clusters tagged staging or qa.',
    });
  });
});

describe('describeReason: one sentence per kind of reason', () => {
  it('administrator', () => {
    expect(describeReason({ kind: 'administrator' }, context('delete'))).toEqual({
      kind: 'administrator',
      message:
        'Alan Turing is an administrator: administrators hold every privilege on every cluster and pipeline, and no rule is written for them.',
    });
  });

  it('administrators-only names the cluster privilege', () => {
    expect(describeReason({ kind: 'administrators-only' }, context('delete'))).toEqual({
      kind: 'administrators-only',
      message: 'Cluster delete stays with administrators whatever the rules say.',
    });
    expect(describeReason({ kind: 'administrators-only' }, context('create')).message).toBe(
      'Cluster create stays with administrators whatever the rules say.',
    );
  });

  it('no-rule speaks of this resource', () => {
    expect(describeReason({ kind: 'no-rule' }, context('read'))).toEqual({
      kind: 'no-rule',
      message: 'No rule grants read on cluster prod-eu to anyone.',
    });
    expect(
      describeReason({ kind: 'no-rule' }, context('run', 'pipeline payments/deploy')).message,
    ).toBe('No rule grants run on pipeline payments/deploy to anyone.');
  });

  it('no-rule for create speaks of the new resource and its tags', () => {
    expect(describeReason({ kind: 'no-rule' }, context('create', 'a new pipeline')).message).toBe(
      'No rule lets anyone create a new pipeline with these tags.',
    );
  });

  it('a rule that grants the privilege, through the tags that matched', () => {
    expect(
      describeReason(
        { kind: 'rule', rule: qaStaging, matchedTags: ['staging'] },
        context('update'),
      ),
    ).toEqual({
      kind: 'rule',
      rule: ruleRefOf(qaStaging),
      matchedTags: ['staging'],
      message: 'Rule 4 of team qa grants update, through the tag staging.',
    });
    expect(
      describeReason(
        { kind: 'rule', rule: qaStaging, matchedTags: ['staging', 'qa'] },
        context('update'),
      ).message,
    ).toBe('Rule 4 of team qa grants update, through the tags staging, qa.');
  });

  it('a rule that applies to everything, or to resources without tags', () => {
    const every = ruleOf(2, QA, 'cluster', ['read'], ['*']);
    const untagged = ruleOf(1, USERS, 'cluster', ['read'], ['untagged']);
    expect(
      describeReason({ kind: 'rule', rule: every, matchedTags: ['*'] }, context('read')).message,
    ).toBe('Rule 2 of team qa grants read, which applies to every resource (*).');
    expect(
      describeReason({ kind: 'rule', rule: untagged, matchedTags: ['untagged'] }, context('read'))
        .message,
    ).toBe('Rule 1 of team users grants read, which applies because it has no tags (untagged).');
  });

  it('an implied privilege says which privilege implied it (P-2.6)', () => {
    const rule = ruleOf(1, USERS, 'cluster', ['update'], ['untagged']);
    expect(
      describeReason(
        { kind: 'rule', rule, matchedTags: ['untagged'], via: 'update' },
        context('read'),
      ),
    ).toEqual({
      kind: 'rule',
      rule: ruleRefOf(rule),
      matchedTags: ['untagged'],
      via: 'update',
      message:
        'Read, implied by update through rule 1 of team users, which applies because it has no tags (untagged).',
    });
  });

  it('not-in-team names the team the person would have to be in', () => {
    expect(describeReason({ kind: 'not-in-team', rule: qaStaging }, context('read'))).toEqual({
      kind: 'not-in-team',
      rule: ruleRefOf(qaStaging),
      message: 'Rule 4 would grant it if Alan Turing were in team qa.',
    });
  });

  it('tags-do-not-match says which resources the rule is for', () => {
    expect(describeReason({ kind: 'tags-do-not-match', rule: qaStaging }, context('read'))).toEqual(
      {
        kind: 'tags-do-not-match',
        rule: ruleRefOf(qaStaging),
        message:
          'Rule 4 of team qa would grant it if cluster prod-eu were one of the clusters tagged staging or qa.',
      },
    );
    const allOf = ruleOf(5, QA, 'pipeline', ['run'], ['eu', 'production'], 'all');
    expect(
      describeReason(
        { kind: 'tags-do-not-match', rule: allOf },
        context('run', 'pipeline payments/deploy'),
      ).message,
    ).toBe(
      'Rule 5 of team qa would grant it if pipeline payments/deploy were one of the pipelines tagged both eu and production.',
    );
    const untagged = ruleOf(1, USERS, 'cluster', ['read'], ['untagged']);
    expect(
      describeReason({ kind: 'tags-do-not-match', rule: untagged }, context('read')).message,
    ).toBe(
      'Rule 1 of team users would grant it if cluster prod-eu were one of the clusters without tags.',
    );
  });

  it('tags-do-not-match for create says which tags the new resource may be given', () => {
    const creates = ruleOf(3, QA, 'pipeline', ['create'], ['qa', 'staging']);
    expect(
      describeReason(
        { kind: 'tags-do-not-match', rule: creates },
        context('create', 'a new pipeline'),
      ).message,
    ).toBe(
      "Rule 3 of team qa would grant it if the new pipeline's tags were ones it allows (Team qa can create pipelines tagged qa or staging (no other tags)).",
    );
  });

  it('answers reasons the API schema accepts, for every reason the engine gives', () => {
    const rules = [
      ruleOf(1, USERS, 'cluster', ['read', 'update'], ['untagged']),
      qaStaging,
      ruleOf(5, QA, 'pipeline', ['create'], ['qa']),
    ];
    const cases: [Subject, ResourceType, string[], Privilege][] = [
      [alanIn(), 'cluster', [], 'read'],
      [alanIn(), 'cluster', ['staging'], 'read'],
      [alanIn(QA), 'cluster', ['staging'], 'read'],
      [alanIn(QA), 'cluster', ['prod'], 'read'],
      [alanIn(), 'cluster', [], 'delete'],
      [alanIn(), 'pipeline', ['x'], 'run'],
      [alanIn(QA), 'pipeline', ['x'], 'create'],
      [{ level: 'administrator', teamIds: new Set([USERS]) }, 'cluster', [], 'delete'],
    ];
    for (const [subject, type, tags, privilege] of cases) {
      for (const reason of decide(rules, subject, { type, tags }, privilege).reasons) {
        const described = describeReason(reason, context(privilege, `${type} x`));
        expect(accessReasonSchema.parse(described)).toEqual(described);
        expect(described.kind).toBe(reason.kind);
        expect(described.message).toMatch(/^[A-Z].*\.$/);
      }
    }
  });
});

describe('summarise: the explainer answer in one sentence', () => {
  it('yes, through the first granting rule and the tags that matched', () => {
    const decision = decide(
      [qaStaging],
      alanIn(QA),
      { type: 'cluster', tags: ['staging'] },
      'read',
    );
    expect(summarise(decision, context('read'))).toBe(
      'Yes: Alan Turing can read cluster prod-eu through rule 4 of team qa (staging).',
    );
  });

  it('says how many more rules grant it', () => {
    const rules = [qaStaging, ruleOf(6, USERS, 'cluster', ['read'], ['*'])];
    const decision = decide(
      rules,
      alanIn(QA),
      { type: 'cluster', tags: ['qa', 'staging'] },
      'read',
    );
    expect(summarise(decision, context('read'))).toBe(
      'Yes: Alan Turing can read cluster prod-eu through rule 4 of team qa (staging, qa) and 1 more.',
    );
  });

  it('yes as an administrator', () => {
    const decision = decide(
      [],
      { level: 'administrator', teamIds: new Set([USERS]) },
      { type: 'cluster', tags: [] },
      'delete',
    );
    expect(summarise(decision, context('delete'))).toBe(
      'Yes: Alan Turing can delete cluster prod-eu as an administrator.',
    );
  });

  it('no', () => {
    const decision = decide([qaStaging], alanIn(), { type: 'cluster', tags: ['staging'] }, 'read');
    expect(summarise(decision, context('read'))).toBe(
      'No: Alan Turing cannot read cluster prod-eu.',
    );
    expect(
      summarise(
        { allowed: false, reasons: [{ kind: 'no-rule' }] },
        context('create', 'a new pipeline'),
      ),
    ).toBe('No: Alan Turing cannot create a new pipeline.');
  });
});
