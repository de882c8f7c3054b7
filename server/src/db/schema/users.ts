import { sql } from 'drizzle-orm';
import {
  boolean,
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
import type { SsoProviderType } from '../../../contract/sso-providers';
import { TRIGRAM_INDEX_OPTIONS } from '../../lib/sql';
// accounts and users reference each other; drizzle reads a reference through a callback, after
// both modules have loaded.
// eslint-disable-next-line import-x/no-cycle
import { accounts } from './accounts';

/**
 * The account's SSO providers (P-1.1): people are assigned to one. `config` holds the
 * connection details that may be shown; the secret (an OIDC client secret, an LDAP bind
 * password) is write-only, never leaves the server, and is stored sealed (lib/secret-box.ts).
 */
export const ssoProviders = pgTable(
  'sso_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').$type<SsoProviderType>().notNull(),
    /** Strings, and LDAP's `startTls` flag. */
    config: jsonb('config').$type<Record<string, string | boolean>>().notNull(),
    /** Whether an SSO identity with an unknown email creates a person (within the domains). */
    createPeople: boolean('create_people').notNull().default(false),
    /** The sealed secret; null when the type has none or none was given. */
    secretSealed: text('secret_sealed'),
    /**
     * Where the secret was kept in plain text before it was sealed (issue 15). Nothing writes it
     * any more: at start, before listening, the server seals what it finds here into
     * `secret_sealed` and empties it (sealPlaintextSsoSecrets). A later migration may drop it.
     */
    plaintextSecret: text('secret'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Names are told apart as people read them: "Okta" and "okta" are one provider.
    uniqueIndex('sso_providers_account_name_key').on(t.accountId, sql`lower(${t.name})`),
    check('sso_providers_type_check', sql`${t.type} in ('oidc', 'saml', 'ldap')`),
  ],
);

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
    /** P-1.1: the SSO provider the person signs in with, or none. */
    ssoProviderId: uuid('sso_provider_id').references(() => ssoProviders.id, {
      onDelete: 'set null',
    }),
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
    // The people list sorts by name by default; 10,000 people must page without a sort step.
    index('users_account_name_idx').on(t.accountId, sql`lower(${t.name})`, t.id),
    index('users_sso_provider_idx').on(t.ssoProviderId),
    // The people search (`?q=`, ilike '%…%' on name or email) through pg_trgm.
    index('users_name_trgm_idx')
      .using('gin', t.name.op('gin_trgm_ops'))
      .with(TRIGRAM_INDEX_OPTIONS),
    index('users_email_trgm_idx')
      .using('gin', t.email.op('gin_trgm_ops'))
      .with(TRIGRAM_INDEX_OPTIONS),
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

/**
 * The one-time link of an invited person (P-1.2). Only the SHA-256 of the token is kept; a
 * new link (resend) replaces the old one. The row stays after acceptance, so that a second use
 * of the link can be told apart from a link that never existed.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invitations_user_key').on(t.userId),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
  ],
);

/**
 * A person's password-reset link (issue 19): one per person, replaced when a new one is issued,
 * so only the latest link works. Only the token's hash is kept; `used_at` marks it spent.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** The administrator who issued it; null when the person asked for it themselves. */
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('password_resets_user_key').on(t.userId),
    uniqueIndex('password_resets_token_hash_key').on(t.tokenHash),
  ],
);

/**
 * Team sync (issue 19): the members of an IdP group belong to a team. A team named by any
 * mapping is managed by its provider: sign-ins through it add and remove its members, and
 * manual membership changes are refused.
 */
export const ssoGroupMappings = pgTable(
  'sso_group_mappings',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => ssoProviders.id, { onDelete: 'cascade' }),
    /** As the identity provider names it (an OIDC claim value, a SAML attribute value, an LDAP group's cn or DN). */
    groupName: text('group_name').notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.groupName, t.teamId] }),
    index('sso_group_mappings_team_idx').on(t.teamId),
  ],
);

/**
 * A browser sign-in through OIDC or SAML that has been started and not yet come back. The id is
 * the SHA-256 of the random value the browser holds in a cookie (and, for OIDC, of the `state`);
 * the row is deleted when the callback uses it, so a response can be used once.
 */
export const ssoSignIns = pgTable(
  'sso_sign_ins',
  {
    id: text('id').primaryKey(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => ssoProviders.id, { onDelete: 'cascade' }),
    /** OIDC: the nonce and PKCE verifier; SAML: the AuthnRequest's ID (InResponseTo). */
    nonce: text('nonce'),
    codeVerifier: text('code_verifier'),
    requestId: text('request_id'),
    /** The console path to come back to. */
    returnTo: text('return_to').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sso_sign_ins_request_key').on(t.requestId)],
);
