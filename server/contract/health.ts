import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

/** `GET /api/health/live`: the process answers; nothing else is asked. */
export const livenessSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
});
export type Liveness = z.infer<typeof livenessSchema>;

/**
 * `GET /api/health/ready`: whether this server should be sent traffic. `migrations` is `done`
 * when the database records this version's last migration, `pending` when it answers with an
 * older schema, `unknown` when it does not answer.
 */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'unready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['done', 'pending', 'unknown']),
  version: z.string(),
});
export type Readiness = z.infer<typeof readinessSchema>;
