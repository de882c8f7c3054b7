import { z } from 'zod';
import { IDLE_TIMEOUT_MAX_MINUTES, IDLE_TIMEOUT_MIN_MINUTES } from './constants';
import { planSchema } from './me';

const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** An email domain, as people write it: `example.com` (a leading `@` is forgiven). */
export const emailDomainSchema = z
  .string({ error: 'Enter a domain.' })
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^@/, ''))
  .pipe(z.string().regex(DOMAIN, 'Enter a domain such as example.com.'));

export const accountSettingsSchema = z.object({
  name: z.string(),
  /** A deployment setting (PERIMETER_PLAN); shown, not changed, here. */
  plan: planSchema,
  /** P-1.8: when not empty, only these domains may be invited. */
  invitationDomains: z.array(z.string()),
  /** Whether invitations are also mailed (the deployment has SMTP settings) or only shown. */
  mailDelivery: z.enum(['smtp', 'none']),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;

export const updateAccountSettingsRequestSchema = z.strictObject({
  invitationDomains: z
    .array(emailDomainSchema)
    .max(100, 'List at most 100 domains.')
    .transform((domains) => [...new Set(domains)]),
});
export type UpdateAccountSettingsRequest = z.input<typeof updateAccountSettingsRequestSchema>;

/** `GET /api/settings/security`: the idle timeout (P-3.1) and who set it last, when. */
export const securitySettingsSchema = z.object({
  /** A session with no activity for this long is ended, in the browser and on the server. */
  idleTimeoutMinutes: z.number().int(),
  /** When an administrator last changed it; null while it is the default. */
  updatedAt: z.string().nullable(),
  /** Who did; null while it is the default, or once that person is removed. */
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

/** The body of `PUT /api/settings/security`: whole minutes, 15 minutes to 30 days (P-3.1). */
export const updateSecuritySettingsRequestSchema = z.strictObject({
  idleTimeoutMinutes: z
    .number({ error: 'Enter the idle timeout as a number of minutes.' })
    .int({ error: 'Enter the idle timeout as a whole number of minutes.', abort: true })
    .min(
      IDLE_TIMEOUT_MIN_MINUTES,
      `The idle timeout is at least ${IDLE_TIMEOUT_MIN_MINUTES} minutes.`,
    )
    .max(
      IDLE_TIMEOUT_MAX_MINUTES,
      `The idle timeout is at most 30 days (${IDLE_TIMEOUT_MAX_MINUTES.toLocaleString('en')} minutes).`,
    ),
});
export type UpdateSecuritySettingsRequest = z.input<typeof updateSecuritySettingsRequestSchema>;
