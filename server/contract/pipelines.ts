import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
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
  ...tagFilterField,
});
export type PipelineListQuery = z.input<typeof pipelineListQuerySchema>;
export type ParsedPipelineListQuery = z.output<typeof pipelineListQuerySchema>;

export const pipelinePageSchema = pageOf(pipelineSchema);
export type PipelinePage = z.infer<typeof pipelinePageSchema>;

/** P-2.6: the tags must be ones a create rule of the caller allows (none under `untagged`). */
export const createPipelineRequestSchema = z.strictObject({
  name: pipelineNameSchema,
  project: projectNameSchema,
  tags: resourceTagsSchema.optional(),
});
export type CreatePipelineRequest = z.input<typeof createPipelineRequestSchema>;

export const updatePipelineRequestSchema = z.strictObject({
  name: pipelineNameSchema.optional(),
  project: projectNameSchema.optional(),
  tags: resourceTagsSchema.optional(),
  ...tagChangeFields,
});
export type UpdatePipelineRequest = z.input<typeof updatePipelineRequestSchema>;

/** `ETag`/`If-Match` value of a version: a strong validator. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header names, or undefined when it names none. `W/"3"` names version
 * 3 too: the server's compression marks the `ETag` of a compressed answer weak (the bytes differ
 * from the uncompressed ones), yet both are the same version of the pipeline, and a client that
 * sends back the ETag it received must succeed.
 */
export function versionOfEtag(header: string): number | undefined {
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : undefined;
}
