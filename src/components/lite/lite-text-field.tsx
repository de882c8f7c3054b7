import { useId, type InputHTMLAttributes } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

type LiteTextFieldProps<T extends FieldValues> = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'name' | 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'id'
> & {
  control: Control<T>;
  name: Path<T>;
  label: string;
  helperText?: string;
};

/**
 * A labelled text input bound to a react-hook-form field, for the pages built without MUI;
 * its error replaces the helper text and is announced with the field.
 */
export function LiteTextField<T extends FieldValues>({
  control,
  name,
  label,
  helperText,
  ...inputProps
}: LiteTextFieldProps<T>) {
  const id = useId();
  const helperId = `${id}-helper`;
  const {
    field: { ref, value, onChange, onBlur },
    fieldState,
  } = useController({ control, name });
  const message = fieldState.error?.message ?? helperText;
  return (
    <div className="pm-field">
      <label htmlFor={id} className="pm-label">
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        className="pm-input"
        name={name}
        value={value ?? ''}
        onChange={onChange}
        onBlur={onBlur}
        ref={ref}
        aria-invalid={fieldState.invalid}
        aria-describedby={message ? helperId : undefined}
      />
      {message && (
        <p id={helperId} className="pm-helper" data-error={fieldState.invalid || undefined}>
          {message}
        </p>
      )}
    </div>
  );
}
