import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ConnectionTestResult, GitProviderKind } from '../../../contract/integrations';
import type { RepositoryRestriction } from '../../../contract/restrictions';
import { accounts } from './accounts';
import { users } from './users';

/**
 * Git providers (P-5.1). `name` is what pipelines write as `git: <name>`. Credentials are stored
 * sealed (lib/secret-box.ts) and never leave the server.
 */
export const gitProviders = pgTable(
  'git_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<GitProviderKind>().notNull(),
    baseUrl: text('base_url').notNull(),
    /** The sealed credentials; null when none were given. */
    credentialsSealed: text('credentials_sealed'),
    onPremise: boolean('on_premise').notNull().default(false),
    /** Only meaningful for on-premise providers; always false otherwise. */
    behindFirewall: boolean('behind_firewall').notNull().default(false),
    /** The last "Test connection" and what it found. */
    lastTest: jsonb('last_test').$type<ConnectionTestResult>(),
    /**
     * P-4.3: which definitions may be loaded from it; null allows everything. Patterns are kept
     * as written (P-4.4) and compiled by RE2 when used.
     */
    restrictRepositories: jsonb('restrict_repositories').$type<RepositoryRestriction>(),
    restrictBranches: text('restrict_branches'),
    restrictPaths: text('restrict_paths'),
    /** Goes up with every change of the restrictions; backs their own `ETag`/`If-Match`. */
    restrictionsVersion: integer('restrictions_version').notNull().default(1),
    restrictionsUpdatedAt: timestamp('restrictions_updated_at', { withTimezone: true }),
    restrictionsUpdatedBy: uuid('restrictions_updated_by').references(() => users.id, {
      onDelete: 'set null',
    }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('git_providers_account_name_key').on(t.accountId, sql`lower(${t.name})`)],
);

/** Container registries (P-5.2). `name` is what push steps write as `registry: <name>`. */
export const registries = pgTable(
  'registries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    domain: text('domain').notNull(),
    credentialsSealed: text('credentials_sealed'),
    behindFirewall: boolean('behind_firewall').notNull().default(false),
    lastTest: jsonb('last_test').$type<ConnectionTestResult>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('registries_account_name_key').on(t.accountId, sql`lower(${t.name})`)],
);
