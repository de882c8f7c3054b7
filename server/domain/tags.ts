/** P-2.3: `untagged` matches resources without tags; `*` matches every resource of the kind. */
export const UNTAGGED = 'untagged';
export const EVERY_TAG = '*';
export const SPECIAL_TAGS = [UNTAGGED, EVERY_TAG] as const;
export type SpecialTag = (typeof SPECIAL_TAGS)[number];

export const TAG_MAX_LENGTH = 63;
export const MAX_TAGS_PER_RESOURCE = 50;

export function isSpecialTag(tag: string): tag is SpecialTag {
  return (SPECIAL_TAGS as readonly string[]).includes(tag);
}

/**
 * Why `tag` cannot be put on a resource, or undefined when it can. Tags are compared exactly, so
 * they are lowercase: `Production` and `production` would otherwise be two tags that an
 * administrator reads as one, and a rule for one would silently miss the other.
 */
export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'A tag cannot be empty.';
  if (tag === UNTAGGED) {
    return 'untagged is not a tag: rules use it for resources that carry no tag.';
  }
  if (tag === EVERY_TAG) return '* is not a tag: rules use it for every resource.';
  if (tag.length > TAG_MAX_LENGTH) return `A tag has at most ${TAG_MAX_LENGTH} characters.`;
  if (/\s/.test(tag)) return 'Tags have no spaces: use hyphens, as in team-payments.';
  if (/[A-Z]/.test(tag)) return 'Use lowercase letters only.';
  if (!/^[a-z0-9._:-]+$/.test(tag)) {
    return 'Use only lowercase letters, digits, hyphens, dots, colons and underscores.';
  }
  if (!/^[a-z0-9]/.test(tag) || !/[a-z0-9]$/.test(tag)) {
    return 'Start and end a tag with a letter or a digit.';
  }
  return undefined;
}

/** Sorted, without repeats: how tags are stored and answered. */
export function normaliseTags(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort();
}

/** The tags after a change: `tags` replaces them, then `addTags`/`removeTags` edit them. */
export function applyTagChange(
  current: readonly string[],
  change: { tags?: string[]; addTags?: string[]; removeTags?: string[] },
): string[] {
  const removed = new Set(change.removeTags ?? []);
  return normaliseTags(
    [...(change.tags ?? current), ...(change.addTags ?? [])].filter((tag) => !removed.has(tag)),
  );
}
