import { desc, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Privilege, ResourceType, TagMatch } from '../../../contract/access';
import type { PipelineSourceType } from '../../../contract/pipeline-sources';
import { tagsText, TRIGRAM_INDEX_OPTIONS } from '../../lib/sql';
import { accounts } from './accounts';
import { gitProviders } from './integrations';
import { teams, users } from './users';

const tagsColumn = () =>
  text('tags')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);

/**
 * Every distinct tag set an account's clusters and pipelines carry (issue 17). Readability depends
 * only on a resource's tags, so a person's access is decided once per tag set, in memory, and a
 * list filters on `tag_set_id` (one hashed lookup a row) instead of testing every row's tags
 * against every tag of the person's rules. Rows are only ever added, by the `tag_set_of` trigger
 * of migration 0011 (never by the application), which also keeps `tag_set_counts`; a set no
 * resource carries any more is harmless and stays.
 */
export const tagSets = pgTable(
  'tag_sets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Clusters' and pipelines' sets apart: a person's filter on one kind tests that kind's. */
    resourceType: text('resource_type').$type<ResourceType>().notNull(),
    tags: text('tags').array().notNull(),
  },
  (t) => [
    uniqueIndex('tag_sets_account_type_tags_key').on(t.accountId, t.resourceType, t.tags),
    check('tag_sets_resource_type_check', sql`${t.resourceType} in ('cluster', 'pipeline')`),
  ],
);

/**
 * How many tag sets an account has and the highest id among them, kept by the same trigger in
 * the transaction that adds a set: what a server checks its kept sets against, in one row.
 */
export const tagSetCounts = pgTable('tag_set_counts', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  sets: integer('sets').notNull(),
  lastId: integer('last_id').notNull(),
});

/**
 * The tag set of a resource's `tags`: set by the `tag_set_of` trigger on every insert and every
 * change of tags, so never null in a saved row (the application does not write it).
 */
const tagSetColumn = () => integer('tag_set_id').references(() => tagSets.id);

/**
 * Kubernetes clusters (P-2.1). `tags` is sorted and without repeats; the GIN index serves the
 * access filter (`tags && …`, `tags @> …`) of every list.
 */
export const clusters = pgTable(
  'clusters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tags: tagsColumn(),
    tagSetId: tagSetColumn(),
    /**
     * The connection (P-5.3), set through the "custom provider": any Kubernetes reachable at an
     * API server URL. Null until an administrator sets it. The service-account token is sealed.
     */
    apiServerUrl: text('api_server_url'),
    caCertificate: text('ca_certificate'),
    serviceAccountTokenSealed: text('service_account_token_sealed'),
    /** Behind the firewall: only runners inside the network reach it. */
    internal: boolean('internal').notNull().default(false),
    /** Goes up with every change; backs `ETag`/`If-Match` (optional for clusters). */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('clusters_account_name_key').on(t.accountId, sql`lower(${t.name})`),
    index('clusters_tags_idx').using('gin', t.tags),
    index('clusters_account_tag_set_idx').on(t.accountId, t.tagSetId),
    // `?q=` (ilike '%…%') through pg_trgm: the expressions are searchOf's, exactly.
    index('clusters_name_trgm_idx')
      .using('gin', t.name.op('gin_trgm_ops'))
      .with(TRIGRAM_INDEX_OPTIONS),
    index('clusters_tags_text_trgm_idx')
      .using('gin', sql`${tagsText(t.tags)} gin_trgm_ops`)
      .with(TRIGRAM_INDEX_OPTIONS),
  ],
);

/**
 * Pipelines (P-2.1), known as `project/name`; `version` backs `ETag`/`If-Match`. The definition's
 * source (P-4.1) is `source_type` and the columns of that type; the others stay null.
 */
export const pipelines = pgTable(
  'pipelines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    project: text('project').notNull(),
    tags: tagsColumn(),
    tagSetId: tagSetColumn(),
    sourceType: text('source_type').$type<PipelineSourceType>().notNull().default('inline'),
    inlineYaml: text('inline_yaml'),
    /** Null for other sources, and once the provider is deleted (the pipeline cannot run). */
    gitProviderId: uuid('git_provider_id').references(() => gitProviders.id, {
      onDelete: 'set null',
    }),
    gitRepository: text('git_repository'),
    gitBranch: text('git_branch'),
    gitPath: text('git_path'),
    sourceUrl: text('source_url'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('pipelines_source_type_check', sql`${t.sourceType} in ('inline', 'git', 'url')`),
    // Turning a source off counts and lists its pipelines; a provider's restrictions, its own.
    index('pipelines_account_source_idx').on(t.accountId, t.sourceType),
    index('pipelines_git_provider_idx').on(t.gitProviderId),
    uniqueIndex('pipelines_account_project_name_key').on(
      t.accountId,
      sql`lower(${t.project})`,
      sql`lower(${t.name})`,
    ),
    // The list sorts by name by default; 20,000 pipelines must page without a sort step.
    index('pipelines_account_name_idx').on(t.accountId, sql`lower(${t.name})`, t.id),
    // …and by project or by time: a page walks the index and stops, even through the access
    // filter, instead of sorting every readable pipeline for twenty.
    index('pipelines_account_project_idx').on(
      t.accountId,
      sql`lower(${t.project})`,
      sql`lower(${t.name})`,
    ),
    index('pipelines_account_updated_idx').on(t.accountId, t.updatedAt, t.id),
    index('pipelines_tags_idx').using('gin', t.tags),
    // The access filter (by tag set): a person's count reads this index alone.
    index('pipelines_account_tag_set_idx').on(t.accountId, t.tagSetId),
    // `?q=` (ilike '%…%') through pg_trgm: the expressions are searchOf's, exactly.
    index('pipelines_name_trgm_idx')
      .using('gin', t.name.op('gin_trgm_ops'))
      .with(TRIGRAM_INDEX_OPTIONS),
    index('pipelines_project_trgm_idx')
      .using('gin', t.project.op('gin_trgm_ops'))
      .with(TRIGRAM_INDEX_OPTIONS),
    index('pipelines_tags_text_trgm_idx')
      .using('gin', sql`${tagsText(t.tags)} gin_trgm_ops`)
      .with(TRIGRAM_INDEX_OPTIONS),
  ],
);

/**
 * Every saved inline definition of a pipeline (issue 20): version `n` counts from 1 per pipeline,
 * written in the transaction of the save that set the text, and only when the text changed.
 * `(pipeline_id, n)` is the key, and a save holds the pipeline's row lock, so two saves at once
 * cannot both write the same `n`. Who saved it is null when unknown (a version made before
 * history was kept, with no audit entry to say) or once that person is removed.
 */
export const pipelineDefinitionVersions = pgTable(
  'pipeline_definition_versions',
  {
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    definition: text('definition').notNull(),
    /** SHA-256 of the text, hex: what the audit log records of the definition. */
    digest: text('digest').notNull(),
    lines: integer('lines').notNull(),
    savedBy: uuid('saved_by').references(() => users.id, { onDelete: 'set null' }),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The key, and the list (newest first) reads along it backwards.
    primaryKey({ name: 'pipeline_definition_versions_pkey', columns: [t.pipelineId, t.n] }),
    index('pipeline_definition_versions_saved_by_idx').on(t.savedBy),
  ],
);

/** Access rules (P-2.2 – P-2.4): who (a team), what (privileges), where (tags). */
export const accessRules = pgTable(
  'access_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Per account, in the order rules were written: "rule 4". */
    number: integer('number').notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    resourceType: text('resource_type').$type<ResourceType>().notNull(),
    privileges: text('privileges').array().$type<Privilege[]>().notNull(),
    tags: text('tags').array().notNull(),
    tagMatch: text('tag_match').$type<TagMatch>().notNull().default('any'),
    /** Why the rule exists, in the administrator's words (issue 20); null for none. */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('access_rules_account_number_key').on(t.accountId, t.number),
    index('access_rules_team_idx').on(t.teamId),
    /** The rules list sorted by "last changed" (`?sort=-updatedAt`) walks this, newest first. */
    index('access_rules_account_updated_idx').on(t.accountId, desc(t.updatedAt), t.number),
    check('access_rules_resource_type_check', sql`${t.resourceType} in ('cluster', 'pipeline')`),
    check('access_rules_tag_match_check', sql`${t.tagMatch} in ('any', 'all')`),
  ],
);
