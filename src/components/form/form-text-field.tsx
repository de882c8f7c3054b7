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
