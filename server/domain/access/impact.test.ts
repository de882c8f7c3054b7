import { describe, expect, it } from 'vitest';
import { previewSchema } from '../../contract/access';
import { DEFAULT_RULES } from './default-rules';
import type { EngineRule } from './engine';
import { ruleRefOf } from './explain';
import {
  computeImpact,
  MAX_PREVIEW_SAMPLE,
  type ImpactInput,
  type PersonFacts,
  type ResourceChange,
} from './impact';
import { ruleMaker } from './engine-rules';

const USERS = 'team-users';
const QA = 'team-qa';
const OPS = 'team-ops';
const TEAM_NAMES: Record<string, string> = { [USERS]: 'users', [QA]: 'qa', [OPS]: 'ops' };

const ruleOf = ruleMaker(TEAM_NAMES);

/** Rules 1 – 3 of a new account (P-2.8). */
const DEFAULTS: EngineRule[] = DEFAULT_RULES.map((rule, index) =>
  ruleOf(index + 1, USERS, rule.resourceType, [...rule.privileges], [...rule.tags]),
);

function person(name: string, ...teams: string[]): PersonFacts {
  const id = name.toLowerCase().replace(/ /g, '-');
  return {
    id,
    name,
    email: `${id}@example.com`,
    level: 'user',
    teamIds: new Set([USERS, ...teams]),
  };
}
function administrator(name: string): PersonFacts {
  return { ...person(name), level: 'administrator' };
}

const ALAN = person('Alan Turing');
const GRACE = person('Grace Hopper', QA);
const LINUS = person('Linus Torvalds', QA, OPS);
const ADA = administrator('Ada Lovelace');
const PEOPLE = [ALAN, GRACE, LINUS, ADA];

function resource(name: string, before: string[], after = before): ResourceChange {
  return { id: `id-${name}`, name, before, after };
}

function impactOf(input: Partial<ImpactInput>) {
  const preview = computeImpact({
    resourceType: 'cluster',
    people: PEOPLE,
    resources: [],
    rulesBefore: DEFAULTS,
    rulesAfter: DEFAULTS,
    ...input,
  });
  expect(previewSchema.parse(preview)).toEqual(preview);
  return preview;
}

const refs = (...people: PersonFacts[]) =>
  people.map(({ id, name, email }) => ({ id, name, email }));

describe('computeImpact: changing the tags of a resource', () => {
  it('tagging an untagged cluster takes read and update from everyone but administrators', () => {
    const preview = impactOf({ resources: [resource('prod-eu', [], ['production'])] });
    expect(preview).toEqual({
      impacts: [
        {
          effect: 'lose',
          privileges: ['read', 'update'],
          people: { total: 3, sample: refs(ALAN, GRACE, LINUS) },
          resources: {
            total: 1,
            sample: [{ type: 'cluster', id: 'id-prod-eu', name: 'prod-eu', tags: ['production'] }],
          },
          throughRules: [ruleRefOf(DEFAULTS[0]!)],
          sentence:
            'Removes read, update on cluster prod-eu from 3 people, who had it through rule 1 of team users.',
        },
      ],
      peopleGaining: 0,
      peopleLosing: 3,
      needsConfirmation: true,
    });
  });

  it('removing the last tag gives it back, without asking for confirmation', () => {
    const preview = impactOf({ resources: [resource('prod-eu', ['production'], [])] });
    expect(preview.impacts).toHaveLength(1);
    expect(preview.impacts[0]).toMatchObject({
      effect: 'gain',
      privileges: ['read', 'update'],
      sentence: 'Gives read, update on cluster prod-eu to 3 people, through rule 1 of team users.',
    });
    expect(preview).toMatchObject({ peopleGaining: 3, peopleLosing: 0, needsConfirmation: false });
  });

  it('tags that change nothing anyone holds change nothing', () => {
    const preview = impactOf({
      resources: [resource('prod-eu', ['production'], ['eu', 'production'])],
    });
    expect(preview).toEqual({
      impacts: [],
      peopleGaining: 0,
      peopleLosing: 0,
      needsConfirmation: false,
    });
  });

  it('only the people whose teams lose the rule lose the privilege', () => {
    const rules = [...DEFAULTS, ruleOf(4, QA, 'pipeline', ['run'], ['staging'])];
    const preview = impactOf({
      resourceType: 'pipeline',
      rulesBefore: rules,
      rulesAfter: rules,
      resources: [resource('payments/deploy', ['staging'], ['production'])],
    });
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'lose',
        privileges: ['read', 'run'],
        people: { total: 2, sample: refs(GRACE, LINUS) },
        throughRules: [ruleRefOf(rules[3]!)],
        sentence:
          'Removes read, run on pipeline payments/deploy from 2 people, who had it through rule 4 of team qa.',
      }),
    ]);
  });

  it('lists the losses first, then the gains, larger groups first', () => {
    const rules = [...DEFAULTS, ruleOf(4, QA, 'cluster', ['read'], ['staging'])];
    const preview = impactOf({
      rulesBefore: rules,
      rulesAfter: rules,
      resources: [resource('a', [], ['staging'])],
    });
    // Everyone loses update; Alan loses read too; Grace and Linus keep read through rule 4.
    expect(
      preview.impacts.map((impact) => [impact.effect, impact.privileges, impact.people.total]),
    ).toEqual([
      ['lose', ['update'], 2],
      ['lose', ['read', 'update'], 1],
    ]);
    expect(preview.impacts[1]!.people.sample).toEqual(refs(ALAN));
    expect(preview.impacts[1]!.sentence).toBe(
      'Removes read, update on cluster a from 1 person, who had it through rule 1 of team users.',
    );
    expect(preview.peopleLosing).toBe(3);
  });
});

describe('computeImpact: saving or deleting a rule', () => {
  it('a rule giving team qa read on staging gains read for qa members on staging clusters only', () => {
    const clusters = [
      resource('stage-1', ['staging']),
      resource('prod-1', ['production']),
      resource('stage-eu', ['eu', 'staging']),
      resource('bare', []),
    ];
    const newRule = ruleOf(4, QA, 'cluster', ['read'], ['staging']);
    const preview = impactOf({ resources: clusters, rulesAfter: [...DEFAULTS, newRule] });
    expect(preview).toEqual({
      impacts: [
        {
          effect: 'gain',
          privileges: ['read'],
          people: { total: 2, sample: refs(GRACE, LINUS) },
          resources: {
            total: 2,
            sample: [
              { type: 'cluster', id: 'id-stage-1', name: 'stage-1', tags: ['staging'] },
              { type: 'cluster', id: 'id-stage-eu', name: 'stage-eu', tags: ['eu', 'staging'] },
            ],
          },
          throughRules: [ruleRefOf(newRule)],
          sentence: 'Gives read on 2 clusters to 2 people, through rule 4 of team qa.',
        },
      ],
      peopleGaining: 2,
      peopleLosing: 0,
      needsConfirmation: false,
    });
  });

  it('deleting the default cluster rule takes untagged clusters from everyone', () => {
    const preview = impactOf({
      resources: [resource('bare', []), resource('prod', ['production'])],
      rulesAfter: DEFAULTS.slice(1),
    });
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'lose',
        privileges: ['read', 'update'],
        people: { total: 3, sample: refs(ALAN, GRACE, LINUS) },
        resources: { total: 1, sample: [expect.objectContaining({ name: 'bare' })] },
        throughRules: [ruleRefOf(DEFAULTS[0]!)],
      }),
    ]);
    expect(preview.needsConfirmation).toBe(true);
  });

  it('ignores the rules of the other kind of resource', () => {
    const preview = impactOf({
      resources: [resource('bare', [])],
      rulesAfter: DEFAULTS.filter((rule) => rule.resourceType === 'cluster'),
    });
    expect(preview.impacts).toEqual([]);
  });

  it('deleting the create rule reports create lost, on no resource in particular', () => {
    const preview = impactOf({
      resourceType: 'pipeline',
      people: [ALAN, ADA],
      rulesAfter: DEFAULTS.filter((rule) => rule.number !== 2),
    });
    expect(preview).toEqual({
      impacts: [
        {
          effect: 'lose',
          privileges: ['create'],
          people: { total: 1, sample: refs(ALAN) },
          resources: { total: 0, sample: [] },
          throughRules: [ruleRefOf(DEFAULTS[1]!)],
          sentence:
            'Stops 1 person from creating pipelines as they could through rule 2 of team users.',
        },
      ],
      peopleGaining: 0,
      peopleLosing: 1,
      needsConfirmation: true,
    });
  });

  it('a create rule for qa lets its members create pipelines they could not before', () => {
    const creates = ruleOf(4, QA, 'pipeline', ['create'], ['qa']);
    const preview = impactOf({ resourceType: 'pipeline', rulesAfter: [...DEFAULTS, creates] });
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'gain',
        privileges: ['create'],
        people: { total: 2, sample: refs(GRACE, LINUS) },
        throughRules: [ruleRefOf(creates)],
        sentence:
          'Lets 2 people create pipelines they could not create before, through rule 4 of team qa.',
      }),
    ]);
  });

  it('narrowing create from any tags to none is a loss, though untagged pipelines stay allowed', () => {
    const any = ruleOf(4, QA, 'pipeline', ['create'], ['*']);
    const none = { ...any, tags: ['untagged'] };
    const preview = impactOf({
      resourceType: 'pipeline',
      rulesBefore: [any],
      rulesAfter: [none],
    });
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'lose',
        privileges: ['create'],
        throughRules: [ruleRefOf(any)],
      }),
    ]);
    expect(preview.peopleLosing).toBe(2);
    // And the other way round, a gain.
    const back = impactOf({ resourceType: 'pipeline', rulesBefore: [none], rulesAfter: [any] });
    expect(back.impacts).toEqual([
      expect.objectContaining({ effect: 'gain', privileges: ['create'] }),
    ]);
  });

  it('splitting an any-of create rule in two loses the pipelines with both tags', () => {
    const both = ruleOf(4, QA, 'pipeline', ['create'], ['qa', 'staging']);
    const split = [
      ruleOf(4, QA, 'pipeline', ['create'], ['qa']),
      ruleOf(5, QA, 'pipeline', ['create'], ['staging']),
    ];
    const preview = impactOf({ resourceType: 'pipeline', rulesBefore: [both], rulesAfter: split });
    expect(preview.impacts).toEqual([
      expect.objectContaining({
        effect: 'lose',
        privileges: ['create'],
        throughRules: [ruleRefOf(both)],
      }),
    ]);
  });

  it('changing an any-of create rule to all-of loses creating with one of its tags alone', () => {
    const anyOf = ruleOf(4, QA, 'pipeline', ['create'], ['qa', 'staging']);
    const allOf = { ...anyOf, tagMatch: 'all' as const };
    const preview = impactOf({
      resourceType: 'pipeline',
      rulesBefore: [anyOf],
      rulesAfter: [allOf],
    });
    expect(preview.impacts.map((impact) => [impact.effect, impact.privileges])).toEqual([
      ['lose', ['create']],
    ]);
  });

  it('merges the groups of people who have the same change on the same resources', () => {
    // QA and OPS both get read on staging: Grace (qa) and a person of ops only are one group.
    const opsOnly = person('Margaret Hamilton', OPS);
    const preview = impactOf({
      people: [ALAN, GRACE, opsOnly],
      resources: [resource('stage', ['staging'])],
      rulesAfter: [
        ...DEFAULTS,
        ruleOf(4, QA, 'cluster', ['read'], ['staging']),
        ruleOf(5, OPS, 'cluster', ['read'], ['staging']),
      ],
    });
    expect(preview.impacts).toHaveLength(1);
    expect(preview.impacts[0]).toMatchObject({
      effect: 'gain',
      people: { total: 2, sample: refs(GRACE, opsOnly) },
      sentence:
        'Gives read on cluster stage to 2 people, through rule 4 of team qa, rule 5 of team ops.',
    });
    expect(preview.impacts[0]!.throughRules.map((rule) => rule.number)).toEqual([4, 5]);
  });

  it(`samples at most ${MAX_PREVIEW_SAMPLE} people and resources, by name, and counts them all`, () => {
    const many = Array.from({ length: 15 }, (_, index) =>
      person(`Person ${String(index).padStart(2, '0')}`),
    );
    const clusters = Array.from({ length: 12 }, (_, index) =>
      resource(`cluster-${String(index).padStart(2, '0')}`, [], ['tagged']),
    );
    const preview = impactOf({ people: [...many].reverse(), resources: [...clusters].reverse() });
    const [impact] = preview.impacts;
    expect(impact!.people.total).toBe(15);
    expect(impact!.people.sample).toEqual(refs(...many.slice(0, MAX_PREVIEW_SAMPLE)));
    expect(impact!.resources.total).toBe(12);
    expect(impact!.resources.sample.map((r) => r.name)).toEqual(
      clusters.slice(0, MAX_PREVIEW_SAMPLE).map((r) => r.name),
    );
    expect(impact!.sentence).toBe(
      'Removes read, update on 12 clusters from 15 people, who had it through rule 1 of team users.',
    );
    expect(preview.peopleLosing).toBe(15);
  });

  it('never counts administrators', () => {
    const preview = impactOf({
      people: [ADA, administrator('Barbara Liskov')],
      resources: [resource('x', [], ['production'])],
      rulesAfter: [],
    });
    expect(preview).toEqual({
      impacts: [],
      peopleGaining: 0,
      peopleLosing: 0,
      needsConfirmation: false,
    });
  });
});
