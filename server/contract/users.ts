import { z } from 'zod';
import { displayNameSchema, emailSchema } from './auth';
import { accessLevelSchema, teamRefSchema } from './me';
import { listQuerySchema, pageOf } from './pagination';

export const userStatusSchema = z.enum(['invited', 'active']);
export type UserStatus = z.infer<typeof userStatusSchema>;

/** A person of the account as administrators see them (P-1.1). */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  level: accessLevelSchema,
  status: userStatusSchema,
  ssoProvider: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Every team the person is in, the built-in `users` and `admins` included. */
  teams: z.array(teamRefSchema),
  /** For an invited person: until when their link works. */
  invitation: z.object({ expiresAt: z.string(), expired: z.boolean() }).nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const USER_SORTS = [
  'name',
  '-name',
  'email',
  '-email',
  'level',
  '-level',
  'status',
  '-status',
  'createdAt',
  '-createdAt',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const userListQuerySchema = listQuerySchema.extend({
  /** A field to sort by; `-` in front sorts descending. */
  sort: z.enum(USER_SORTS, { error: `Sort by one of ${USER_SORTS.join(', ')}.` }).default('name'),
  level: accessLevelSchema.optional(),
  status: userStatusSchema.optional(),
  /** Only the members of this team (built-in teams included). */
  teamId: z.uuid({ error: 'Not a valid team id.' }).optional(),
  /** Only the people assigned to this SSO provider, or `none` for those assigned to none. */
  ssoProviderId: z
    .union([z.uuid(), z.literal('none')], { error: 'Give an SSO provider id, or none.' })
    .optional(),
});
export type UserListQuery = z.input<typeof userListQuerySchema>;
export type ParsedUserListQuery = z.output<typeof userListQuerySchema>;

export const userPageSchema = pageOf(userSchema);
export type UserPage = z.infer<typeof userPageSchema>;

/**
 * The columns of the people's CSV export (`GET /api/users` with `Accept: text/csv`), in order:
 * teams separated by spaces (team names hold none), `signIn` is `password` or `sso`, `status`
 * is `active`, `invited` or `invitation-expired`, `lastSignIn` the time of the last audited
 * sign-in (empty for none).
 */
export const USER_CSV_COLUMNS = [
  'name',
  'email',
  'level',
  'teams',
  'signIn',
  'ssoProvider',
  'status',
  'lastSignIn',
  'addedAt',
] as const;

/** The body of `POST /api/users`: an invitation. */
export const inviteUserRequestSchema = z.strictObject({
  email: emailSchema,
  level: accessLevelSchema.optional(),
  /** Until they accept and choose their own, the person is shown by this name (or their email). */
  name: displayNameSchema.optional(),
});
export type InviteUserRequest = z.input<typeof inviteUserRequestSchema>;

/** Whether the invitation was also mailed: only when the deployment has SMTP settings. */
export const mailOutcomeSchema = z.enum(['sent', 'failed', 'not-configured']);
export type MailOutcome = z.infer<typeof mailOutcomeSchema>;

/** An invited person with their one-time link: the answer to an invitation and to a resend. */
export const invitedUserSchema = userSchema.extend({
  invitationUrl: z.string(),
  mail: mailOutcomeSchema,
});
export type InvitedUser = z.infer<typeof invitedUserSchema>;

/** A person's one-time password-reset link, issued by an administrator (issue 19). */
export const passwordResetLinkSchema = z.object({
  resetUrl: z.string(),
  expiresAt: z.string(),
  mail: mailOutcomeSchema,
});
export type PasswordResetLink = z.infer<typeof passwordResetLinkSchema>;

export const updateUserRequestSchema = z.strictObject({
  level: accessLevelSchema.optional(),
  ssoProviderId: z.uuid({ error: 'Not a valid SSO provider id.' }).nullable().optional(),
  name: displayNameSchema.optional(),
});
export type UpdateUserRequest = z.input<typeof updateUserRequestSchema>;
