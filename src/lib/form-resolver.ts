import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, FieldPath, FieldValues, Resolver } from 'react-hook-form';
import type { ZodType } from 'zod';

/** A field the form must refuse although the body is valid, and why. */
export type FieldRefusal<T extends FieldValues> = {
  name: FieldPath<T>;
  type: string;
  message: string;
};

/** `errors` with `refusal` at its (possibly nested) path, leaving the other errors as they are. */
function withRefusal<T extends FieldValues>(
  errors: FieldErrors<T>,
  { name, type, message }: FieldRefusal<T>,
): FieldErrors<T> {
  const keys = name.split('.');
  const leaf = keys.pop() ?? name;
  const root: Record<string, unknown> = { ...errors };
  let level = root;
  for (const key of keys) {
    const next = { ...(level[key] as object | undefined) };
    level[key] = next;
    level = next as Record<string, unknown>;
  }
  level[leaf] = { type, message };
  return root as FieldErrors<T>;
}

/**
 * A resolver that validates the request body the form would send, not its values, with the
 * contract's schema (create or update, as the caller chooses), so its error paths are the
 * form's field names. `refuse` says before saving what the server would refuse although the
 * body is valid, such as a new address with the old credentials.
 *
 * @example
 * const resolver = requestBodyResolver<RegistryFormValues, RegistryRequest>(
 *   registry ? updateRegistryRequestSchema : createRegistryRequestSchema,
 *   (values) => requestBodyOf(values, registry),
 * );
 */
export function requestBodyResolver<T extends FieldValues, TRequest>(
  schema: ZodType,
  requestBodyOf: (values: T) => unknown,
  refuse?: (values: T) => FieldRefusal<T> | undefined,
): Resolver<T, unknown, TRequest> {
  const validate = zodResolver(schema as ZodType<TRequest, FieldValues>) as unknown as Resolver<
    FieldValues,
    unknown,
    TRequest
  >;
  return async (values, context, options) => {
    const result = (await validate(
      requestBodyOf(values) as FieldValues,
      context,
      options as unknown as Parameters<typeof validate>[2],
    )) as unknown as Awaited<ReturnType<Resolver<T, unknown, TRequest>>>;
    const refusal = refuse?.(values);
    if (!refusal) return result;
    return { values: {}, errors: withRefusal(result.errors, refusal) };
  };
}
