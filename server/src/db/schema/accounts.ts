import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
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
  /** Rules are numbered from it and numbers are never reused: "rule 4" keeps one meaning. */
  lastRuleNumber: integer('last_rule_number').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});
