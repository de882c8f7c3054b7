import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage } from './api/api-error';

/**
 * Puts a 422's per-field errors on the fields of the form they name (the problem's `path` is
 * the field name, dotted when nested), focusing the first. Returns what the person still needs
 * to be told above the form: any other failure, or field errors that name no field here.
 *
 * @example
 * onError: (error) => setFormError(applyServerErrors(error, form.setError, ['name']))
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 422 || error.fieldErrors.length === 0) {
    return errorMessage(error);
  }
  const known = new Set<string>(fields);
  let unplaced = false;
  let shouldFocus = true;
  for (const { path, message } of error.fieldErrors) {
    if (!known.has(path)) {
      unplaced = true;
      continue;
    }
    setError(path as Path<T>, { type: 'server', message }, { shouldFocus });
    shouldFocus = false;
  }
  return unplaced ? errorMessage(error) : undefined;
}
