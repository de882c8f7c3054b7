import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RunDecisionEntry, RunState, RunStep, RunTrigger } from '../../../contract/runs';
import type { TriggerEvent } from '../../../contract/triggers';
import { pipelines } from './access';
import { accounts } from './accounts';
import { gitProviders } from './integrations';
import { users } from './users';

/**
 * Hybrid runners (P-5.4). A runner only ever connects out: it registers with the one-time
 * registration token, then polls with its credential. Both are stored as SHA-256 only.
 */
export const runners = pgTable(
  'runners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Cleared once the runner has registered: the token works once. */
    registrationTokenHash: text('registration_token_hash'),
    registrationExpiresAt: timestamp('registration_expires_at', { withTimezone: true }),
    credentialHash: text('credential_hash'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    lastPollAt: timestamp('last_poll_at', { withTimezone: true }),
    /** What the runner reports of itself at each poll. */
    runnerVersion: text('runner_version'),
    appProxy: boolean('app_proxy').notNull().default(false),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('runners_account_name_key').on(t.accountId, sql`lower(${t.name})`),
    uniqueIndex('runners_credential_hash_key').on(t.credentialHash),
    uniqueIndex('runners_registration_token_hash_key').on(t.registrationTokenHash),
  ],
);

/**
 * Git triggers (P-5.5): a webhook of one repository on one git provider that queues runs of one
 * pipeline on one runner. The secret is sealed, not hashed: GitHub and Bitbucket Server sign
 * with it, so the server needs it to check a signature.
 */
export const triggers = pgTable(
  'triggers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    gitProviderId: uuid('git_provider_id')
      .notNull()
      .references(() => gitProviders.id, { onDelete: 'cascade' }),
    /** The runner that runs what this trigger queues. */
    runnerId: uuid('runner_id')
      .notNull()
      .references(() => runners.id, { onDelete: 'cascade' }),
    /** `owner/repository`, typed by hand (a firewalled provider cannot be listed). */
    repository: text('repository').notNull(),
    /** In the provider's own names (contract/triggers.ts). */
    events: text('events').array().$type<TriggerEvent[]>().notNull(),
    /** A regular expression (RE2 syntax) the branch must match; null: every branch. */
    branchFilter: text('branch_filter'),
    /** A glob at least one modified file must match; null: any change. */
    modifiedFilesGlob: text('modified_files_glob'),
    secretSealed: text('secret_sealed').notNull(),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull(),
    /** Goes up with every change (a rotation too); backs `ETag`/`If-Match` (optional). */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * The person who created the trigger or changed it last (a rotation too): the runs its
     * webhook queues deploy only to clusters this person may read. Null once they are removed;
     * then a definition that names a cluster queues nothing (docs/decisions.md).
     */
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('triggers_pipeline_idx').on(t.pipelineId),
    index('triggers_git_provider_idx').on(t.gitProviderId),
  ],
);

/**
 * Runs of a pipeline: queued by a trigger (or, with the pipelines issue, by a person), claimed
 * by exactly one runner, then reported on step by step.
 */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    /** Per pipeline, from 1: "run 12". */
    number: integer('number').notNull(),
    state: text('state').$type<RunState>().notNull(),
    /** What queued it: `{ kind: 'webhook', triggerId, event, branch, … }` (contract/runs.ts). */
    trigger: jsonb('trigger').$type<RunTrigger>().notNull(),
    /** Only this runner may claim the run; null: any runner of the account. */
    runnerId: uuid('runner_id').references(() => runners.id, { onDelete: 'set null' }),
    claimedByRunnerId: uuid('claimed_by_runner_id').references(() => runners.id, {
      onDelete: 'set null',
    }),
    debug: boolean('debug').notNull().default(false),
    steps: jsonb('steps')
      .$type<RunStep[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Approvals and denials of its pending-approval steps (P-6.5), oldest first. */
    decisions: jsonb('decisions')
      .$type<RunDecisionEntry[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('runs_pipeline_number_key').on(t.pipelineId, t.number),
    // The queue: a poll claims the oldest queued run it may take.
    index('runs_queue_idx')
      .on(t.accountId, t.createdAt)
      .where(sql`${t.state} = 'queued'`),
  ],
);

/**
 * The delivery ids a trigger's webhook has taken (GitHub `X-GitHub-Delivery`, GitLab
 * `X-Gitlab-Event-UUID`, Bitbucket Server `X-Request-Id`), so that a delivery sent again queues
 * nothing. Kept 7 days (`HOOK_DELIVERY_MEMORY_MS`); older rows are deleted as deliveries arrive.
 */
export const hookDeliveries = pgTable(
  'hook_deliveries',
  {
    triggerId: uuid('trigger_id')
      .notNull()
      .references(() => triggers.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('hook_deliveries_trigger_delivery_key').on(t.triggerId, t.deliveryId),
    index('hook_deliveries_received_at_idx').on(t.receivedAt),
  ],
);
