import { z } from 'zod';

// Apart from me.ts, whose schemas are in the app shell's bundle: these load with the Profile only.

/** One of the signed-in person's browser sessions (`GET /api/me/sessions`). */
export const sessionSchema = z.object({
  /** A public name for the session; the cookie's secret is never shown. */
  id: z.string(),
  /** Browser and system, read from the user agent ("Firefox 128 on Linux"); null when unknown. */
  device: z.string().nullable(),
  /** The client address at sign-in; null for sessions started before it was recorded. */
  address: z.string().nullable(),
  startedAt: z.string(),
  lastActiveAt: z.string(),
  /** True for the session that made this request. */
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z.object({
  items: z.array(sessionSchema),
  total: z.number().int(),
});

/** How many sessions an ending request ended. */
export const endedSessionsSchema = z.object({ ended: z.number().int() });
