import { describe, expect, it } from 'vitest';
import { PRIVILEGES, PRIVILEGES_OF, ruleProblems } from './rules';
import { DEFAULT_RULES } from './default-rules';
import {
  allowsEverythingOf,
  covers,
  createAllows,
  decide,
  hasReadBeside,
  isReadableBy,
  matchesEverythingOf,
  mayEditTags,
  privilegesOn,
  readableWhere,
  ruleMatches,
  type EngineRule,
  type Reason,
  type ResourceFacts,
  type Subject,
} from './engine';
import { ruleMaker } from './engine-rules';

/* The facts of the examples: three teams, `users` being the one everyone is in. */
const USERS = 'team-users';
const QA = 'team-qa';
const OPS = 'team-ops';
const TEAM_NAMES: Record<string, string> = { [USERS]: 'users', [QA]: 'qa', [OPS]: 'ops' };

const ruleOf = ruleMaker(TEAM_NAMES);

/** A person who is not an administrator, in `users` and the teams given. */
function member(...teams: string[]): Subject {
  return { level: 'user', teamIds: new Set([USERS, ...teams]) };
}
const ADMIN: Subject = { level: 'administrator', teamIds: new Set([USERS]) };

function cluster(...tags: string[]): ResourceFacts {
  return { type: 'cluster', tags };
}
function pipeline(...tags: string[]): ResourceFacts {
  return { type: 'pipeline', tags };
}

const NON_CREATE_PIPELINE = PRIVILEGES.filter((privilege) => privilege !== 'create');

function ruleNumbers(reasons: Reason[]): number[] {
  return reasons.flatMap((reason) => ('rule' in reason ? [reason.rule.number] : []));
}

/** The engine rules an account starts with (P-2.8), numbered 1, 2, 3 and given to `users`. */
const DEFAULTS: EngineRule[] = DEFAULT_RULES.map((rule, index) =>
  ruleOf(index + 1, USERS, rule.resourceType, [...rule.privileges], [...rule.tags]),
);

describe('P-2.2 a rule says who (one team), what (privileges on one kind) and where (tags)', () => {
  const qaReadsStagingClusters = ruleOf(1, QA, 'cluster', ['read'], ['staging']);

  it('lists the privileges of each kind', () => {
    expect(PRIVILEGES_OF.cluster).toEqual(['create', 'read', 'update', 'delete']);
    expect(PRIVILEGES_OF.pipeline).toEqual([
      'create',
      'read',
      'update',
      'delete',
      'run',
      'approve',
      'debug',
    ]);
  });

  it('grants its privileges to the members of its team on the resources its tags match', () => {
    const decision = decide([qaReadsStagingClusters], member(QA), cluster('staging'), 'read');
    expect(decision).toEqual({
      allowed: true,
      reasons: [{ kind: 'rule', rule: qaReadsStagingClusters, matchedTags: ['staging'] }],
    });
  });

  it('grants nothing to people outside its team', () => {
    expect(decide([qaReadsStagingClusters], member(OPS), cluster('staging'), 'read').allowed).toBe(
      false,
    );
  });

  it('applies to its own kind of resource only', () => {
    expect(decide([qaReadsStagingClusters], member(QA), pipeline('staging'), 'read').allowed).toBe(
      false,
    );
    expect(privilegesOn([qaReadsStagingClusters], member(QA), pipeline('staging'))).toEqual([]);
  });

  it('grants the privileges it names and not the others', () => {
    const rules = [ruleOf(1, QA, 'pipeline', ['run'], ['staging'])];
    const subject = member(QA);
    expect(decide(rules, subject, pipeline('staging'), 'run').allowed).toBe(true);
    for (const privilege of ['update', 'delete', 'approve', 'debug', 'create'] as const) {
      expect(decide(rules, subject, pipeline('staging'), privilege).allowed).toBe(false);
    }
    expect(privilegesOn(rules, subject, pipeline('staging'))).toEqual(['read', 'run']);
  });
});

describe('P-2.3 untagged matches resources without tags; * matches every resource', () => {
  const untagged = ruleOf(1, USERS, 'cluster', ['read'], ['untagged']);
  const everything = ruleOf(2, QA, 'cluster', ['update'], ['*']);

  it('untagged applies to a resource that carries no tag', () => {
    expect(ruleMatches(untagged, [])).toEqual(['untagged']);
    expect(decide([untagged], member(), cluster(), 'read')).toEqual({
      allowed: true,
      reasons: [{ kind: 'rule', rule: untagged, matchedTags: ['untagged'] }],
    });
  });

  it('untagged does not apply to a resource with a tag, whichever it is', () => {
    expect(ruleMatches(untagged, ['staging'])).toBeNull();
    expect(ruleMatches(untagged, ['untagged-ish'])).toBeNull();
    expect(decide([untagged], member(), cluster('staging'), 'read').allowed).toBe(false);
  });

  it('* applies to every resource, tagged or not', () => {
    expect(ruleMatches(everything, [])).toEqual(['*']);
    expect(ruleMatches(everything, ['production'])).toEqual(['*']);
    expect(ruleMatches(everything, ['a', 'b', 'c'])).toEqual(['*']);
    for (const resource of [cluster(), cluster('production'), cluster('x', 'y')]) {
      expect(decide([everything], member(QA), resource, 'update')).toEqual({
        allowed: true,
        reasons: [{ kind: 'rule', rule: everything, matchedTags: ['*'] }],
      });
    }
  });

  it('* in all-of mode still applies to everything', () => {
    expect(ruleMatches({ tags: ['*'], tagMatch: 'all' }, [])).toEqual(['*']);
    expect(ruleMatches({ tags: ['untagged'], tagMatch: 'all' }, [])).toEqual(['untagged']);
  });
});

describe('P-2.4 any of these / all of these; rules only grant; the union over all teams', () => {
  it('any-of applies when the resource carries at least one of the tags, naming those it carries', () => {
    const rule = { tags: ['staging', 'qa'], tagMatch: 'any' as const };
    expect(ruleMatches(rule, ['staging'])).toEqual(['staging']);
    expect(ruleMatches(rule, ['qa', 'other'])).toEqual(['qa']);
    expect(ruleMatches(rule, ['qa', 'staging'])).toEqual(['staging', 'qa']);
    expect(ruleMatches(rule, ['production'])).toBeNull();
    expect(ruleMatches(rule, [])).toBeNull();
  });

  it('all-of applies only when the resource carries every one of the tags', () => {
    const rule = { tags: ['eu', 'production'], tagMatch: 'all' as const };
    expect(ruleMatches(rule, ['eu', 'production'])).toEqual(['eu', 'production']);
    expect(ruleMatches(rule, ['eu', 'extra', 'production'])).toEqual(['eu', 'production']);
    expect(ruleMatches(rule, ['eu'])).toBeNull();
    expect(ruleMatches(rule, ['production'])).toBeNull();
    expect(ruleMatches(rule, [])).toBeNull();
  });

  it('an all-of rule with one tag is the same as an any-of rule with that tag', () => {
    const rule = { tags: ['eu'], tagMatch: 'all' as const };
    expect(ruleMatches(rule, ['eu', 'us'])).toEqual(['eu']);
    expect(ruleMatches(rule, ['us'])).toBeNull();
  });

  it('decides with the mode of each rule', () => {
    const anyOf = ruleOf(1, QA, 'pipeline', ['run'], ['eu', 'production']);
    const allOf = ruleOf(2, OPS, 'pipeline', ['run'], ['eu', 'production'], 'all');
    expect(decide([anyOf], member(QA), pipeline('eu'), 'run').allowed).toBe(true);
    expect(decide([allOf], member(OPS), pipeline('eu'), 'run').allowed).toBe(false);
    expect(decide([allOf], member(OPS), pipeline('eu', 'production'), 'run').allowed).toBe(true);
  });

  it("holds the union of what every rule of every one of the person's teams grants", () => {
    const rules = [
      ruleOf(1, QA, 'pipeline', ['read'], ['staging']),
      ruleOf(2, OPS, 'pipeline', ['run'], ['staging']),
      ruleOf(3, USERS, 'pipeline', ['debug'], ['*']),
      ruleOf(4, OPS, 'pipeline', ['delete'], ['production']),
    ];
    expect(privilegesOn(rules, member(QA, OPS), pipeline('staging'))).toEqual([
      'read',
      'run',
      'debug',
    ]);
    expect(privilegesOn(rules, member(QA), pipeline('staging'))).toEqual(['read', 'debug']);
    expect(privilegesOn(rules, member(OPS), pipeline('staging', 'production'))).toEqual([
      'read',
      'delete',
      'run',
      'debug',
    ]);
  });

  it('gives every rule that grants the privilege as a reason', () => {
    const rules = [
      ruleOf(1, QA, 'cluster', ['read'], ['staging']),
      ruleOf(2, OPS, 'cluster', ['read'], ['*']),
      ruleOf(3, USERS, 'cluster', ['update'], ['staging', 'eu']),
    ];
    const decision = decide(rules, member(QA, OPS), cluster('eu', 'staging'), 'read');
    expect(decision.allowed).toBe(true);
    expect(decision.reasons).toEqual([
      { kind: 'rule', rule: rules[0], matchedTags: ['staging'] },
      { kind: 'rule', rule: rules[1], matchedTags: ['*'] },
      { kind: 'rule', rule: rules[2], matchedTags: ['staging', 'eu'], via: 'update' },
    ]);
  });

  it('rules only grant: a narrower rule never takes away what another rule gives', () => {
    const broad = ruleOf(1, USERS, 'cluster', ['read', 'update'], ['*']);
    const narrow = ruleOf(2, QA, 'cluster', ['read'], ['production'], 'all');
    const subject = member(QA);
    const alone = privilegesOn([broad], subject, cluster('production'));
    expect(privilegesOn([broad, narrow], subject, cluster('production'))).toEqual(alone);
    expect(alone).toEqual(['read', 'update']);
  });
});

describe('P-2.5 administrators hold every privilege on every resource', () => {
  it('allows an administrator everything without any rule, with the reason administrator', () => {
    for (const resource of [cluster(), cluster('production'), pipeline('x')]) {
      for (const privilege of PRIVILEGES_OF[resource.type]) {
        expect(decide([], ADMIN, resource, privilege)).toEqual({
          allowed: true,
          reasons: [{ kind: 'administrator' }],
        });
      }
    }
  });

  it('even cluster create and delete, which no rule can grant', () => {
    expect(decide([], ADMIN, cluster('production'), 'create').allowed).toBe(true);
    expect(decide([], ADMIN, cluster('production'), 'delete').allowed).toBe(true);
  });

  it('holds every privilege but create on an existing resource', () => {
    expect(privilegesOn([], ADMIN, cluster('production'))).toEqual(['read', 'update', 'delete']);
    expect(privilegesOn([], ADMIN, pipeline())).toEqual(NON_CREATE_PIPELINE);
  });

  it('reads everything and edits every tag', () => {
    expect(readableWhere([], ADMIN, 'cluster')).toEqual({
      everything: true,
      untagged: false,
      anyOf: [],
      allOf: [],
    });
    expect(mayEditTags([], ADMIN, cluster('production'))).toBe(true);
    expect(mayEditTags([], ADMIN, pipeline('production'))).toBe(true);
  });

  it('takes nothing from the rules of the teams an administrator is in', () => {
    const rules = [ruleOf(1, USERS, 'cluster', ['read'], ['untagged'])];
    expect(decide(rules, ADMIN, cluster(), 'read').reasons).toEqual([{ kind: 'administrator' }]);
  });
});

describe('P-2.6 implications: update, delete, run, approve and debug imply read; create implies nothing', () => {
  it.each(['update', 'delete', 'run', 'approve', 'debug'] as const)(
    '%s implies read, and the reason says through which privilege',
    (privilege) => {
      const rule = ruleOf(7, QA, 'pipeline', [privilege], ['staging']);
      const decision = decide([rule], member(QA), pipeline('staging'), 'read');
      expect(decision).toEqual({
        allowed: true,
        reasons: [{ kind: 'rule', rule, matchedTags: ['staging'], via: privilege }],
      });
      expect(privilegesOn([rule], member(QA), pipeline('staging'))).toEqual(['read', privilege]);
      expect(isReadableBy(readableWhere([rule], member(QA), 'pipeline'), ['staging'])).toBe(true);
    },
  );

  it('names the first implying privilege of the rule as the way', () => {
    const rule = ruleOf(1, QA, 'pipeline', ['run', 'update'], ['staging']);
    const [reason] = decide([rule], member(QA), pipeline('staging'), 'read').reasons;
    expect(reason).toMatchObject({ kind: 'rule', via: 'run' });
  });

  it('gives no way when the rule names read itself', () => {
    const rule = ruleOf(1, QA, 'pipeline', ['update', 'read'], ['staging']);
    const [reason] = decide([rule], member(QA), pipeline('staging'), 'read').reasons;
    expect(reason).toEqual({ kind: 'rule', rule, matchedTags: ['staging'] });
  });

  it('read implies nothing else', () => {
    const rule = ruleOf(1, QA, 'cluster', ['read'], ['staging']);
    expect(decide([rule], member(QA), cluster('staging'), 'update').allowed).toBe(false);
    expect(privilegesOn([rule], member(QA), cluster('staging'))).toEqual(['read']);
  });

  it('a person with only create can create a pipeline but not see, edit, tag or delete it', () => {
    const rule = ruleOf(1, QA, 'pipeline', ['create'], ['*']);
    const subject = member(QA);
    expect(decide([rule], subject, pipeline('staging'), 'create').allowed).toBe(true);
    for (const privilege of NON_CREATE_PIPELINE) {
      expect(decide([rule], subject, pipeline('staging'), privilege).allowed).toBe(false);
    }
    expect(privilegesOn([rule], subject, pipeline('staging'))).toEqual([]);
    expect(privilegesOn([rule], subject, pipeline())).toEqual([]);
    expect(mayEditTags([rule], subject, pipeline('staging'))).toBe(false);
    const where = readableWhere([rule], subject, 'pipeline');
    expect(where).toEqual({ everything: false, untagged: false, anyOf: [], allOf: [] });
    expect(isReadableBy(where, ['staging'])).toBe(false);
  });

  it('a rule that names create beside other privileges (refused by ruleProblems) grants the same both ways', () => {
    const rule = ruleOf(1, QA, 'pipeline', ['create', 'update'], ['staging']);
    expect(privilegesOn([rule], member(QA), pipeline('staging'))).toEqual(['read', 'update']);
    expect(decide([rule], member(QA), pipeline('staging'), 'read').allowed).toBe(true);
    expect(decide([rule], member(QA), pipeline('staging'), 'update').allowed).toBe(true);
  });

  it('no other privilege implies create', () => {
    const rule = ruleOf(1, QA, 'pipeline', NON_CREATE_PIPELINE, ['*']);
    expect(decide([rule], member(QA), pipeline(), 'create').allowed).toBe(false);
  });

  describe('the tags of a create rule are the tags a new pipeline may be given', () => {
    const anyOf = { tags: ['qa', 'staging'], tagMatch: 'any' as const };
    const allOf = { tags: ['qa', 'staging'], tagMatch: 'all' as const };

    it('any-of: one or more of them and no other', () => {
      expect(createAllows(anyOf, ['qa'])).toBe(true);
      expect(createAllows(anyOf, ['staging'])).toBe(true);
      expect(createAllows(anyOf, ['qa', 'staging'])).toBe(true);
      expect(createAllows(anyOf, [])).toBe(false);
      expect(createAllows(anyOf, ['qa', 'production'])).toBe(false);
      expect(createAllows(anyOf, ['production'])).toBe(false);
    });

    it('all-of: exactly them', () => {
      expect(createAllows(allOf, ['qa', 'staging'])).toBe(true);
      expect(createAllows(allOf, ['staging', 'qa'])).toBe(true);
      expect(createAllows(allOf, ['qa'])).toBe(false);
      expect(createAllows(allOf, ['qa', 'staging', 'eu'])).toBe(false);
      expect(createAllows(allOf, [])).toBe(false);
    });

    it('a single tag in either mode: exactly that tag', () => {
      for (const tagMatch of ['any', 'all'] as const) {
        expect(createAllows({ tags: ['qa'], tagMatch }, ['qa'])).toBe(true);
        expect(createAllows({ tags: ['qa'], tagMatch }, [])).toBe(false);
        expect(createAllows({ tags: ['qa'], tagMatch }, ['qa', 'eu'])).toBe(false);
      }
    });

    it('untagged: no tag at all', () => {
      expect(createAllows({ tags: ['untagged'], tagMatch: 'any' }, [])).toBe(true);
      expect(createAllows({ tags: ['untagged'], tagMatch: 'any' }, ['qa'])).toBe(false);
    });

    it('*: any tags, or none', () => {
      for (const tags of [[], ['qa'], ['anything', 'at-all']]) {
        expect(createAllows({ tags: ['*'], tagMatch: 'any' }, tags)).toBe(true);
      }
    });

    it('decides create on the pipeline as it would be created, naming the tags', () => {
      const rule = ruleOf(3, QA, 'pipeline', ['create'], ['qa', 'staging']);
      expect(decide([rule], member(QA), pipeline('qa'), 'create')).toEqual({
        allowed: true,
        reasons: [{ kind: 'rule', rule, matchedTags: ['qa'] }],
      });
      expect(decide([rule], member(QA), pipeline('qa', 'production'), 'create')).toEqual({
        allowed: false,
        reasons: [{ kind: 'tags-do-not-match', rule }],
      });
      expect(decide([rule], member(QA), pipeline(), 'create').allowed).toBe(false);
    });

    it('names * and untagged as the matched tags of those create rules', () => {
      const every = ruleOf(1, QA, 'pipeline', ['create'], ['*']);
      const none = ruleOf(2, USERS, 'pipeline', ['create'], ['untagged']);
      expect(decide([every], member(QA), pipeline('x'), 'create').reasons).toEqual([
        { kind: 'rule', rule: every, matchedTags: ['*'] },
      ]);
      expect(decide([none], member(), pipeline(), 'create').reasons).toEqual([
        { kind: 'rule', rule: none, matchedTags: ['untagged'] },
      ]);
    });

    it('a create rule is not a matching rule: any-of create does not allow a superset', () => {
      const rule = ruleOf(1, QA, 'pipeline', ['create'], ['qa']);
      // As a read rule, qa would match a pipeline tagged qa and eu; as a create rule it does not.
      expect(ruleMatches(rule, ['eu', 'qa'])).toEqual(['qa']);
      expect(decide([rule], member(QA), pipeline('eu', 'qa'), 'create').allowed).toBe(false);
    });
  });
});

describe('P-2.7 cluster create and delete and cluster tags stay with administrators', () => {
  // ruleProblems refuses such rules; the engine must not grant them even if one slipped through.
  const everythingOnClusters = ruleOf(
    1,
    USERS,
    'cluster',
    ['create', 'read', 'update', 'delete'],
    ['*'],
  );

  it.each(['create', 'delete'] as const)(
    'refuses cluster %s to a non-administrator whatever the rules say',
    (privilege) => {
      expect(decide([everythingOnClusters], member(), cluster('x'), privilege)).toEqual({
        allowed: false,
        reasons: [{ kind: 'administrators-only' }],
      });
      expect(decide([], member(), cluster(), privilege)).toEqual({
        allowed: false,
        reasons: [{ kind: 'administrators-only' }],
      });
    },
  );

  it('does not list cluster delete among the privileges a rule gives', () => {
    expect(privilegesOn([everythingOnClusters], member(), cluster('x'))).toEqual([
      'read',
      'update',
    ]);
  });

  it('refuses a privilege that clusters do not have', () => {
    const rule = ruleOf(1, USERS, 'cluster', ['read'], ['*']);
    expect(decide([rule], member(), cluster(), 'run').allowed).toBe(false);
  });

  it('lets only administrators edit cluster tags, even for someone who may update the cluster', () => {
    const rule = ruleOf(1, USERS, 'cluster', ['read', 'update'], ['*']);
    expect(decide([rule], member(), cluster('x'), 'update').allowed).toBe(true);
    expect(mayEditTags([rule], member(), cluster('x'))).toBe(false);
    expect(mayEditTags([rule], ADMIN, cluster('x'))).toBe(true);
  });

  it('lets whoever may update a pipeline edit its tags, and no one else', () => {
    const rules = [
      ruleOf(1, QA, 'pipeline', ['update'], ['staging']),
      ruleOf(2, OPS, 'pipeline', ['read', 'run', 'approve', 'debug', 'delete'], ['*']),
    ];
    expect(mayEditTags(rules, member(QA), pipeline('staging'))).toBe(true);
    expect(mayEditTags(rules, member(QA), pipeline('production'))).toBe(false);
    expect(mayEditTags(rules, member(OPS), pipeline('staging'))).toBe(false);
    expect(mayEditTags(rules, member(), pipeline('staging'))).toBe(false);
  });
});

describe('P-2.8 the default rules make untagged resources usable by everyone', () => {
  it('are three valid rules: clusters read, update; pipelines create; the other pipeline privileges', () => {
    expect(DEFAULT_RULES).toEqual([
      { resourceType: 'cluster', privileges: ['read', 'update'], tags: ['untagged'] },
      { resourceType: 'pipeline', privileges: ['create'], tags: ['untagged'] },
      {
        resourceType: 'pipeline',
        privileges: ['read', 'update', 'delete', 'run', 'approve', 'debug'],
        tags: ['untagged'],
      },
    ]);
    for (const rule of DEFAULT_RULES) expect(ruleProblems(rule)).toEqual([]);
  });

  it('let anyone read and update an untagged cluster, but not delete or create one', () => {
    expect(privilegesOn(DEFAULTS, member(), cluster())).toEqual(['read', 'update']);
    expect(decide(DEFAULTS, member(), cluster(), 'delete').allowed).toBe(false);
    expect(decide(DEFAULTS, member(), cluster(), 'create').allowed).toBe(false);
  });

  it('let anyone do everything with an untagged pipeline, and create untagged pipelines', () => {
    expect(privilegesOn(DEFAULTS, member(), pipeline())).toEqual(NON_CREATE_PIPELINE);
    expect(mayEditTags(DEFAULTS, member(), pipeline())).toBe(true);
    expect(decide(DEFAULTS, member(), pipeline(), 'create')).toEqual({
      allowed: true,
      reasons: [{ kind: 'rule', rule: DEFAULTS[1], matchedTags: ['untagged'] }],
    });
    expect(decide(DEFAULTS, member(), pipeline('staging'), 'create').allowed).toBe(false);
  });

  it('restrict a resource the moment it gets its first tag', () => {
    expect(privilegesOn(DEFAULTS, member(), cluster('production'))).toEqual([]);
    expect(privilegesOn(DEFAULTS, member(QA), pipeline('staging'))).toEqual([]);
    expect(decide(DEFAULTS, member(), cluster('production'), 'read')).toEqual({
      allowed: false,
      reasons: [{ kind: 'tags-do-not-match', rule: DEFAULTS[0] }],
    });
    const where = readableWhere(DEFAULTS, member(), 'pipeline');
    expect(where).toEqual({ everything: false, untagged: true, anyOf: [], allOf: [] });
    expect(isReadableBy(where, [])).toBe(true);
    expect(isReadableBy(where, ['staging'])).toBe(false);
  });

  it('still leave tagged resources to administrators', () => {
    expect(privilegesOn(DEFAULTS, ADMIN, cluster('production'))).toEqual([
      'read',
      'update',
      'delete',
    ]);
  });

  it('once deleted, close untagged resources too', () => {
    expect(privilegesOn([], member(), cluster())).toEqual([]);
    expect(privilegesOn([], member(), pipeline())).toEqual([]);
    expect(decide([], member(), pipeline(), 'create')).toEqual({
      allowed: false,
      reasons: [{ kind: 'no-rule' }],
    });
  });
});

describe('the reasons for a refusal', () => {
  const qaStaging = ruleOf(4, QA, 'cluster', ['read'], ['staging']);
  const opsProduction = ruleOf(5, OPS, 'cluster', ['update'], ['production']);
  const usersUntagged = ruleOf(1, USERS, 'cluster', ['read', 'update'], ['untagged']);

  it('not-in-team: a rule of another team that would grant it on this resource', () => {
    expect(decide([qaStaging], member(OPS), cluster('staging'), 'read')).toEqual({
      allowed: false,
      reasons: [{ kind: 'not-in-team', rule: qaStaging }],
    });
  });

  it("tags-do-not-match: a rule of one of the person's teams whose tags do not match", () => {
    expect(decide([qaStaging], member(QA), cluster('production'), 'read')).toEqual({
      allowed: false,
      reasons: [{ kind: 'tags-do-not-match', rule: qaStaging }],
    });
  });

  it('no-rule: nothing would grant it', () => {
    expect(decide([], member(QA), cluster('production'), 'read')).toEqual({
      allowed: false,
      reasons: [{ kind: 'no-rule' }],
    });
    // A rule of another team that does not match either is no near miss.
    expect(decide([qaStaging], member(OPS), cluster('production'), 'read')).toEqual({
      allowed: false,
      reasons: [{ kind: 'no-rule' }],
    });
  });

  it('lists every near miss in rule order, and only rules that would grant the privilege', () => {
    const rules = [
      usersUntagged,
      qaStaging,
      opsProduction,
      ruleOf(6, QA, 'cluster', ['read'], ['production']),
      ruleOf(7, QA, 'pipeline', ['read'], ['production']),
    ];
    const decision = decide(rules, member(OPS), cluster('staging'), 'read');
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([
      { kind: 'tags-do-not-match', rule: usersUntagged },
      { kind: 'not-in-team', rule: qaStaging },
      { kind: 'tags-do-not-match', rule: opsProduction },
    ]);
    expect(ruleNumbers(decide(rules, member(OPS), cluster('staging'), 'update').reasons)).toEqual([
      1, 5,
    ]);
  });

  it('for create, a create rule of another team that allows these tags is a near miss', () => {
    const qaCreates = ruleOf(2, QA, 'pipeline', ['create'], ['qa']);
    expect(decide([qaCreates], member(OPS), pipeline('qa'), 'create')).toEqual({
      allowed: false,
      reasons: [{ kind: 'not-in-team', rule: qaCreates }],
    });
    expect(decide([qaCreates], member(OPS), pipeline('qa', 'x'), 'create')).toEqual({
      allowed: false,
      reasons: [{ kind: 'no-rule' }],
    });
  });
});

describe('readableWhere and isReadableBy: the list filter', () => {
  it('gathers the tag conditions of every rule of the person that gives read', () => {
    const rules = [
      ruleOf(1, USERS, 'pipeline', ['run'], ['untagged']),
      ruleOf(2, QA, 'pipeline', ['read'], ['staging', 'qa']),
      ruleOf(3, QA, 'pipeline', ['update'], ['eu', 'production'], 'all'),
      ruleOf(4, QA, 'pipeline', ['debug'], ['single'], 'all'),
      ruleOf(5, QA, 'pipeline', ['create'], ['create-only']),
      ruleOf(6, OPS, 'pipeline', ['read'], ['ops']),
      ruleOf(7, QA, 'cluster', ['read'], ['cluster-tag']),
    ];
    const where = readableWhere(rules, member(QA), 'pipeline');
    expect(where).toEqual({
      everything: false,
      untagged: true,
      anyOf: ['qa', 'single', 'staging'],
      allOf: [['eu', 'production']],
    });
    expect(isReadableBy(where, [])).toBe(true);
    expect(isReadableBy(where, ['qa'])).toBe(true);
    expect(isReadableBy(where, ['eu'])).toBe(false);
    expect(isReadableBy(where, ['eu', 'production'])).toBe(true);
    expect(isReadableBy(where, ['ops'])).toBe(false);
    expect(isReadableBy(where, ['create-only'])).toBe(false);
    expect(isReadableBy(where, ['cluster-tag'])).toBe(false);
  });

  it('reads everything through a * rule', () => {
    const where = readableWhere([ruleOf(1, QA, 'cluster', ['read'], ['*'])], member(QA), 'cluster');
    expect(where.everything).toBe(true);
    expect(isReadableBy(where, [])).toBe(true);
    expect(isReadableBy(where, ['anything'])).toBe(true);
  });

  it('reads nothing without rules', () => {
    const where = readableWhere([], member(QA), 'cluster');
    expect(isReadableBy(where, [])).toBe(false);
    expect(isReadableBy(where, ['a'])).toBe(false);
  });
});

describe('rule hygiene: covering rules', () => {
  const any = (...tags: string[]) => ({ tags, tagMatch: 'any' as const });
  const all = (...tags: string[]) => ({ tags, tagMatch: 'all' as const });

  it('matchesEverythingOf: * covers all, any-of covers its subsets and all-of supersets', () => {
    expect(matchesEverythingOf(any('*'), any('a'))).toBe(true);
    expect(matchesEverythingOf(any('*'), any('untagged'))).toBe(true);
    expect(matchesEverythingOf(any('a', 'b'), any('*'))).toBe(false);
    expect(matchesEverythingOf(any('untagged'), any('untagged'))).toBe(true);
    expect(matchesEverythingOf(any('a'), any('untagged'))).toBe(false);
    expect(matchesEverythingOf(any('untagged'), any('a'))).toBe(false);
    expect(matchesEverythingOf(any('a', 'b', 'c'), any('a', 'b'))).toBe(true);
    expect(matchesEverythingOf(any('a', 'b'), any('a', 'c'))).toBe(false);
    expect(matchesEverythingOf(any('a'), all('a', 'b'))).toBe(true);
    expect(matchesEverythingOf(all('a', 'b'), any('a'))).toBe(false);
    expect(matchesEverythingOf(all('a', 'b'), all('a', 'b', 'c'))).toBe(true);
    expect(matchesEverythingOf(all('a', 'b', 'c'), all('a', 'b'))).toBe(false);
  });

  it('allowsEverythingOf: for create rules, the tag sets a new pipeline may be given', () => {
    expect(allowsEverythingOf(any('*'), any('a', 'b'))).toBe(true);
    expect(allowsEverythingOf(any('a', 'b'), any('*'))).toBe(false);
    expect(allowsEverythingOf(any('untagged'), any('untagged'))).toBe(true);
    expect(allowsEverythingOf(any('a'), any('untagged'))).toBe(false);
    expect(allowsEverythingOf(any('a', 'b', 'c'), any('a', 'b'))).toBe(true);
    expect(allowsEverythingOf(any('a', 'b'), all('a', 'b'))).toBe(true);
    // All-of allows exactly {a, b}; any-of {a, b} also allows {a} alone.
    expect(allowsEverythingOf(all('a', 'b'), any('a', 'b'))).toBe(false);
    // Unlike matching, more tags in an all-of create rule are not a superset.
    expect(allowsEverythingOf(all('a', 'b', 'c'), all('a', 'b'))).toBe(false);
    expect(allowsEverythingOf(any('a'), all('a', 'b'))).toBe(false);
  });

  it('covers: same kind, a team that holds the other (same team or users), every privilege', () => {
    const inner = ruleOf(2, QA, 'pipeline', ['run'], ['staging']);
    expect(covers(ruleOf(1, QA, 'pipeline', ['update', 'run'], ['*']), inner, USERS)).toBe(true);
    expect(covers(ruleOf(1, USERS, 'pipeline', ['run'], ['staging', 'qa']), inner, USERS)).toBe(
      true,
    );
    expect(covers(ruleOf(1, OPS, 'pipeline', ['run'], ['*']), inner, USERS)).toBe(false);
    expect(covers(ruleOf(1, QA, 'cluster', ['update'], ['*']), inner, USERS)).toBe(false);
    expect(covers(ruleOf(1, QA, 'pipeline', ['debug'], ['*']), inner, USERS)).toBe(false);
    expect(covers(ruleOf(1, QA, 'pipeline', ['run'], ['staging', 'eu'], 'all'), inner, USERS)).toBe(
      false,
    );
    expect(covers(inner, inner, USERS)).toBe(false);
  });

  it('covers counts implied read', () => {
    const reads = ruleOf(2, QA, 'pipeline', ['read'], ['staging']);
    expect(covers(ruleOf(1, QA, 'pipeline', ['approve'], ['staging']), reads, USERS)).toBe(true);
    expect(covers(reads, ruleOf(1, QA, 'pipeline', ['approve'], ['staging']), USERS)).toBe(false);
  });

  it('a create rule covers and is covered by create rules only', () => {
    const creates = ruleOf(2, QA, 'pipeline', ['create'], ['qa']);
    expect(covers(ruleOf(1, QA, 'pipeline', ['create'], ['qa', 'staging']), creates, USERS)).toBe(
      true,
    );
    expect(covers(ruleOf(1, QA, 'pipeline', NON_CREATE_PIPELINE, ['*']), creates, USERS)).toBe(
      false,
    );
    expect(covers(creates, ruleOf(1, QA, 'pipeline', ['read'], ['qa']), USERS)).toBe(false);
  });
});

describe('rule hygiene: can the team of a create rule read what it creates', () => {
  const creates = ruleOf(1, QA, 'pipeline', ['create'], ['qa', 'staging']);

  it('yes through a rule of its team or of users that matches each tag it may be given', () => {
    expect(
      hasReadBeside(creates, [creates, ruleOf(2, QA, 'pipeline', ['run'], ['*'])], USERS),
    ).toBe(true);
    const usersRead = ruleOf(2, USERS, 'pipeline', ['read'], ['staging', 'qa', 'x']);
    expect(hasReadBeside(creates, [creates, usersRead], USERS)).toBe(true);
  });

  it('yes when several rules between them match every tag set it may create', () => {
    const rules = [
      creates,
      ruleOf(2, QA, 'pipeline', ['read'], ['qa']),
      ruleOf(3, USERS, 'pipeline', ['read'], ['staging']),
    ];
    expect(hasReadBeside(creates, rules, USERS)).toBe(true);
  });

  it('no when a tag set it may create is left unread', () => {
    const rules = [creates, ruleOf(2, QA, 'pipeline', ['read'], ['qa'])];
    expect(hasReadBeside(creates, rules, USERS)).toBe(false);
    expect(hasReadBeside(creates, [creates], USERS)).toBe(false);
  });

  it('no through a rule of another team, of clusters, or another create rule', () => {
    const rules = [
      creates,
      ruleOf(2, OPS, 'pipeline', ['read'], ['*']),
      ruleOf(3, QA, 'cluster', ['read'], ['*']),
      ruleOf(4, QA, 'pipeline', ['create'], ['*']),
    ];
    expect(hasReadBeside(creates, rules, USERS)).toBe(false);
  });

  it('an all-of create rule needs its whole set read; untagged needs untagged; * needs *', () => {
    const allOf = ruleOf(1, QA, 'pipeline', ['create'], ['qa', 'staging'], 'all');
    const readBoth = ruleOf(2, QA, 'pipeline', ['read'], ['qa', 'staging'], 'all');
    expect(hasReadBeside(allOf, [allOf, readBoth], USERS)).toBe(true);
    expect(hasReadBeside(creates, [creates, readBoth], USERS)).toBe(false);

    const untagged = ruleOf(1, QA, 'pipeline', ['create'], ['untagged']);
    expect(
      hasReadBeside(untagged, [ruleOf(2, USERS, 'pipeline', ['read'], ['untagged'])], USERS),
    ).toBe(true);
    expect(hasReadBeside(untagged, [ruleOf(2, USERS, 'pipeline', ['read'], ['qa'])], USERS)).toBe(
      false,
    );

    const every = ruleOf(1, QA, 'pipeline', ['create'], ['*']);
    expect(hasReadBeside(every, [ruleOf(2, QA, 'pipeline', ['read'], ['*'])], USERS)).toBe(true);
    expect(
      hasReadBeside(
        every,
        [
          ruleOf(2, QA, 'pipeline', ['read'], ['untagged']),
          ruleOf(3, QA, 'pipeline', ['read'], ['qa', 'staging']),
        ],
        USERS,
      ),
    ).toBe(false);
  });
});
