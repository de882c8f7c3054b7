import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import {
  INLINE_TEMPLATE,
  pipelineSourceSchema,
  pipelineSourceTypeSchema,
  pipelineSourceViewSchema,
  runnabilitySchema,
} from './pipeline-sources';
import { callerAccessFields, resourceNameSchema, tagFilterField } from './resources';
import { resourceTagsSchema, tagChangeFields } from './tags';

export const pipelineNameSchema = resourceNameSchema('pipeline');
export const projectNameSchema = resourceNameSchema('project');

/** A pipeline of the account (P-2.1), known as `project/name`. */
export const pipelineSchema = z.object({
  id: z.string(),
  name: z.string(),
  project: z.string(),
  tags: z.array(z.string()),
  /** Where the definition comes from (P-4.1); lists leave the inline YAML out. */
  source: pipelineSourceViewSchema,
  /** Whether it may run now (P-4.2, P-4.3), and why not. */
  runnable: runnabilitySchema,
  /** Goes up with every change; sent back as `If-Match` (the `ETag` is `"<version>"`). */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...callerAccessFields,
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export const PIPELINE_SORTS = [
  'name',
  '-name',
  'project',
  '-project',
  'updatedAt',
  '-updatedAt',
] as const;

export const pipelineListQuerySchema = listQuerySchema.extend({
  sort: z
    .enum(PIPELINE_SORTS, { error: `Sort by one of ${PIPELINE_SORTS.join(', ')}.` })
    .default('name'),
  project: z.string().trim().max(100).optional(),
  /** Only the pipelines whose definition comes from this source. */
  source: pipelineSourceTypeSchema.optional(),
  ...tagFilterField,
});
export type PipelineListQuery = z.input<typeof pipelineListQuerySchema>;
export type ParsedPipelineListQuery = z.output<typeof pipelineListQuerySchema>;

export const pipelinePageSchema = pageOf(pipelineSchema);
export type PipelinePage = z.infer<typeof pipelinePageSchema>;

/**
 * P-2.6: the tags must be ones a create rule of the caller allows (none under `untagged`).
 * Without `source`, the pipeline starts inline from the template.
 */
export const createPipelineRequestSchema = z.strictObject({
  name: pipelineNameSchema,
  project: projectNameSchema,
  tags: resourceTagsSchema.optional(),
  source: pipelineSourceSchema.default({ type: 'inline', yaml: INLINE_TEMPLATE }),
});
export type CreatePipelineRequest = z.input<typeof createPipelineRequestSchema>;

export const updatePipelineRequestSchema = z.strictObject({
  name: pipelineNameSchema.optional(),
  project: projectNameSchema.optional(),
  tags: resourceTagsSchema.optional(),
  source: pipelineSourceSchema.optional(),
  ...tagChangeFields,
});
export type UpdatePipelineRequest = z.input<typeof updatePipelineRequestSchema>;

/**
 * `?dryRun=true`: every check of the change, nothing saved. The console asks this before saving a
 * tag change of a person who is not an administrator, to show a refusal (403 `tag-escalation`) and
 * what they would hold afterwards (`privileges`) while they still edit.
 */
export const updatePipelineQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'dryRun is true or false.' })
    .optional()
    .transform((value) => value === 'true'),
});

/** Who saved a definition version: null when not known, or once that person is removed. */
export const versionAuthorSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .nullable();

/**
 * One saved inline definition of a pipeline (issue 20): `n` counts from 1 per pipeline, and a
 * save writes a version only when it changed the text.
 */
export const pipelineVersionSummarySchema = z.object({
  n: z.number().int(),
  who: versionAuthorSchema,
  /** ISO 8601, UTC. */
  when: z.string(),
  /** Lines as an editor numbers them. */
  lines: z.number().int(),
  /** SHA-256 of the text, hex (as the audit log records it). */
  digest: z.string(),
});
export type PipelineVersionSummary = z.infer<typeof pipelineVersionSummarySchema>;

/** A version with its text. */
export const pipelineVersionSchema = pipelineVersionSummarySchema.extend({
  definition: z.string(),
});
export type PipelineVersion = z.infer<typeof pipelineVersionSchema>;

/** `GET /api/pipelines/:id/versions`: newest first. */
export const pipelineVersionListQuerySchema = listQuerySchema.omit({ q: true });
export type PipelineVersionListQuery = z.input<typeof pipelineVersionListQuerySchema>;

export const pipelineVersionPageSchema = pageOf(pipelineVersionSummarySchema);
export type PipelineVersionPage = z.infer<typeof pipelineVersionPageSchema>;

export const pipelineVersionParamsSchema = z.object({
  id: z.uuid({ error: 'Not a valid id.' }),
  n: z.coerce
    .number({ error: 'A version number is a whole number from 1.' })
    .int('A version number is a whole number from 1.')
    .min(1, 'A version number is a whole number from 1.')
    .max(2_147_483_647, 'No version has so high a number.'),
});
