import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { callerAccessFields, resourceNameSchema, tagFilterField } from './resources';
import { httpAddressSchema } from './integrations';
import { resourceTagsSchema, tagChangeFields } from './tags';

export const clusterNameSchema = resourceNameSchema('cluster');

/** A Kubernetes cluster of the account (P-2.1; its connection settings are P-5.3's). */
export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  /** How the platform connects (P-5.3): any Kubernetes reachable at an API server URL. */
  provider: z.literal('custom'),
  apiServerUrl: z.string().nullable(),
  /** The PEM certificate of the API server's certificate authority, when it is not public. */
  caCertificate: z.string().nullable(),
  /** Whether a service-account token is stored; the token itself is never answered. */
  serviceAccountTokenSet: z.boolean(),
  /** Behind the firewall: only runners inside the network reach it. */
  internal: z.boolean(),
  /**
   * Goes up with every change; the `ETag` is `"<version>"`. Sent back as `If-Match` (optional):
   * 412 when another change came first.
   */
  version: z.number().int(),
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

const PEM_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

/**
 * The connection settings (P-5.3), administrators only. The server also parses the certificate;
 * the token is write-only (`null` clears it, left out keeps it).
 */
const clusterConnectionFields = {
  apiServerUrl: httpAddressSchema('https://k8s.example.com:6443')
    .refine((url) => url.startsWith('https://'), {
      message: 'The API server is reached over https://.',
    })
    .nullable()
    .optional(),
  caCertificate: z
    .string({ error: 'Paste the certificate in PEM form.' })
    .trim()
    .max(20_000, 'A certificate has at most 20,000 characters.')
    .regex(PEM_CERTIFICATE, {
      message:
        'Paste one certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
    })
    .nullable()
    .optional(),
  serviceAccountToken: z
    .string({ error: 'Enter the service-account token.' })
    .trim()
    .min(1, 'Enter the service-account token, or send null to remove it.')
    .max(16_384, 'A token has at most 16,384 characters.')
    .nullable()
    .optional(),
  internal: z.boolean({ error: 'internal is true or false.' }).optional(),
};

export const createClusterRequestSchema = z.strictObject({
  name: clusterNameSchema,
  tags: resourceTagsSchema.optional(),
  ...clusterConnectionFields,
});
export type CreateClusterRequest = z.input<typeof createClusterRequestSchema>;

/** `tags` replaces the tags; `addTags`/`removeTags` change some (bulk tagging). */
export const updateClusterRequestSchema = z.strictObject({
  name: clusterNameSchema.optional(),
  tags: resourceTagsSchema.optional(),
  ...tagChangeFields,
  ...clusterConnectionFields,
});

/** The fields of a cluster only administrators change (P-5.3). */
export const CLUSTER_CONNECTION_FIELDS = [
  'apiServerUrl',
  'caCertificate',
  'serviceAccountToken',
  'internal',
] as const;
export type UpdateClusterRequest = z.input<typeof updateClusterRequestSchema>;
