import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import type { InputBaseComponentProps } from '@mui/material/InputBase';
import OutlinedInput from '@mui/material/OutlinedInput';
import type { SxProps, Theme } from '@mui/material/styles';
import { forwardRef, useId, type ComponentProps, type ReactNode } from 'react';

type SelectFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The `<option>` elements. */
  children: ReactNode;
  sx?: SxProps<Theme>;
};

/** The element OutlinedInput renders instead of its `<input>`; the options come as children. */
const NativeSelect = forwardRef<HTMLSelectElement, InputBaseComponentProps>(
  function NativeSelect(props, ref) {
    return <select ref={ref} {...(props as ComponentProps<'select'>)} />;
  },
);

/**
 * A small outlined native select, as `<TextField select size="small" slotProps={{ select:
 * { native: true } }}>` draws it, without TextField: TextField brings MUI's Select (with its
 * menu, popover and modal) and the filled and standard inputs into every screen that uses it,
 * even for a native select, and NativeSelect brings the standard input. The label always sits
 * above, since the first option may be empty.
 *
 * @example
 * <SelectField label="Tag" value={tag} onChange={setTag}>
 *   <option value="">Any tags</option>
 * </SelectField>
 */
export function SelectField({ label, value, onChange, children, sx }: SelectFieldProps) {
  const id = useId();
  return (
    <FormControl size="small" sx={sx}>
      <InputLabel htmlFor={id} id={`${id}-label`} shrink>
        {label}
      </InputLabel>
      <OutlinedInput
        id={id}
        label={label}
        notched
        value={value}
        onChange={(event) => onChange(event.target.value)}
        inputComponent={NativeSelect}
        inputProps={{ children }}
        endAdornment={<ArrowDropDownIcon />}
        // What NativeSelect's outlined variant draws: its own caret, room for it, dark options.
        sx={{
          pr: 0,
          '& select': { appearance: 'none', cursor: 'pointer', pr: 4 },
          '& option': { bgcolor: 'background.paper' },
          '& svg': {
            position: 'absolute',
            right: 7,
            pointerEvents: 'none',
            color: 'action.active',
          },
        }}
      />
    </FormControl>
  );
}
