import type { FieldValues } from 'react-hook-form';
import { FormToggle, type FormToggleProps } from './form-toggle';

/**
 * A checkbox bound to a boolean react-hook-form field, for a choice that is a yes or no
 * rather than on or off (then `FormSwitch`).
 *
 * @example
 * <FormCheckbox control={control} name="createPeople" label="Create people on first sign-in"
 *   helperText="Within the invitation domains." />
 */
export function FormCheckbox<T extends FieldValues, TOutput = T>(
  props: FormToggleProps<T, TOutput>,
) {
  return <FormToggle as="checkbox" {...props} />;
}
