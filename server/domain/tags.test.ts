import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceTagsSchema, tagSchema } from '../contract/tags';
import {
  applyTagChange,
  isSpecialTag,
  MAX_TAGS_PER_RESOURCE,
  normaliseTags,
  TAG_MAX_LENGTH,
  tagProblem,
} from './tags';

describe('tagProblem: why a tag cannot be put on a resource', () => {
  it.each([
    ['', 'A tag cannot be empty.'],
    ['untagged', 'untagged is not a tag: rules use it for resources that carry no tag.'],
    ['*', '* is not a tag: rules use it for every resource.'],
    ['a'.repeat(TAG_MAX_LENGTH + 1), `A tag has at most ${TAG_MAX_LENGTH} characters.`],
    ['team payments', 'Tags have no spaces: use hyphens, as in team-payments.'],
    ['team\tpayments', 'Tags have no spaces: use hyphens, as in team-payments.'],
    ['Production', 'Use lowercase letters only.'],
    ['prod!', 'Use only lowercase letters, digits, hyphens, dots, colons and underscores.'],
    ['café', 'Use only lowercase letters, digits, hyphens, dots, colons and underscores.'],
    ['prod/eu', 'Use only lowercase letters, digits, hyphens, dots, colons and underscores.'],
    ['-prod', 'Start and end a tag with a letter or a digit.'],
    ['prod-', 'Start and end a tag with a letter or a digit.'],
    ['.hidden', 'Start and end a tag with a letter or a digit.'],
    ['env:', 'Start and end a tag with a letter or a digit.'],
  ])('%j: %s', (tag, message) => {
    expect(tagProblem(tag)).toBe(message);
  });

  it.each([
    'a',
    '0',
    'production',
    'team-payments',
    'v1.2',
    'env:prod',
    'eu_west_1',
    'untagged-ish',
    'a'.repeat(TAG_MAX_LENGTH),
  ])('accepts %j', (tag) => {
    expect(tagProblem(tag)).toBeUndefined();
  });

  it('is what tagSchema answers', () => {
    expect(tagSchema.safeParse('Production').error?.issues[0]?.message).toBe(
      'Use lowercase letters only.',
    );
    expect(tagSchema.parse('production')).toBe('production');
    expect(tagSchema.safeParse(3).error?.issues[0]?.message).toBe('A tag is text.');
  });
});

describe('isSpecialTag (P-2.3)', () => {
  it('knows untagged and * only', () => {
    expect(isSpecialTag('untagged')).toBe(true);
    expect(isSpecialTag('*')).toBe(true);
    expect(isSpecialTag('Untagged')).toBe(false);
    expect(isSpecialTag('production')).toBe(false);
  });
});

describe('resourceTagsSchema: the tags of one resource', () => {
  it('refuses a tag listed twice, at its second place', () => {
    const issues = resourceTagsSchema.safeParse(['qa', 'eu', 'qa']).error?.issues;
    expect(issues?.map((issue) => [issue.path, issue.message])).toEqual([
      [[2], 'qa is listed twice.'],
    ]);
  });

  it(`refuses more than ${MAX_TAGS_PER_RESOURCE} tags`, () => {
    const tags = Array.from({ length: MAX_TAGS_PER_RESOURCE + 1 }, (_, index) => `t${index}`);
    expect(resourceTagsSchema.safeParse(tags).error?.issues[0]?.message).toBe(
      `A resource carries at most ${MAX_TAGS_PER_RESOURCE} tags.`,
    );
    expect(resourceTagsSchema.parse(tags.slice(1))).toHaveLength(MAX_TAGS_PER_RESOURCE);
  });

  it('refuses the special tags as tags of a resource', () => {
    expect(resourceTagsSchema.safeParse(['untagged']).success).toBe(false);
    expect(resourceTagsSchema.safeParse(['*']).success).toBe(false);
  });
});

describe('normaliseTags', () => {
  it('sorts and drops repeats', () => {
    expect(normaliseTags(['qa', 'eu', 'qa', 'b'])).toEqual(['b', 'eu', 'qa']);
    expect(normaliseTags(new Set(['z', 'a']))).toEqual(['a', 'z']);
    expect(normaliseTags([])).toEqual([]);
  });
});

describe('applyTagChange', () => {
  const current = ['eu', 'production'];

  it('replaces the tags with tags', () => {
    expect(applyTagChange(current, { tags: ['staging', 'qa'] })).toEqual(['qa', 'staging']);
    expect(applyTagChange(current, { tags: [] })).toEqual([]);
  });

  it('adds and removes tags, keeping the others', () => {
    expect(applyTagChange(current, { addTags: ['qa'] })).toEqual(['eu', 'production', 'qa']);
    expect(applyTagChange(current, { removeTags: ['eu', 'absent'] })).toEqual(['production']);
    expect(applyTagChange(current, { addTags: ['qa', 'eu'], removeTags: ['production'] })).toEqual([
      'eu',
      'qa',
    ]);
  });

  it('edits the replacement when given all three', () => {
    expect(
      applyTagChange(current, { tags: ['a', 'b'], addTags: ['c'], removeTags: ['a', 'eu'] }),
    ).toEqual(['b', 'c']);
  });

  it('a tag both added and removed ends removed', () => {
    expect(applyTagChange(current, { addTags: ['qa'], removeTags: ['qa'] })).toEqual(current);
  });

  it('changes nothing without a change, and leaves the current tags alone', () => {
    const before = ['production', 'eu'];
    expect(applyTagChange(before, {})).toEqual(['eu', 'production']);
    applyTagChange(before, { addTags: ['x'], removeTags: ['eu'] });
    expect(before).toEqual(['production', 'eu']);
  });

  it('always answers sorted tags without repeats: the kept, the added, none removed', () => {
    const tags = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 6 });
    fc.assert(
      fc.property(
        tags,
        fc.option(tags, { nil: undefined }),
        tags,
        tags,
        (current, replacement, addTags, removeTags) => {
          const result = applyTagChange(current, { tags: replacement, addTags, removeTags });
          expect(result).toEqual([...new Set(result)].sort());
          const kept = [...(replacement ?? current), ...addTags];
          for (const tag of kept) {
            expect(result.includes(tag)).toBe(!removeTags.includes(tag));
          }
          for (const tag of result) expect(kept).toContain(tag);
        },
      ),
      { numRuns: 300 },
    );
  });
});
