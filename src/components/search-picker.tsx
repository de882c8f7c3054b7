import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SxProps, Theme } from '@mui/material/styles';
import { useState, type ReactNode } from 'react';
import { useDebounced } from '@/lib/use-debounced';

/** What a search picker offers: something with an id, shown by its name. */
export type SearchChoice = { id: string; name: string };

/**
 * The text of a search picker and the search it stands for: `typed` now, `query` once typing
 * pauses (what to ask the server), and whether the list is open (search only then).
 *
 * @example
 * const field = useSearchField(value);
 * const teams = useTeamSearch(field.query, { enabled: field.open });
 */
export function useSearchField(value: SearchChoice | null, delay = 200) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  // The text of a chosen item is its name, not a search.
  const typed = value && input === value.name ? '' : input.trim();
  const query = useDebounced(typed, delay);
  return { open, setOpen, input, setInput, typed, query };
}

type SearchPickerProps<T extends SearchChoice> = {
  field: ReturnType<typeof useSearchField>;
  /** The server's last answer. */
  found: T[];
  fetching: boolean;
  value: T | null;
  onChange: (choice: T | null) => void;
  /** The text a choice is searched by, to narrow a stale answer to what was typed. */
  searchText: (choice: T) => (string | undefined)[];
  noOptionsText: string;
  /** A second line under each suggestion (an email, the tags). */
  detail?: (choice: T) => ReactNode;
  label: string;
  placeholder?: string;
  size?: 'small' | 'medium';
  autoFocus?: boolean;
  error?: string;
  helperText?: ReactNode;
  sx?: SxProps<Theme>;
};

/**
 * One item out of many, searched on the server as the person types (an account may hold
 * thousands). Until the server answers what was just typed, its last answer is narrowed here,
 * so a stale suggestion is never the one picked. The chosen item stays an option even when the
 * search no longer finds it.
 */
export function SearchPicker<T extends SearchChoice>({
  field,
  found,
  fetching,
  value,
  onChange,
  searchText,
  noOptionsText,
  detail,
  label,
  placeholder,
  size = 'medium',
  autoFocus = false,
  error,
  helperText,
  sx,
}: SearchPickerProps<T>) {
  const { typed, query } = field;
  const options =
    value && !found.some((choice) => choice.id === value.id) ? [value, ...found] : found;
  const lowered = typed.toLowerCase();
  return (
    <Autocomplete
      open={field.open}
      onOpen={() => field.setOpen(true)}
      onClose={() => field.setOpen(false)}
      options={options}
      value={value}
      onChange={(_event, choice) => onChange(choice)}
      inputValue={field.input}
      onInputChange={(_event, text) => field.setInput(text)}
      filterOptions={(list) =>
        query === typed
          ? list
          : list.filter((choice) =>
              searchText(choice).some((text) => text?.toLowerCase().includes(lowered)),
            )
      }
      getOptionLabel={(choice) => choice.name}
      getOptionKey={(choice) => choice.id}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      loading={fetching || query !== typed}
      loadingText="Searching…"
      noOptionsText={noOptionsText}
      size={size}
      sx={sx}
      renderOption={({ key, ...props }, choice) => (
        <Box component="li" key={key} {...props}>
          <Box>
            <Typography variant="body2">{choice.name}</Typography>
            {detail?.(choice) && (
              <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
                {detail(choice)}
              </Typography>
            )}
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          autoFocus={autoFocus}
          placeholder={placeholder}
          slotProps={{
            ...params.slotProps,
            inputLabel: {
              ...params.slotProps.inputLabel,
              ...(placeholder ? { shrink: true } : {}),
            },
          }}
          error={error !== undefined}
          helperText={error ?? helperText}
        />
      )}
    />
  );
}
