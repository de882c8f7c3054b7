import { z } from 'zod';

/** `:id` path parameters: every resource id is a UUID. */
export const idParamSchema = z.object({
  id: z.uuid({ error: 'Not a valid id.' }),
});
