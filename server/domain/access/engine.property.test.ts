import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Impact, Privilege, ResourceType, TagMatch } from '../../contract/access';
import {
  allowsEverythingOf,
  covers,
  decide,
  hasReadBeside,
  isReadableBy,
  readableTest,
  matchesEverythingOf,
  privilegesOn,
  readableWhere,
  type EngineRule,
  type Subject,
} from './engine';
import { computeImpact, type PersonFacts, type ResourceChange } from './impact';
import { checkTagChange } from './tag-change';
import { applyTagChange } from '../tags';

/*
 * The engine checked against a reference model written directly from PRODUCT.md P-2, in the most
 * obvious way and without any engine function, on random rules, people and resources. Tags come
 * from a small alphabet so that rules do match; `e` is a tag no rule names ("any other tag").
 */

/* ------------------------------------------------------------------------------------------ */
/* The reference model                                                                         */
/* ------------------------------------------------------------------------------------------ */

const USERS = 'users';
const OTHER_TEAMS = ['qa', 'ops', 'dev'];
const TEAMS = [USERS, ...OTHER_TEAMS];
const RULE_TAGS = ['a', 'b', 'c', 'd'];
const RESOURCE_TAGS = [...RULE_TAGS, 'e'];

/** P-2.2: cluster privileges are create, read, update, delete; pipelines add run, approve, debug. */
const KIND_PRIVILEGES: Record<ResourceType, Privilege[]> = {
  cluster: ['create', 'read', 'update', 'delete'],
  pipeline: ['create', 'read', 'update', 'delete', 'run', 'approve', 'debug'],
};
/** P-2.6: update, delete, run, approve and debug each imply read. */
const IMPLY_READ: Privilege[] = ['update', 'delete', 'run', 'approve', 'debug'];

interface RefRule {
  teamId: string;
  resourceType: ResourceType;
  privileges: readonly Privilege[];
  tags: readonly string[];
  tagMatch: TagMatch;
}

interface RefPerson {
  level: 'user' | 'administrator';
  teamIds: ReadonlySet<string>;
}

/** P-2.3, P-2.4: does the rule's "where" take in a resource carrying `tags`? */
function refApplies(rule: Pick<RefRule, 'tags' | 'tagMatch'>, tags: readonly string[]): boolean {
  // `untagged` and `*` stand alone in a rule.
  if (rule.tags[0] === '*') return true;
  if (rule.tags[0] === 'untagged') return tags.length === 0;
  if (rule.tagMatch === 'all') return rule.tags.every((tag) => tags.includes(tag));
  return rule.tags.some((tag) => tags.includes(tag));
}

/** P-2.6: may a new resource be created with `tags` under this create rule? */
function refCreateAllows(
  rule: Pick<RefRule, 'tags' | 'tagMatch'>,
  tags: readonly string[],
): boolean {
  if (rule.tags[0] === '*') return true;
  if (rule.tags[0] === 'untagged') return tags.length === 0;
  const onlyRuleTags = tags.every((tag) => rule.tags.includes(tag));
  if (rule.tagMatch === 'all') {
    return onlyRuleTags && rule.tags.every((tag) => tags.includes(tag));
  }
  return tags.length > 0 && onlyRuleTags;
}

/** Does the rule name `privilege`, or (for read) a privilege that implies it? */
function refNames(rule: RefRule, privilege: Privilege): boolean {
  if (rule.privileges.includes(privilege)) return true;
  return privilege === 'read' && rule.privileges.some((held) => IMPLY_READ.includes(held));
}

/** Would this rule grant `privilege` on the resource to a member of its team? */
function refRuleGrants(
  rule: RefRule,
  privilege: Privilege,
  type: ResourceType,
  tags: readonly string[],
): boolean {
  if (rule.resourceType !== type || !refNames(rule, privilege)) return false;
  return privilege === 'create' ? refCreateAllows(rule, tags) : refApplies(rule, tags);
}

/** P-2.4 – P-2.7: may the person take `privilege` on a resource of `type` carrying `tags`? */
function refMay(
  rules: readonly RefRule[],
  person: RefPerson,
  type: ResourceType,
  tags: readonly string[],
  privilege: Privilege,
): boolean {
  if (person.level === 'administrator') return true;
  if (!KIND_PRIVILEGES[type].includes(privilege)) return false;
  if (type === 'cluster' && (privilege === 'create' || privilege === 'delete')) return false;
  return rules.some(
    (rule) => person.teamIds.has(rule.teamId) && refRuleGrants(rule, privilege, type, tags),
  );
}

/** Every subset of `items`, each in the order of `items`. */
function subsetsOf(items: readonly string[]): string[][] {
  return items.reduce<string[][]>(
    (sets, item) => [...sets, ...sets.map((set) => [...set, item])],
    [[]],
  );
}
const ALL_TAG_SETS = subsetsOf(RESOURCE_TAGS);
const ALL_SUBJECTS: RefPerson[] = subsetsOf(OTHER_TEAMS).map((teams) => ({
  level: 'user',
  teamIds: new Set([USERS, ...teams]),
}));

/* ------------------------------------------------------------------------------------------ */
/* Generators                                                                                  */
/* ------------------------------------------------------------------------------------------ */

const typeArb = fc.constantFrom<ResourceType>('cluster', 'pipeline');
const tagMatchArb = fc.constantFrom<TagMatch>('any', 'all');
const whereArb = fc.record({
  tags: fc.oneof(
    { weight: 1, arbitrary: fc.constant(['*']) },
    { weight: 1, arbitrary: fc.constant(['untagged']) },
    { weight: 4, arbitrary: fc.shuffledSubarray(RULE_TAGS, { minLength: 1 }) },
  ),
  tagMatch: tagMatchArb,
});

/** Valid rules only (ruleProblems): create alone; no cluster create or delete. */
function privilegesArb(type: ResourceType): fc.Arbitrary<Privilege[]> {
  if (type === 'cluster')
    return fc.shuffledSubarray<Privilege>(['read', 'update'], { minLength: 1 });
  return fc.oneof(
    fc.constant<Privilege[]>(['create']),
    fc.shuffledSubarray<Privilege>(['read', ...IMPLY_READ], { minLength: 1 }),
  );
}

type RuleFields = Omit<EngineRule, 'id' | 'number' | 'teamName'>;

function ruleFieldsArb(type?: ResourceType): fc.Arbitrary<RuleFields> {
  return (type ? fc.constant(type) : typeArb).chain((resourceType) =>
    fc
      .record({
        teamId: fc.constantFrom(...TEAMS),
        privileges: privilegesArb(resourceType),
        where: whereArb,
      })
      .map(({ teamId, privileges, where }) => ({ teamId, resourceType, privileges, ...where })),
  );
}

function numbered(fields: RuleFields, number: number, id = `rule-${number}`): EngineRule {
  return { ...fields, id, number, teamName: fields.teamId };
}

const rulesArb = fc
  .array(ruleFieldsArb(), { maxLength: 7 })
  .map((list) => list.map((fields, index) => numbered(fields, index + 1)));

const subjectArb: fc.Arbitrary<Subject> = fc
  .record({
    level: fc.constantFrom<Subject['level']>('user', 'user', 'user', 'administrator'),
    teams: fc.subarray(OTHER_TEAMS),
  })
  .map(({ level, teams }) => ({ level, teamIds: new Set([USERS, ...teams]) }));

const resourceTagsArb = fc.subarray(RESOURCE_TAGS);

/** A resource, and a privilege of its kind. */
const caseArb = fc
  .record({ rules: rulesArb, subject: subjectArb, type: typeArb, tags: resourceTagsArb })
  .chain((facts) =>
    fc.constantFrom(...KIND_PRIVILEGES[facts.type]).map((privilege) => ({ ...facts, privilege })),
  );

const RUNS = { numRuns: 300 };

/* ------------------------------------------------------------------------------------------ */
/* Decisions                                                                                   */
/* ------------------------------------------------------------------------------------------ */

describe('the engine agrees with the reference model of P-2', () => {
  it('decide allows exactly what the reference allows', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, subject, type, tags, privilege }) => {
        expect(decide(rules, subject, { type, tags }, privilege).allowed).toBe(
          refMay(rules, subject, type, tags, privilege),
        );
      }),
      RUNS,
    );
  });

  it('privilegesOn holds exactly the privileges the reference allows, create aside', () => {
    fc.assert(
      fc.property(rulesArb, subjectArb, typeArb, resourceTagsArb, (rules, subject, type, tags) => {
        const expected = KIND_PRIVILEGES[type].filter(
          (privilege) => privilege !== 'create' && refMay(rules, subject, type, tags, privilege),
        );
        expect(privilegesOn(rules, subject, { type, tags })).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('the list filter (readableWhere, isReadableBy, readableTest) reads exactly what the reference may read', () => {
    fc.assert(
      fc.property(rulesArb, subjectArb, typeArb, (rules, subject, type) => {
        const where = readableWhere(rules, subject, type);
        const readable = readableTest(where);
        for (const tags of ALL_TAG_SETS) {
          const expected = refMay(rules, subject, type, tags, 'read');
          expect(isReadableBy(where, tags)).toBe(expected);
          expect(readable(tags)).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('gives reasons that are true: every granting rule, or every near miss', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, subject, type, tags, privilege }) => {
        const decision = decide(rules, subject, { type, tags }, privilege);
        expect(decision.reasons.length).toBeGreaterThan(0);
        if (subject.level === 'administrator') {
          expect(decision.reasons).toEqual([{ kind: 'administrator' }]);
          return;
        }
        if (type === 'cluster' && (privilege === 'create' || privilege === 'delete')) {
          expect(decision.reasons).toEqual([{ kind: 'administrators-only' }]);
          return;
        }
        const ofKind = rules.filter((rule) => rule.resourceType === type);
        const mine = (rule: EngineRule) => subject.teamIds.has(rule.teamId);
        if (decision.allowed) {
          for (const reason of decision.reasons) {
            if (reason.kind !== 'rule') throw new Error(`a grant gave ${reason.kind}`);
            expect(rules).toContain(reason.rule);
            expect(mine(reason.rule)).toBe(true);
            expect(refRuleGrants(reason.rule, privilege, type, tags)).toBe(true);
            expect(reason.matchedTags.length).toBeGreaterThan(0);
            if (reason.rule.tags[0] === '*' || reason.rule.tags[0] === 'untagged') {
              expect(reason.matchedTags).toEqual(reason.rule.tags);
            } else {
              for (const tag of reason.matchedTags) expect(tags).toContain(tag);
            }
            if (reason.rule.privileges.includes(privilege)) {
              expect(reason.via).toBeUndefined();
            } else {
              expect(privilege).toBe('read');
              expect(IMPLY_READ).toContain(reason.via);
              expect(reason.rule.privileges).toContain(reason.via);
            }
          }
          const granting = ofKind.filter(
            (rule) => mine(rule) && refRuleGrants(rule, privilege, type, tags),
          );
          expect(decision.reasons.map((reason) => 'rule' in reason && reason.rule)).toEqual(
            granting,
          );
          return;
        }
        const notInTeam = ofKind.filter(
          (rule) => !mine(rule) && refRuleGrants(rule, privilege, type, tags),
        );
        const tagsDoNotMatch = ofKind.filter((rule) => mine(rule) && refNames(rule, privilege));
        const expected = ofKind.flatMap((rule) =>
          notInTeam.includes(rule)
            ? [{ kind: 'not-in-team', rule }]
            : tagsDoNotMatch.includes(rule)
              ? [{ kind: 'tags-do-not-match', rule }]
              : [],
        );
        expect(decision.reasons).toEqual(expected.length > 0 ? expected : [{ kind: 'no-rule' }]);
      }),
      RUNS,
    );
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Rule hygiene                                                                                */
/* ------------------------------------------------------------------------------------------ */

/** By brute force: does `outer` grant, to every possible person, all `inner` grants them? */
function refCovers(outer: RefRule, inner: RefRule): boolean {
  return ALL_SUBJECTS.every((person) =>
    (['cluster', 'pipeline'] as const).every((type) =>
      ALL_TAG_SETS.every((tags) =>
        KIND_PRIVILEGES[type].every(
          (privilege) =>
            !refMay([inner], person, type, tags, privilege) ||
            refMay([outer], person, type, tags, privilege),
        ),
      ),
    ),
  );
}

describe('rule hygiene agrees with brute force over every tag set of a small alphabet', () => {
  it('matchesEverythingOf(outer, inner) iff outer applies wherever inner applies', () => {
    fc.assert(
      fc.property(whereArb, whereArb, (outer, inner) => {
        const brute = ALL_TAG_SETS.every(
          (tags) => !refApplies(inner, tags) || refApplies(outer, tags),
        );
        expect(matchesEverythingOf(outer, inner)).toBe(brute);
      }),
      RUNS,
    );
  });

  it('allowsEverythingOf(outer, inner) iff create rule outer allows every tag set inner allows', () => {
    fc.assert(
      fc.property(whereArb, whereArb, (outer, inner) => {
        const brute = ALL_TAG_SETS.every(
          (tags) => !refCreateAllows(inner, tags) || refCreateAllows(outer, tags),
        );
        expect(allowsEverythingOf(outer, inner)).toBe(brute);
      }),
      RUNS,
    );
  });

  it('covers(outer, inner) iff outer alone grants everyone everything inner grants', () => {
    const pair = typeArb.chain((type) =>
      fc.tuple(
        ruleFieldsArb(type),
        // Sometimes of another kind, often of the same team, so that both answers happen.
        fc.oneof(ruleFieldsArb(type), ruleFieldsArb()),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(pair, ([outerFields, innerFields, sameTeam]) => {
        const outer = numbered(outerFields, 1, 'outer');
        const inner = numbered(
          sameTeam ? { ...innerFields, teamId: outerFields.teamId } : innerFields,
          2,
          'inner',
        );
        expect(covers(outer, inner, USERS)).toBe(refCovers(outer, inner));
      }),
      { numRuns: 500 },
    );
  });

  it('covers is sound on random rule sets: taking inner away changes nobody’s privileges', () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        for (const inner of rules) {
          if (!rules.some((outer) => covers(outer, inner, USERS))) continue;
          const without = rules.filter((rule) => rule !== inner);
          for (const person of ALL_SUBJECTS) {
            for (const tags of ALL_TAG_SETS) {
              for (const privilege of KIND_PRIVILEGES[inner.resourceType]) {
                expect(refMay(without, person, inner.resourceType, tags, privilege)).toBe(
                  refMay(rules, person, inner.resourceType, tags, privilege),
                );
              }
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('hasReadBeside iff the create rule’s team can read every pipeline the rule lets it create', () => {
    const createArb = fc
      .record({ teamId: fc.constantFrom(...TEAMS), where: whereArb })
      .map(({ teamId, where }) =>
        numbered(
          { teamId, resourceType: 'pipeline', privileges: ['create'], ...where },
          99,
          'create',
        ),
      );
    fc.assert(
      fc.property(createArb, rulesArb, (create, rules) => {
        const team: RefPerson = { level: 'user', teamIds: new Set([USERS, create.teamId]) };
        const brute = ALL_TAG_SETS.every(
          (tags) => !refCreateAllows(create, tags) || refMay(rules, team, 'pipeline', tags, 'read'),
        );
        expect(hasReadBeside(create, [create, ...rules], USERS)).toBe(brute);
      }),
      { numRuns: 500 },
    );
  });
});

/* ------------------------------------------------------------------------------------------ */
/* The impact preview                                                                          */
/* ------------------------------------------------------------------------------------------ */

interface Change {
  lost: Privilege[];
  gained: Privilege[];
}

/** By brute force: what each person loses and gains on each resource, and on create. */
function refImpact(
  type: ResourceType,
  people: readonly PersonFacts[],
  resources: readonly ResourceChange[],
  before: readonly RefRule[],
  after: readonly RefRule[],
) {
  const onResource = new Map<string, Change>();
  const create = new Map<string, Change>();
  for (const person of people) {
    if (person.level === 'administrator') continue;
    for (const resource of resources) {
      const change: Change = { lost: [], gained: [] };
      for (const privilege of KIND_PRIVILEGES[type]) {
        if (privilege === 'create') continue;
        const could = refMay(before, person, type, resource.before, privilege);
        const can = refMay(after, person, type, resource.after, privilege);
        if (could && !can) change.lost.push(privilege);
        if (can && !could) change.gained.push(privilege);
      }
      onResource.set(`${person.id}|${resource.id}`, change);
    }
    // A new resource may be given any tags: comparing every tag set of the alphabet (and `e`,
    // which no rule names) tells whether a person may create with fewer or more of them.
    const could = ALL_TAG_SETS.map((tags) => refMay(before, person, type, tags, 'create'));
    const can = ALL_TAG_SETS.map((tags) => refMay(after, person, type, tags, 'create'));
    create.set(person.id, {
      lost: could.some((was, index) => was && !can[index]) ? ['create'] : [],
      gained: can.some((is, index) => is && !could[index]) ? ['create'] : [],
    });
  }
  return { onResource, create };
}

const impactArb = fc
  .record({
    type: typeArb,
    people: fc.array(
      fc.record({
        level: fc.constantFrom<PersonFacts['level']>('user', 'user', 'user', 'administrator'),
        teams: fc.subarray(OTHER_TEAMS),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    resources: fc.array(fc.record({ before: resourceTagsArb, after: resourceTagsArb }), {
      maxLength: 6,
    }),
    rulesBefore: rulesArb,
    extra: fc.array(ruleFieldsArb(), { maxLength: 2 }),
    edit: fc.constantFrom('same', 'add', 'delete', 'replace', 'unrelated'),
    which: fc.nat(),
    unrelated: rulesArb,
    tagsChange: fc.boolean(),
  })
  .map(({ type, people, resources, rulesBefore, extra, edit, which, unrelated, tagsChange }) => {
    const added = extra.map((fields, index) =>
      numbered(fields, rulesBefore.length + index + 1, `new-${index}`),
    );
    const victim = rulesBefore.length > 0 ? which % rulesBefore.length : -1;
    const rulesAfter =
      edit === 'add'
        ? [...rulesBefore, ...added]
        : edit === 'delete'
          ? rulesBefore.filter((_, index) => index !== victim)
          : edit === 'replace'
            ? rulesBefore.map((rule, index) =>
                index === victim && added[0]
                  ? { ...added[0], id: rule.id, number: rule.number }
                  : rule,
              )
            : edit === 'unrelated'
              ? unrelated
              : rulesBefore;
    return {
      resourceType: type,
      people: people.map(({ level, teams }, index): PersonFacts => ({
        id: `person-${index}`,
        name: `Person ${index}`,
        email: `person-${index}@example.com`,
        level,
        teamIds: new Set([USERS, ...teams]),
      })),
      resources: resources.map(({ before, after }, index): ResourceChange => ({
        id: `resource-${index}`,
        name: `resource-${index}`,
        before,
        after: tagsChange ? after : before,
      })),
      rulesBefore,
      rulesAfter,
    };
  });

describe('computeImpact agrees with a brute-force before/after comparison', () => {
  it('counts, lists and explains exactly the people who gain and lose', () => {
    fc.assert(
      fc.property(impactArb, (input) => {
        const preview = computeImpact(input);
        const { onResource, create } = refImpact(
          input.resourceType,
          input.people,
          input.resources,
          input.rulesBefore,
          input.rulesAfter,
        );
        const users = input.people.filter((person) => person.level !== 'administrator');
        const changeOf = (personId: string, resourceId?: string): Change =>
          resourceId === undefined
            ? create.get(personId)!
            : onResource.get(`${personId}|${resourceId}`)!;
        const effectOf = (change: Change, effect: Impact['effect']) =>
          effect === 'lose' ? change.lost : change.gained;

        const whoChanges = (effect: Impact['effect']) =>
          users.filter(
            (person) =>
              effectOf(changeOf(person.id), effect).length > 0 ||
              input.resources.some(
                (resource) => effectOf(changeOf(person.id, resource.id), effect).length > 0,
              ),
          ).length;
        expect(preview.peopleLosing).toBe(whoChanges('lose'));
        expect(preview.peopleGaining).toBe(whoChanges('gain'));
        expect(preview.needsConfirmation).toBe(preview.peopleLosing > 0);

        // Every reported person really gains or loses exactly those privileges there.
        for (const impact of preview.impacts) {
          expect(impact.people.sample).toHaveLength(impact.people.total);
          expect(impact.resources.sample).toHaveLength(impact.resources.total);
          expect(impact.privileges.length).toBeGreaterThan(0);
          expect(impact.throughRules.length).toBeGreaterThan(0);
          const rulesThen = impact.effect === 'lose' ? input.rulesBefore : input.rulesAfter;
          for (const ref of impact.throughRules) {
            expect(rulesThen.map((rule) => rule.id)).toContain(ref.id);
          }
          const people = impact.people.sample.map((ref) =>
            input.people.find((person) => person.id === ref.id)!,
          );
          for (const person of people) expect(person.level).toBe('user');
          if (impact.privileges.includes('create')) {
            expect(impact.privileges).toEqual(['create']);
            expect(impact.resources.total).toBe(0);
            for (const person of people) {
              expect(effectOf(changeOf(person.id), impact.effect)).toEqual(['create']);
            }
            continue;
          }
          expect(impact.resources.total).toBeGreaterThan(0);
          for (const person of people) {
            for (const resource of impact.resources.sample) {
              expect(effectOf(changeOf(person.id, resource.id), impact.effect)).toEqual(
                impact.privileges,
              );
            }
          }
          // Each rule named granted one of those privileges to one of those people, there.
          for (const ref of impact.throughRules) {
            const rule = rulesThen.find((candidate) => candidate.id === ref.id)!;
            const granted = people.some((person) =>
              impact.resources.sample.some((sample) => {
                const resource = input.resources.find((r) => r.id === sample.id)!;
                const tags = impact.effect === 'lose' ? resource.before : resource.after;
                return (
                  person.teamIds.has(rule.teamId) &&
                  impact.privileges.some((privilege) =>
                    refRuleGrants(rule, privilege, input.resourceType, tags),
                  )
                );
              }),
            );
            expect(granted).toBe(true);
          }
        }

        // And every change is reported.
        for (const person of users) {
          for (const effect of ['lose', 'gain'] as const) {
            const reported = (resourceId?: string) =>
              preview.impacts.filter(
                (impact) =>
                  impact.effect === effect &&
                  impact.people.sample.some((ref) => ref.id === person.id) &&
                  (resourceId === undefined
                    ? impact.privileges.includes('create')
                    : impact.resources.sample.some((ref) => ref.id === resourceId)),
              );
            if (effectOf(changeOf(person.id), effect).length > 0) {
              expect(reported()).toHaveLength(1);
            }
            for (const resource of input.resources) {
              const expected = effectOf(changeOf(person.id, resource.id), effect);
              const found = reported(resource.id);
              expect(found).toHaveLength(expected.length > 0 ? 1 : 0);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('finds everyone who may create with more or fewer tag sets, among many create rules', () => {
    const createRuleArb = fc.record({ teamId: fc.constantFrom(...TEAMS), where: whereArb });
    const createRulesArb = fc
      .array(createRuleArb, { maxLength: 8 })
      .map((list) =>
        list.map(({ teamId, where }, index) =>
          numbered(
            { teamId, resourceType: 'pipeline', privileges: ['create'], ...where },
            index + 1,
          ),
        ),
      );
    const peopleArb = fc
      .array(fc.subarray(OTHER_TEAMS), { minLength: 1, maxLength: 6 })
      .map((teams) =>
        teams.map((ofPerson, index): PersonFacts => ({
          id: `person-${index}`,
          name: `Person ${index}`,
          email: `person-${index}@example.com`,
          level: 'user',
          teamIds: new Set([USERS, ...ofPerson]),
        })),
      );
    fc.assert(
      fc.property(peopleArb, createRulesArb, createRulesArb, (people, rulesBefore, rulesAfter) => {
        const preview = computeImpact({
          resourceType: 'pipeline',
          people,
          resources: [],
          rulesBefore,
          rulesAfter,
        });
        const { create } = refImpact('pipeline', people, [], rulesBefore, rulesAfter);
        const count = (effect: keyof Change) =>
          people.filter((person) => create.get(person.id)![effect].length > 0).length;
        expect(preview.peopleLosing).toBe(count('lost'));
        expect(preview.peopleGaining).toBe(count('gained'));
      }),
      RUNS,
    );
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Tag changes by people who are not administrators (issue 15)                                 */
/* ------------------------------------------------------------------------------------------ */

/** The pipeline privileges the reference gives a person on tags, create aside. */
function refHeld(rules: readonly RefRule[], person: RefPerson, tags: readonly string[]) {
  return KIND_PRIVILEGES.pipeline.filter(
    (privilege) => privilege !== 'create' && refMay(rules, person, 'pipeline', tags, privilege),
  );
}

/** One tag operation as the API takes it: `tags`, or `addTags` / `removeTags`. */
const tagOperationArb = fc.oneof(
  fc.record({ tags: fc.subarray(RESOURCE_TAGS) }),
  fc.record({
    addTags: fc.subarray(RESOURCE_TAGS, { minLength: 1 }),
    removeTags: fc.subarray(RESOURCE_TAGS),
  }),
  fc.record({ removeTags: fc.subarray(RESOURCE_TAGS, { minLength: 1 }) }),
);

const pipelineRulesArb = fc
  .array(ruleFieldsArb('pipeline'), { maxLength: 8 })
  .map((list) => list.map((fields, index) => numbered(fields, index + 1)));

const changerArb: fc.Arbitrary<Subject> = fc
  .subarray(OTHER_TEAMS)
  .map((teams) => ({ level: 'user', teamIds: new Set([USERS, ...teams]) }));

describe('tag changes never raise privileges, however they are sequenced (issue 15)', () => {
  it('keeps the invariant, bounds everyone by the start or a create rule, and needs no sequence', () => {
    fc.assert(
      fc.property(
        pipelineRulesArb,
        changerArb,
        resourceTagsArb,
        fc.array(tagOperationArb, { minLength: 1, maxLength: 8 }),
        (rules, changer, start, operations) => {
          const initial = [...start].sort();
          const creatable = ALL_TAG_SETS.filter((tags) =>
            refMay(rules, changer, 'pipeline', tags, 'create'),
          );
          const heldAtStart = refHeld(rules, changer, initial);
          let tags = initial;
          for (const operation of operations) {
            const after = applyTagChange(tags, operation);
            if (after.join() === tags.join()) continue;
            const decision = checkTagChange(rules, changer, 'pipeline', tags, after);
            const heldBefore = refHeld(rules, changer, tags);
            const gained = refHeld(rules, changer, after).filter((p) => !heldBefore.includes(p));
            if (!decision.allowed && decision.kind === 'gain') {
              // A refusal names exactly what the change would have given.
              expect(decision.gained).toEqual(gained);
              expect(decision.through.length).toBeGreaterThan(0);
            }
            if (!decision.allowed && decision.kind === 'create-scope') {
              // Only additions (or leaving it untagged) are bound by the create rules.
              expect(after.some((tag) => !tags.includes(tag)) || after.length === 0).toBe(true);
            }
            if (gained.length > 0) expect(decision.allowed).toBe(false);
            if (decision.allowed) tags = after;
            // 1. The changer never holds anything they did not hold at the start.
            for (const privilege of refHeld(rules, changer, tags)) {
              expect(heldAtStart).toContain(privilege);
            }
          }
          // 2. Nobody holds anything on the result that neither the start nor a pipeline the
          //    changer could create in one call would give them.
          for (const person of ALL_SUBJECTS) {
            const bound = new Set([
              ...refHeld(rules, person, initial),
              ...creatable.flatMap((set) => refHeld(rules, person, set)),
            ]);
            for (const privilege of refHeld(rules, person, tags))
              expect(bound).toContain(privilege);
          }
          // 3. What a sequence reached, one change from the start reaches too.
          if (tags.join() !== initial.join()) {
            expect(checkTagChange(rules, changer, 'pipeline', initial, tags).allowed).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/* ------------------------------------------------------------------------------------------ */
/* A person's own teams' rules (issue 17: accessOf loads only those)                            */
/* ------------------------------------------------------------------------------------------ */

describe('the rules of the person’s own teams decide as all the rules do', () => {
  it('decide, privilegesOn, readableWhere and checkTagChange give the same answers', () => {
    fc.assert(
      fc.property(caseArb, resourceTagsArb, ({ rules, subject, type, tags, privilege }, after) => {
        const own = rules.filter((rule) => subject.teamIds.has(rule.teamId));
        const resource = { type, tags };
        expect(decide(own, subject, resource, privilege).allowed).toBe(
          decide(rules, subject, resource, privilege).allowed,
        );
        expect(privilegesOn(own, subject, resource)).toEqual(
          privilegesOn(rules, subject, resource),
        );
        expect(readableWhere(own, subject, type)).toEqual(readableWhere(rules, subject, type));
        expect(checkTagChange(own, subject, type, tags, after)).toEqual(
          checkTagChange(rules, subject, type, tags, after),
        );
      }),
      RUNS,
    );
  });
});
