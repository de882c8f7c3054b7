import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { HttpProblem, fieldErrorsFromZod } from './problem';

/**
 * A router whose request validation failures answer 422 problems with per-field errors;
 * every module builds its routes on one of these.
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrorsFromZod(result.error);
        const detail =
          errors.length === 1 ? errors[0]!.message : `${errors.length} fields need attention.`;
        throw new HttpProblem(422, detail, { errors });
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
