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
import { accounts } from './accounts';

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
