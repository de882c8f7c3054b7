import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from './constants';

/** Emails are compared case-insensitively, so they are stored and matched lower-cased. */
export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
  .transform((value) => value.toLowerCase());

export const displayNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'A name has at most 100 characters.');

/** A new password: long rather than complicated (NIST SP 800-63B). */
export const newPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(256, 'Use at most 256 characters.');

export const setupRequestSchema = z.strictObject({
  email: emailSchema,
  name: displayNameSchema,
  password: newPasswordSchema,
  /** Shown in the app bar; defaults to the administrator's email domain. */
  accountName: z
    .string()
    .trim()
    .min(1, 'Enter the account name, or leave it out.')
    .max(100, 'An account name has at most 100 characters.')
    .optional(),
  /**
   * The server's setup token, when `GET /api/auth/setup` says one is required: from
   * PERIMETER_SETUP_TOKEN, or the line the server printed in its log at start.
   */
  setupToken: z.string().max(200, 'A setup token has at most 200 characters.').optional(),
});
export type SetupRequest = z.input<typeof setupRequestSchema>;

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  // Existing passwords are checked, not judged: no length rule beyond a sane cap.
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(256, 'Use at most 256 characters.'),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

/** What an anonymous visitor may know: whether the first administrator still has to be created. */
export const setupStatusSchema = z.object({
  needsSetup: z.boolean(),
  /** Whether creating the first administrator takes the server's setup token. */
  setupTokenRequired: z.boolean(),
  /**
   * Whether "Forgot your password?" can mail a link (the server has SMTP settings); when not,
   * the sign-in page sends people to an administrator for a reset link.
   */
  passwordResetByMail: z.boolean(),
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/** What the invited person sees before choosing a password. */
export const invitationSchema = z.object({
  email: z.string(),
  name: z.string(),
  accountName: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const acceptInvitationRequestSchema = z.strictObject({
  password: newPasswordSchema,
  /** The name to be known by; the one the administrator typed is kept when left out. */
  name: displayNameSchema.optional(),
});
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequestSchema>;

/** The `:token` of an invitation link (its fragment). */
export const invitationTokenParamSchema = z.object({
  token: z.string().min(1).max(200),
});

/** The new password a reset link sets (the link's token is in the path). */
export const resetPasswordRequestSchema = z.strictObject({ password: newPasswordSchema });
export type ResetPasswordRequest = z.input<typeof resetPasswordRequestSchema>;

/** "Forgot your password?": the address to mail a reset link to, if it has an account. */
export const requestPasswordResetSchema = z.strictObject({ email: emailSchema });
export type RequestPasswordReset = z.input<typeof requestPasswordResetSchema>;

/** The one answer to a reset request, whether or not the address has an account. */
export const passwordResetRequestedSchema = z.object({ detail: z.string() });
export type PasswordResetRequested = z.infer<typeof passwordResetRequestedSchema>;
