import { OpenAPIHono } from '@hono/zod-openapi';
import type { FieldError } from '../../contract/problem';
import type { AppEnv } from './context';
import { HttpProblem, fieldErrorsFromZod } from './problem';
import { findRefusedText, type TextKind } from './text-input';

/** Where each validated part of a request may carry line breaks (lib/text-input.ts). */
const TEXT_KIND: Record<string, TextKind> = {
  json: 'multi-line',
  form: 'multi-line',
  query: 'single-line',
  param: 'single-line',
  header: 'single-line',
  cookie: 'single-line',
};

/**
 * A router whose request validation failures answer 422 problems with per-field errors;
 * every module builds its routes on one of these.
 *
 * The hook also refuses, in every validated part of every route (query, path, headers, body),
 * text that no field can hold (a NUL, an unpaired surrogate, a control character): on success it
 * looks at what the handler would get, on failure at what was sent, so the answer names such a
 * field even when other fields are wrong too. A route must not pass a hook of its own (lint).
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  // eslint-disable-next-line no-restricted-syntax -- the one place routers are built
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      // @hono/zod-validator hands the hook the value sent when validation fails (its own Hook
      // type says so; this package's type leaves it out), the parsed value when it succeeds.
      const { data } = result as { data?: unknown };
      const refused = findRefusedText(data, TEXT_KIND[result.target] ?? 'single-line');
      if (result.success && refused.length === 0) return;
      const named = new Set(refused.map((error) => error.path));
      const errors: FieldError[] = [
        ...refused,
        ...(result.success
          ? []
          : fieldErrorsFromZod(result.error).filter((error) => !named.has(error.path))),
      ];
      const detail =
        errors.length === 1 ? errors[0]!.message : `${errors.length} fields need attention.`;
      throw new HttpProblem(422, detail, { errors });
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
