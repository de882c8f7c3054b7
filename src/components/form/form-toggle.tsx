import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Switch from '@mui/material/Switch';
import { useId, type ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

export type FormToggleProps<T extends FieldValues, TOutput> = {
  control: Control<T, unknown, TOutput>;
  name: Path<T>;
  label: string;
  /** What turning it on means, read out with it; the field's error replaces it. */
  helperText?: ReactNode;
  disabled?: boolean;
};

const CONTROLS = { checkbox: Checkbox, switch: Switch };

/**
 * A boolean react-hook-form field as a checkbox (a yes-or-no choice) or a switch (a setting
 * that is on or off), with its explanation attached to it (`aria-describedby`) and the
 * server's error in its place. `FormCheckbox` and `FormSwitch` are its two faces.
 */
export function FormToggle<T extends FieldValues, TOutput = T>({
  as,
  control,
  name,
  label,
  helperText,
  disabled,
}: FormToggleProps<T, TOutput> & { as: keyof typeof CONTROLS }) {
  const helperId = useId();
  const { field, fieldState } = useController({ control, name });
  const help = fieldState.error?.message ?? helperText;
  const Control = CONTROLS[as];
  return (
    <FormControl error={fieldState.invalid} disabled={disabled}>
      <FormControlLabel
        label={label}
        control={
          <Control
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
        <FormHelperText id={helperId} sx={as === 'checkbox' ? { mt: 0 } : undefined}>
          {help}
        </FormHelperText>
      )}
    </FormControl>
  );
}
