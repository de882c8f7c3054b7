import { z } from 'zod';

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

/** A tag as it is put on a cluster or a pipeline (P-2.1). */
export const tagSchema = z.string({ error: 'A tag is text.' }).superRefine((tag, ctx) => {
  const problem = tagProblem(tag);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The tags of one resource: no repeats, at most fifty. */
export const resourceTagsSchema = z
  .array(tagSchema, { error: 'Give the tags as a list.' })
  .max(MAX_TAGS_PER_RESOURCE, `A resource carries at most ${MAX_TAGS_PER_RESOURCE} tags.`)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, index) => {
      if (seen.has(tag)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `${tag} is listed twice.` });
      }
      seen.add(tag);
    });
  });

/** `{ addTags, removeTags }`: change some tags without knowing the rest (bulk tagging). */
export const tagChangeFields = {
  addTags: resourceTagsSchema.optional(),
  removeTags: z.array(z.string().max(TAG_MAX_LENGTH)).max(MAX_TAGS_PER_RESOURCE).optional(),
};

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

/** `GET /api/tags`: the tags in use, for autocompletion. */
export const tagListQuerySchema = z.object({
  resourceType: z
    .enum(['cluster', 'pipeline'], { error: 'Choose cluster or pipeline.' })
    .optional(),
  /** Tags that start with this text. */
  q: z.string().trim().max(TAG_MAX_LENGTH).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Ask for at least one tag.')
    .max(100, 'Ask for at most 100 tags.')
    .default(20),
});
export type TagListQuery = z.input<typeof tagListQuerySchema>;

export const tagUsageSchema = z.object({
  tag: z.string(),
  /** How many resources of the kinds asked about carry it, among those the caller may read. */
  resources: z.number().int(),
});
export type TagUsage = z.infer<typeof tagUsageSchema>;

export const tagListSchema = z.object({ items: z.array(tagUsageSchema) });
export type TagList = z.infer<typeof tagListSchema>;
