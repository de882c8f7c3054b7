import { sql } from 'drizzle-orm';
import {
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AccessLevel, NotificationSettings } from '../../../contract/me';
import { accounts } from './accounts';

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  buildFailed: true,
  buildSucceeded: false,
  approvalPending: true,
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Stored lower-cased; sign-in is by email alone, so it is unique in the deployment. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    level: text('level').$type<AccessLevel>().notNull().default('user'),
    status: text('status').$type<'invited' | 'active'>().notNull().default('invited'),
    /** scrypt, `scrypt$N$r$p$salt$hash`; null until the invitation is accepted. */
    passwordHash: text('password_hash'),
    notifications: jsonb('notifications')
      .$type<NotificationSettings>()
      .notNull()
      .default(DEFAULT_NOTIFICATIONS),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_account_idx').on(t.accountId),
    check('users_level_check', sql`${t.level} in ('user', 'administrator')`),
    check('users_status_check', sql`${t.status} in ('invited', 'active')`),
  ],
);

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** `users` and `admins` (P-1.5): their members follow from the people, never stored. */
    builtIn: text('built_in').$type<'users' | 'admins'>(),
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex('teams_account_name_key').on(t.accountId, t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.userId),
  ],
);
