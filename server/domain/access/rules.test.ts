import { describe, expect, it } from 'vitest';
import {
  MAX_RULE_TAGS,
  ruleInputSchema,
  type Privilege,
  type ResourceType,
  type TagMatch,
} from '../../contract/access';
import { describeRule, describeWhere, listed, ruleProblems, withImplied } from './rules';

function problemsOf(resourceType: ResourceType, privileges: Privilege[], tags: string[]) {
  return ruleProblems({ resourceType, privileges, tags });
}

const CREATE_ALONE =
  'Create stands in a rule of its own: its tags say which tags a new pipeline may be given. Write a second rule for the other privileges.';

describe('ruleProblems: every mistake in a rule, with its field', () => {
  it('finds nothing wrong with a well-formed rule', () => {
    expect(problemsOf('cluster', ['read', 'update'], ['untagged'])).toEqual([]);
    expect(problemsOf('pipeline', ['create'], ['qa', 'staging'])).toEqual([]);
    expect(problemsOf('pipeline', ['read', 'run', 'approve'], ['*'])).toEqual([]);
    expect(problemsOf('pipeline', ['debug'], ['team-payments', 'eu.1', 'env:prod'])).toEqual([]);
  });

  it.each(['create', 'delete'] as const)('refuses cluster %s (P-2.7)', (privilege) => {
    expect(problemsOf('cluster', ['read', privilege], ['staging'])).toContainEqual({
      path: ['privileges', 1],
      message: `Cluster ${privilege} stays with administrators: no rule can grant it.`,
    });
  });

  it('refuses privileges that are not of the kind', () => {
    expect(problemsOf('cluster', ['run', 'read', 'debug'], ['staging'])).toEqual([
      {
        path: ['privileges', 0],
        message: 'Clusters have no run privilege: choose from create, read, update, delete.',
      },
      {
        path: ['privileges', 2],
        message: 'Clusters have no debug privilege: choose from create, read, update, delete.',
      },
    ]);
  });

  it('refuses create beside other privileges (P-2.6)', () => {
    expect(problemsOf('pipeline', ['create', 'read'], ['qa'])).toEqual([
      { path: ['privileges'], message: CREATE_ALONE },
    ]);
    expect(problemsOf('pipeline', ['run', 'create'], ['qa'])).toEqual([
      { path: ['privileges'], message: CREATE_ALONE },
    ]);
  });

  it('refuses a privilege chosen twice', () => {
    expect(problemsOf('pipeline', ['read', 'run', 'read'], ['qa'])).toEqual([
      { path: ['privileges', 2], message: 'read is chosen twice.' },
    ]);
  });

  it.each(['untagged', '*'])('refuses %s beside other tags (P-2.3, P-2.4)', (special) => {
    expect(problemsOf('cluster', ['read'], ['qa', special])).toEqual([
      {
        path: ['tags', 1],
        message: `${special} stands alone in a rule: remove the other tags, or remove ${special}.`,
      },
    ]);
  });

  it('refuses untagged and * together, each', () => {
    expect(problemsOf('cluster', ['read'], ['*', 'untagged']).map((p) => p.path)).toEqual([
      ['tags', 0],
      ['tags', 1],
    ]);
  });

  it('refuses a tag listed twice', () => {
    expect(problemsOf('cluster', ['read'], ['qa', 'staging', 'qa'])).toEqual([
      { path: ['tags', 2], message: 'qa is listed twice.' },
    ]);
  });

  it('refuses tags that cannot be put on a resource, with the tag sentence', () => {
    expect(problemsOf('cluster', ['read'], ['Production', 'team payments', ''])).toEqual([
      { path: ['tags', 0], message: 'Use lowercase letters only.' },
      { path: ['tags', 1], message: 'Tags have no spaces: use hyphens, as in team-payments.' },
      { path: ['tags', 2], message: 'A tag cannot be empty.' },
    ]);
  });

  it('reports every mistake at once', () => {
    const problems = problemsOf('cluster', ['create', 'run', 'read'], ['*', 'Prod', 'Prod']);
    expect(problems.map((problem) => problem.path)).toEqual([
      ['privileges', 0],
      ['privileges', 1],
      ['privileges'],
      ['tags', 0],
      ['tags', 1],
      ['tags', 2],
    ]);
  });
});

describe('ruleInputSchema', () => {
  const base = {
    teamId: '3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f',
    resourceType: 'pipeline',
    privileges: ['read', 'run'],
    tags: ['staging', 'qa'],
  };

  it('accepts a rule and makes any-of the default mode, and no note', () => {
    expect(ruleInputSchema.parse(base)).toEqual({ ...base, tagMatch: 'any', note: null });
    expect(ruleInputSchema.parse({ ...base, tagMatch: 'all' }).tagMatch).toBe('all');
  });

  it('answers the mistakes of ruleProblems at their paths', () => {
    const result = ruleInputSchema.safeParse({ ...base, privileges: ['create', 'read'] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['privileges'], CREATE_ALONE],
    ]);
  });

  it('needs a privilege and a tag, and at most the maximum of tags', () => {
    const messages = (input: object) =>
      ruleInputSchema.safeParse({ ...base, ...input }).error?.issues.map((issue) => issue.message);
    expect(messages({ privileges: [] })).toEqual(['Choose at least one privilege.']);
    expect(messages({ tags: [] })).toEqual(['Choose at least one tag, or untagged, or *.']);
    const tooMany = Array.from({ length: MAX_RULE_TAGS + 1 }, (_, index) => `tag-${index}`);
    expect(messages({ tags: tooMany })).toEqual([`A rule names at most ${MAX_RULE_TAGS} tags.`]);
    expect(messages({ extra: true })).toHaveLength(1);
    expect(messages({ teamId: 'qa' })).toEqual(['Choose a team.']);
  });
});

describe('withImplied (P-2.6)', () => {
  it('adds read to the privileges that imply it, in the console order', () => {
    expect(withImplied(['update'])).toEqual(['read', 'update']);
    expect(withImplied(['debug', 'run'])).toEqual(['read', 'run', 'debug']);
    for (const privilege of ['update', 'delete', 'run', 'approve', 'debug'] as const) {
      expect(withImplied([privilege])).toContain('read');
    }
  });

  it('adds nothing to create or read', () => {
    expect(withImplied(['create'])).toEqual(['create']);
    expect(withImplied(['read'])).toEqual(['read']);
    expect(withImplied([])).toEqual([]);
  });

  it('does not repeat read', () => {
    expect(withImplied(['read', 'update', 'run'])).toEqual(['read', 'update', 'run']);
  });
});

describe('listed', () => {
  it('joins words as a sentence does', () => {
    expect(listed([], 'or')).toBe('');
    expect(listed(['a'], 'or')).toBe('a');
    expect(listed(['a', 'b'], 'or')).toBe('a or b');
    expect(listed(['a', 'b', 'c'], 'and')).toBe('a, b and c');
  });
});

describe('describeWhere', () => {
  it.each<[ResourceType, string[], TagMatch, string]>([
    ['pipeline', ['staging', 'qa'], 'any', 'pipelines tagged staging or qa'],
    ['pipeline', ['staging', 'qa'], 'all', 'pipelines tagged both staging and qa'],
    ['cluster', ['a', 'b', 'c'], 'all', 'clusters tagged all of a, b and c'],
    ['cluster', ['eu'], 'all', 'clusters tagged eu'],
    ['cluster', ['untagged'], 'any', 'clusters without tags'],
    ['cluster', ['*'], 'any', 'every cluster'],
    ['pipeline', ['*'], 'all', 'every pipeline'],
  ])('%s %j %s: %s', (resourceType, tags, tagMatch, expected) => {
    expect(describeWhere(resourceType, tags, tagMatch)).toBe(expected);
  });
});

describe('describeRule: a rule as a sentence', () => {
  const rule = (
    teamName: string,
    resourceType: ResourceType,
    privileges: Privilege[],
    tags: string[],
    tagMatch: TagMatch = 'any',
  ) => describeRule({ teamName, resourceType, privileges, tags, tagMatch });

  it('says who can do what where, privileges in the console order', () => {
    expect(rule('qa', 'pipeline', ['run', 'read'], ['staging', 'qa'])).toBe(
      'Team qa can read, run pipelines tagged staging or qa.',
    );
    expect(rule('ops', 'cluster', ['update'], ['eu', 'production'], 'all')).toBe(
      'Team ops can update clusters tagged both eu and production.',
    );
    expect(rule('users', 'cluster', ['read', 'update'], ['untagged'])).toBe(
      'Team users can read, update clusters without tags.',
    );
    expect(rule('sre', 'pipeline', ['debug'], ['*'])).toBe('Team sre can debug every pipeline.');
  });

  it('says which tags a create rule lets a new pipeline be given', () => {
    expect(rule('qa', 'pipeline', ['create'], ['qa', 'staging'])).toBe(
      'Team qa can create pipelines tagged qa or staging (no other tags).',
    );
    expect(rule('qa', 'pipeline', ['create'], ['qa', 'staging'], 'all')).toBe(
      'Team qa can create pipelines tagged qa and staging (all of them, no other tags).',
    );
    expect(rule('qa', 'pipeline', ['create'], ['qa'], 'all')).toBe(
      'Team qa can create pipelines tagged qa (no other tags).',
    );
    expect(rule('users', 'pipeline', ['create'], ['untagged'])).toBe(
      'Team users can create pipelines without tags.',
    );
    expect(rule('qa', 'pipeline', ['create'], ['*'])).toBe(
      'Team qa can create pipelines with any tags.',
    );
  });
});
