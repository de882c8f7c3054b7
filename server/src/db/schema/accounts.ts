import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** P-3.1; 15 minutes to 30 days. */
  idleTimeoutMinutes: integer('idle_timeout_minutes').notNull().default(60),
  /** P-1.8: when not empty, only addresses at these domains may be invited. */
  invitationDomains: text('invitation_domains')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});
