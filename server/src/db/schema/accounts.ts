import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
// accounts and users reference each other; drizzle reads a reference through a callback, after
// both modules have loaded.
// eslint-disable-next-line import-x/no-cycle
import { users } from './users';

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** P-3.1; 15 minutes to 30 days. */
  idleTimeoutMinutes: integer('idle_timeout_minutes').notNull().default(60),
  /** When and by whom the idle timeout was last set; null while it is the default. */
  idleTimeoutUpdatedAt: timestamp('idle_timeout_updated_at', { withTimezone: true }),
  idleTimeoutUpdatedBy: uuid('idle_timeout_updated_by').references((): AnyPgColumn => users.id, {
    onDelete: 'set null',
  }),
  /** P-1.8: when not empty, only addresses at these domains may be invited. */
  invitationDomains: text('invitation_domains')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** P-4.2: the three pipeline-definition sources, each allowed or not. */
  inlineSourceEnabled: boolean('inline_source_enabled').notNull().default(true),
  gitSourceEnabled: boolean('git_source_enabled').notNull().default(true),
  urlSourceEnabled: boolean('url_source_enabled').notNull().default(true),
  /** When and by whom the switches were last changed; null while they are the default. */
  pipelineSourcesUpdatedAt: timestamp('pipeline_sources_updated_at', { withTimezone: true }),
  pipelineSourcesUpdatedBy: uuid('pipeline_sources_updated_by').references(
    (): AnyPgColumn => users.id,
    { onDelete: 'set null' },
  ),
  /** Rules are numbered from it and numbers are never reused: "rule 4" keeps one meaning. */
  lastRuleNumber: integer('last_rule_number').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});
