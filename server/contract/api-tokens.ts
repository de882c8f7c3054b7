import { z } from 'zod';
import { accessLevelSchema, apiTokenSchema } from './me';
import { listQuerySchema, pageOf } from './pagination';

/** Every API token of the account, as its administrators see it (issue 20): never a value. */
export const accountApiTokenSchema = apiTokenSchema.extend({
  owner: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    /** The owner's level now: an administrative token of a user acts as a user's. */
    level: accessLevelSchema,
  }),
});
export type AccountApiToken = z.infer<typeof accountApiTokenSchema>;

/** `?q=` finds a token by its name or prefix, or by its owner's name or email. */
export const accountApiTokenListQuerySchema = listQuerySchema;
export type AccountApiTokenListQuery = z.input<typeof accountApiTokenListQuerySchema>;

export const accountApiTokenPageSchema = pageOf(accountApiTokenSchema);
export type AccountApiTokenPage = z.infer<typeof accountApiTokenPageSchema>;
