import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
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
import { teams } from './users';

const tagsColumn = () =>
  text('tags')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);

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
    index('pipelines_tags_idx').using('gin', t.tags),
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('access_rules_account_number_key').on(t.accountId, t.number),
    index('access_rules_team_idx').on(t.teamId),
    check('access_rules_resource_type_check', sql`${t.resourceType} in ('cluster', 'pipeline')`),
    check('access_rules_tag_match_check', sql`${t.tagMatch} in ('any', 'all')`),
  ],
);
