import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Switch from '@mui/material/Switch';
import { useId, type ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

type FormSwitchProps<T extends FieldValues, TOutput> = {
  control: Control<T, unknown, TOutput>;
  name: Path<T>;
  label: string;
  /** What turning it on means; the field's error replaces it. */
  helperText?: ReactNode;
  disabled?: boolean;
};

/**
 * A switch bound to a boolean react-hook-form field, with its explanation read out with it
 * (`aria-describedby`) and the server's error in its place.
 *
 * @example
 * <FormSwitch control={control} name="internal" label="Internal (behind the firewall)"
 *   helperText="Only runners inside your network reach it." />
 */
export function FormSwitch<T extends FieldValues, TOutput = T>({
  control,
  name,
  label,
  helperText,
  disabled,
}: FormSwitchProps<T, TOutput>) {
  const helperId = useId();
  const { field, fieldState } = useController({ control, name });
  const help = fieldState.error?.message ?? helperText;
  return (
    <FormControl error={fieldState.invalid} disabled={disabled}>
      <FormControlLabel
        label={label}
        control={
          <Switch
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
      {help && <FormHelperText id={helperId}>{help}</FormHelperText>}
    </FormControl>
  );
}
