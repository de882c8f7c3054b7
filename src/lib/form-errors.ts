import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage } from './api/api-error';

/**
 * Puts a 422's per-field errors on the fields of the form they name (the problem's `path` is
 * the field name, dotted when nested), focusing the first; a field keeps the first message
 * given for it. Returns what the person still needs to be told above the form: any other
 * failure, or field errors that name no field here.
 *
 * `fields` lists the form's fields, or, where the request's paths differ from them, maps a
 * problem's path to the field it belongs to (`undefined`: none here).
 *
 * @example
 * onError: (error) => setFormError(applyServerErrors(error, form.setError, ['name']))
 * // A rule inside a preview request, whose team is chosen in the form's `team` field:
 * applyServerErrors(error, setError, (path) => (path === 'rule.teamId' ? 'team' : undefined))
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[] | ((path: string) => Path<T> | undefined),
): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 422 || error.fieldErrors.length === 0) {
    return errorMessage(error);
  }
  const fieldOf =
    typeof fields === 'function'
      ? fields
      : (path: string) => (fields.includes(path as Path<T>) ? (path as Path<T>) : undefined);
  const placed = new Set<string>();
  let unplaced = false;
  for (const { path, message } of error.fieldErrors) {
    const field = fieldOf(path);
    if (field === undefined) {
      unplaced = true;
      continue;
    }
    if (placed.has(field)) continue;
    setError(field, { type: 'server', message }, { shouldFocus: placed.size === 0 });
    placed.add(field);
  }
  return unplaced ? errorMessage(error) : undefined;
}
