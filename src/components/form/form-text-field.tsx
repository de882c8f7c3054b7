import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

type FormTextFieldProps<T extends FieldValues, TOutput> = Omit<
  TextFieldProps,
  'name' | 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'error' | 'inputRef'
> & {
  /** The form's control; what the form yields on submit (`TOutput`) may differ from its values. */
  control: Control<T, unknown, TOutput>;
  name: Path<T>;
};

/**
 * The input of a field that holds code (an address, a certificate, a pattern): no spelling
 * check, capitals or autofill, in monospace.
 *
 * @example
 * <FormTextField control={control} name="domain" label="Domain" slotProps={codeInput} />
 */
export const codeInput = {
  htmlInput: {
    spellCheck: false,
    autoCapitalize: 'none',
    autoComplete: 'off',
    sx: { fontFamily: 'monospace' },
  },
} satisfies TextFieldProps['slotProps'];

/** A MUI text field bound to a react-hook-form field; its error replaces the helper text. */
export function FormTextField<T extends FieldValues, TOutput = T>({
  control,
  name,
  helperText,
  ...props
}: FormTextFieldProps<T, TOutput>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <TextField
      {...props}
      name={field.name}
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      disabled={props.disabled ?? field.disabled}
      error={fieldState.invalid}
      helperText={fieldState.error?.message ?? helperText}
    />
  );
}
