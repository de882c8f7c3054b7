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

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, so a person can tell their tokens apart. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenRequestSchema = z
  .object({
    name: z
      .string({ error: 'Name the token.' })
      .trim()
      .min(1, 'Name the token, for example after the script that uses it.')
      .max(100, 'A token name has at most 100 characters.'),
    /** Days until the token stops working; omitted means it never expires. */
    expiresInDays: z
      .number()
      .int('Enter a whole number of days.')
      .min(1, 'A token lives at least one day.')
      .max(API_TOKEN_MAX_DAYS, `A token lives at most ${API_TOKEN_MAX_DAYS} days.`)
      .optional(),
  })
  .strict();
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
