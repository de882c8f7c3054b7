import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import { useId, type ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

type FormCheckboxProps<T extends FieldValues, TOutput> = {
  control: Control<T, unknown, TOutput>;
  name: Path<T>;
  label: string;
  /** What ticking it means, read out with it; the field's error replaces it. */
  helperText?: ReactNode;
  disabled?: boolean;
};

/**
 * A checkbox bound to a boolean react-hook-form field, with its explanation attached to it
 * (`aria-describedby`), as `FormSwitch` for a choice that is a yes or no rather than on or off.
 *
 * @example
 * <FormCheckbox control={control} name="createPeople" label="Create people on first sign-in"
 *   helperText="Within the invitation domains." />
 */
export function FormCheckbox<T extends FieldValues, TOutput = T>({
  control,
  name,
  label,
  helperText,
  disabled,
}: FormCheckboxProps<T, TOutput>) {
  const helperId = useId();
  const { field, fieldState } = useController({ control, name });
  const help = fieldState.error?.message ?? helperText;
  return (
    <FormControl error={fieldState.invalid} disabled={disabled}>
      <FormControlLabel
        label={label}
        control={
          <Checkbox
            name={field.name}
            checked={field.value === true}
            onChange={(_event, checked) => field.onChange(checked)}
            onBlur={field.onBlur}
            slotProps={{
              input: {
                ref: field.ref,
                'aria-describedby': help ? helperId : undefined,
                'aria-invalid': fieldState.invalid || undefined,
              },
            }}
          />
        }
      />
      {help && (
        <FormHelperText id={helperId} sx={{ mt: 0 }}>
          {help}
        </FormHelperText>
      )}
    </FormControl>
  );
}
