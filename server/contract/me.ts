import { z } from 'zod';
import { displayNameSchema, newPasswordSchema } from './auth';
import { API_TOKEN_MAX_DAYS } from './constants';

export const accessLevelSchema = z.enum(['user', 'administrator']);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

export const planSchema = z.enum(['free', 'pro', 'enterprise']);
export type Plan = z.infer<typeof planSchema>;

/** The person's own email notification settings (P-1.1): theirs to change at any level. */
export const notificationSettingsSchema = z.object({
  buildFailed: z.boolean(),
  buildSucceeded: z.boolean(),
  approvalPending: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const teamRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
});
export type TeamRef = z.infer<typeof teamRefSchema>;

export const accountSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  plan: planSchema,
  idleTimeoutMinutes: z.number().int(),
  /** Which pipeline-definition sources are on (P-4.2): the create dialog offers only those. */
  pipelineSources: z.object({ inline: z.boolean(), git: z.boolean(), url: z.boolean() }),
});

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  level: accessLevelSchema,
  teams: z.array(teamRefSchema),
  notifications: notificationSettingsSchema,
  account: accountSummarySchema,
});
export type Me = z.infer<typeof meSchema>;

export const updateMeRequestSchema = z
  .object({
    name: displayNameSchema.optional(),
    notifications: notificationSettingsSchema.partial().optional(),
  })
  .strict();
export type UpdateMeRequest = z.input<typeof updateMeRequestSchema>;

/** What a token may do: `read` is GET and HEAD only; `read-write` is everything its owner may. */
export const apiTokenScopeSchema = z.enum(['read', 'read-write']);
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, so a person can tell their tokens apart. */
  prefix: z.string(),
  scope: apiTokenScopeSchema,
  /**
   * Whether the token carries its owner's administrative rights. They hold only while the owner
   * is an administrator: checked at every use, so a demoted owner's token acts as a user.
   */
  administrator: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Every token expires, at most a year after its creation (issue 20). */
  expiresAt: z.string(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenRequestSchema = z
  .object({
    name: z
      .string({ error: 'Name the token.' })
      .trim()
      .min(1, 'Name the token, for example after the script that uses it.')
      .max(100, 'A token name has at most 100 characters.'),
    scope: z
      .enum(apiTokenScopeSchema.options, {
        error: 'Choose what the token may do: read, or read and write.',
      })
      .describe('`read`: GET and HEAD only. `read-write`: whatever the owner may do.'),
    /** Administrators only: without it, an administrator's token acts as a user's. */
    administrator: z.boolean().default(false),
    /** Days until the token stops working. Give this or `expiresAt`. */
    expiresInDays: z
      .number()
      .int('Enter a whole number of days.')
      .min(1, 'A token lives at least one day.')
      .max(API_TOKEN_MAX_DAYS, `A token lives at most ${API_TOKEN_MAX_DAYS} days.`)
      .optional(),
    /**
     * When the token stops working: in the future, at most a year away (the server checks it
     * against its clock). Or `expiresInDays`.
     */
    expiresAt: z.iso.datetime({ offset: true, error: 'Enter a date and time.' }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.expiresInDays === undefined && value.expiresAt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresInDays'],
        message: 'Choose when the token expires: every token does, within a year.',
      });
    }
    if (value.expiresInDays !== undefined && value.expiresAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: 'Give either a number of days or a date, not both.',
      });
    }
  });
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;

/** The answer to a token's creation: the only time its value is ever shown. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const apiTokenListSchema = z.object({
  items: z.array(apiTokenSchema),
  total: z.number().int(),
});

/** A person changes their own password: the current one proves it is them (P-1.1, issue 19). */
export const changePasswordRequestSchema = z.strictObject({
  // Checked, not judged: any length the sign-in form takes.
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(256, 'Use at most 256 characters.'),
  newPassword: newPasswordSchema,
});
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;
