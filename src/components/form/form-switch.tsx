import type { FieldValues } from 'react-hook-form';
import { FormToggle, type FormToggleProps } from './form-toggle';

/**
 * A switch bound to a boolean react-hook-form field, for a setting that is on or off.
 *
 * @example
 * <FormSwitch control={control} name="internal" label="Internal (behind the firewall)"
 *   helperText="Only runners inside your network reach it." />
 */
export function FormSwitch<T extends FieldValues, TOutput = T>(props: FormToggleProps<T, TOutput>) {
  return <FormToggle as="switch" {...props} />;
}
