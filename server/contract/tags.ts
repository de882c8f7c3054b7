import { z } from 'zod';
import { MAX_TAGS_PER_RESOURCE, TAG_MAX_LENGTH, tagProblem } from '../domain/tags';

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
