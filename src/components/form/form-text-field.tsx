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
 * The input of a field that holds a name or an identifier typed exactly (a username, a
 * repository): no spelling check, capitals or autofill.
 *
 * @example
 * <FormTextField control={control} name="branch" label="Branch" slotProps={exactInput} />
 */
export const exactInput = {
  htmlInput: { spellCheck: false, autoCapitalize: 'none', autoComplete: 'off' },
} satisfies TextFieldProps['slotProps'];

/** As `exactInput`, in monospace: for code (an address, a certificate, a pattern). */
export const codeInput = {
  htmlInput: { ...exactInput.htmlInput, sx: { fontFamily: 'monospace' } },
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
