import type { FieldValues } from 'react-hook-form';
import { FormTextField } from './form-text-field';

type WriteOnlyFieldProps<T extends FieldValues, TOutput> = Omit<
  Parameters<typeof FormTextField<T, TOutput>>[0],
  'type' | 'autoComplete'
>;

/**
 * A write-only secret (token, password): a password field that starts empty, since the API
 * never answers the secret, only whether it is set. Its helper text says which.
 *
 * @example
 * <WriteOnlyField control={control} name="credentials.password" label="Password or token"
 *   helperText="Set — leave empty to keep it." />
 */
export function WriteOnlyField<T extends FieldValues, TOutput = T>(
  props: WriteOnlyFieldProps<T, TOutput>,
) {
  return (
    <FormTextField
      fullWidth
      {...props}
      type="password"
      // Never the administrator's own saved password, whatever the browser would offer.
      autoComplete="new-password"
    />
  );
}
