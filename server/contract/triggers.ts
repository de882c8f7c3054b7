import { z } from 'zod';
import { GIT_PROVIDER_KINDS, type GitProviderKind } from './integrations';

/**
 * Git triggers (P-5.5, P-5.6). Events are in each provider's own names: GitHub's
 * `X-GitHub-Event` header, GitLab's payload `object_kind`, Bitbucket Server's `X-Event-Key`.
 */
export const TRIGGER_EVENTS = {
  github: ['push', 'pull_request'],
  'github-enterprise': ['push', 'pull_request'],
  gitlab: ['push', 'tag_push', 'merge_request'],
  'bitbucket-server': ['repo:refs_changed', 'pr:opened', 'pr:from_ref_updated'],
} as const satisfies Record<GitProviderKind, readonly string[]>;

export type TriggerEvent = (typeof TRIGGER_EVENTS)[GitProviderKind][number];

/** Every event name of every provider, for validating a stored list. */
export const ALL_TRIGGER_EVENTS = [...new Set(Object.values(TRIGGER_EVENTS).flat())] as [
  TriggerEvent,
  ...TriggerEvent[],
];

/** P-5.6: these events arrive only through a runner's app-proxy. */
export const PULL_REQUEST_EVENTS: readonly TriggerEvent[] = [
  'pull_request',
  'merge_request',
  'pr:opened',
  'pr:from_ref_updated',
];

export const TRIGGER_EVENT_LABELS: Record<TriggerEvent, string> = {
  push: 'Pushes',
  pull_request: 'Pull requests',
  tag_push: 'Tag pushes',
  merge_request: 'Merge requests',
  'repo:refs_changed': 'Pushes (refs changed)',
  'pr:opened': 'Pull request opened',
  'pr:from_ref_updated': 'Pull request source branch updated',
};

/** GitLab nests groups (`group/sub/project`); the others are exactly `owner/name`. */
const REPOSITORY_SEGMENT = /^[A-Za-z0-9_.-]+$/;
export const REPOSITORY_MAX_LENGTH = 300;

/** Whether `repository` names a repository of a provider of `kind` (`owner/name`). */
export function repositoryProblem(kind: GitProviderKind, repository: string): string | undefined {
  const segments = repository.split('/');
  const nested = kind === 'gitlab';
  const shape = nested ? 'group/project (groups may nest)' : 'owner/name';
  if (segments.length < 2 || (!nested && segments.length !== 2)) {
    return `Write the repository as ${shape}.`;
  }
  if (segments.some((s) => !REPOSITORY_SEGMENT.test(s) || s === '.' || s === '..')) {
    return `Write the repository as ${shape}: letters, digits, hyphens, dots and underscores.`;
  }
  return undefined;
}

const triggerEventSchema = z.enum(ALL_TRIGGER_EVENTS, {
  error: 'Choose events the git provider sends.',
});

/** A git trigger as the API answers it. The secret is only in create and rotate answers. */
export const triggerSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  gitProvider: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(GIT_PROVIDER_KINDS),
    behindFirewall: z.boolean(),
  }),
  runner: z.object({ id: z.string(), name: z.string(), appProxy: z.boolean() }),
  repository: z.string(),
  events: z.array(triggerEventSchema),
  branchFilter: z.string().nullable(),
  modifiedFilesGlob: z.string().nullable(),
  /** Where the provider sends its webhook: `<origin>/api/hooks/<id>`. */
  webhookUrl: z.string(),
  secretRotatedAt: z.string(),
  /**
   * Goes up with every change, a rotation included; the `ETag` is `"<version>"`. Sent back as
   * `If-Match` (optional): 412 when another change came first.
   */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Who created the trigger or changed it last (a rotation too): its runs deploy only to clusters
   * this person may read. Null once they are no longer in the account: then a definition that
   * names a cluster queues nothing until someone saves the trigger again.
   */
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Trigger = z.infer<typeof triggerSchema>;

/** The answer to create and rotate: the only times the webhook secret is shown. */
export const triggerWithSecretSchema = triggerSchema.extend({ secret: z.string() });
export type TriggerWithSecret = z.infer<typeof triggerWithSecretSchema>;

export const triggerListSchema = z.object({ items: z.array(triggerSchema) });
export type TriggerList = z.infer<typeof triggerListSchema>;

const repositoryFieldSchema = z
  .string({ error: 'Give the repository as owner/name.' })
  .trim()
  .min(1, 'Give the repository as owner/name.')
  .max(REPOSITORY_MAX_LENGTH, `A repository has at most ${REPOSITORY_MAX_LENGTH} characters.`);

const eventsFieldSchema = z
  .array(triggerEventSchema)
  .min(1, 'Choose at least one event.')
  .max(10, 'Choose at most 10 events.');

/** Checked as RE2 (linear time) by the server; empty means every branch. */
const branchFilterFieldSchema = z
  .string()
  .max(500, 'A branch filter has at most 500 characters.')
  .nullable();

const modifiedFilesGlobFieldSchema = z
  .string()
  .max(500, 'A glob has at most 500 characters.')
  .nullable();

export const createTriggerRequestSchema = z.strictObject({
  gitProviderId: z.uuid({ error: 'Choose a git provider.' }),
  runnerId: z.uuid({ error: 'Choose a runner.' }),
  repository: repositoryFieldSchema,
  events: eventsFieldSchema,
  branchFilter: branchFilterFieldSchema.optional(),
  modifiedFilesGlob: modifiedFilesGlobFieldSchema.optional(),
});
export type CreateTriggerRequest = z.input<typeof createTriggerRequestSchema>;

/** Any subset; `null` clears the branch filter or the glob. */
export const updateTriggerRequestSchema = z.strictObject({
  gitProviderId: z.uuid({ error: 'Choose a git provider.' }).optional(),
  runnerId: z.uuid({ error: 'Choose a runner.' }).optional(),
  repository: repositoryFieldSchema.optional(),
  events: eventsFieldSchema.optional(),
  branchFilter: branchFilterFieldSchema.optional(),
  modifiedFilesGlob: modifiedFilesGlobFieldSchema.optional(),
});
export type UpdateTriggerRequest = z.input<typeof updateTriggerRequestSchema>;

/** `POST /api/hooks/:triggerId` when nothing was queued (202) or a run was (201). */
export const hookIgnoredSchema = z.object({ queued: z.literal(false), reason: z.string() });
export const hookQueuedSchema = z.object({
  queued: z.literal(true),
  runId: z.string(),
  number: z.number().int(),
});
export type HookIgnored = z.infer<typeof hookIgnoredSchema>;
export type HookQueued = z.infer<typeof hookQueuedSchema>;
