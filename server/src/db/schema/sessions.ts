import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { users } from './users';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The double-submit value, bound to this session so a planted cookie is useless. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull(),
    /** Absolute end of life, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
    /**
     * The non-secret name of this session in the API (`/api/me/sessions/:id`). The primary key is
     * the hash of the cookie's token, which the lookup matches; it is never shown.
     */
    publicId: uuid('public_id').notNull().unique().defaultRandom(),
    /** The client address at sign-in, as lib/client-address.ts determines it. */
    address: text('address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens (`Authorization: Bearer`); the value is shown once, only its hash kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    /** `read` (GET and HEAD only) or `read-write` (issue 20). */
    // The defaults are for the previous release's code during a rolling upgrade or after a
    // rollback (docs/operations.md, "Upgrade"); this release always writes both.
    scope: text('scope', { enum: ['read', 'read-write'] })
      .notNull()
      .default('read-write'),
    /** Carries the owner's administrative rights, while the owner is an administrator. */
    administrator: boolean('administrator').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Written at most once a minute per token (auth.service.ts), not at every request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /**
     * Required since issue 20 (this release always writes it, at most a year after creation).
     * Nullable for one more release, for the previous release's code; a row without one is
     * read as expiring a year after its creation (`tokenExpiry` in me.service.ts).
     */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    index('api_tokens_user_idx').on(t.userId),
    index('api_tokens_account_idx').on(t.accountId),
  ],
);

/**
 * Failed sign-ins per key (an email or a client address). It is kept before anyone is
 * authenticated, so it belongs to no account and holds no account data.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
