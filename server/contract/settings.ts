import { z } from 'zod';
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
