import { desc } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditAction, AuditTargetType } from '../../../contract/audit';
import { accounts } from './accounts';

/**
 * The audit log (P-3.5): one row per administrative change, written in the change's own
 * transaction. Rows are only ever inserted. The actor and the target are copied (names
 * included), not referenced: an entry outlives the person, token or thing it names.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The person who made the change, directly or through one of their API tokens. */
    actorUserId: uuid('actor_user_id').notNull(),
    /** The API token, when the change came through one. */
    actorTokenId: uuid('actor_token_id'),
    actorName: text('actor_name').notNull(),
    actorEmail: text('actor_email').notNull(),
    actorTokenName: text('actor_token_name'),
    action: text('action').$type<AuditAction>().notNull(),
    targetType: text('target_type').$type<AuditTargetType>().notNull(),
    targetId: uuid('target_id').notNull(),
    targetName: text('target_name').notNull(),
    /** The target's audited fields before and after, secrets redacted (see audit.service.ts). */
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
  },
  (t) => [
    // Newest first, paged: the list reads along one of these, in its order (`at` descending,
    // `id` ascending), whichever filter is set, and so never sorts the account's entries.
    index('audit_entries_account_at_idx').on(t.accountId, desc(t.at), t.id),
    index('audit_entries_account_actor_at_idx').on(t.accountId, t.actorUserId, desc(t.at), t.id),
    index('audit_entries_account_target_at_idx').on(t.accountId, t.targetId, desc(t.at), t.id),
    index('audit_entries_account_action_at_idx').on(t.accountId, t.action, desc(t.at), t.id),
    index('audit_entries_account_type_at_idx').on(t.accountId, t.targetType, desc(t.at), t.id),
  ],
);
