import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { callerAccessFields, resourceNameSchema, tagFilterField } from './resources';
import { resourceTagsSchema, tagChangeFields } from './tags';

export const clusterNameSchema = resourceNameSchema('cluster');

/** A Kubernetes cluster of the account (P-2.1; its connection settings are P-5.3's). */
export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...callerAccessFields,
});
export type Cluster = z.infer<typeof clusterSchema>;

export const CLUSTER_SORTS = ['name', '-name', 'createdAt', '-createdAt'] as const;

export const clusterListQuerySchema = listQuerySchema.extend({
  sort: z
    .enum(CLUSTER_SORTS, { error: `Sort by one of ${CLUSTER_SORTS.join(', ')}.` })
    .default('name'),
  ...tagFilterField,
});
export type ClusterListQuery = z.input<typeof clusterListQuerySchema>;
export type ParsedClusterListQuery = z.output<typeof clusterListQuerySchema>;

export const clusterPageSchema = pageOf(clusterSchema);
export type ClusterPage = z.infer<typeof clusterPageSchema>;

export const createClusterRequestSchema = z.strictObject({
  name: clusterNameSchema,
  tags: resourceTagsSchema.optional(),
});
export type CreateClusterRequest = z.input<typeof createClusterRequestSchema>;

/** `tags` replaces the tags; `addTags`/`removeTags` change some (bulk tagging). */
export const updateClusterRequestSchema = z.strictObject({
  name: clusterNameSchema.optional(),
  tags: resourceTagsSchema.optional(),
  ...tagChangeFields,
});
export type UpdateClusterRequest = z.input<typeof updateClusterRequestSchema>;
