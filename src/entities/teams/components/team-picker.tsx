import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useState, type ReactNode } from 'react';
import { useTeamSearch } from '../api/get-teams';
import { useDebounced } from '@/lib/use-debounced';

export type TeamChoice = { id: string; name: string };

type TeamPickerProps = {
  label: string;
  value: TeamChoice | null;
  onChange: (team: TeamChoice | null) => void;
  /** Leave out the built-in `admins` (rules are never written for it, P-2.5). */
  withoutAdmins?: boolean;
  error?: string;
  helperText?: ReactNode;
  size?: 'small' | 'medium';
  autoFocus?: boolean;
  /** Shown while no team is chosen (a filter: "Any team"). */
  placeholder?: string;
};

/**
 * One team of the account, searched on the server as the person types (an account may have
 * hundreds of teams).
 */
export function TeamPicker({
  label,
  value,
  onChange,
  withoutAdmins = false,
  error,
  helperText,
  size = 'medium',
  autoFocus = false,
  placeholder,
}: TeamPickerProps) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  // The text of a chosen team is its name, not a search.
  const typed = value && input === value.name ? '' : input.trim();
  const query = useDebounced(typed, 200);
  const teams = useTeamSearch(query, { enabled: open });
  const found = (teams.data?.items ?? [])
    .filter((team) => !(withoutAdmins && team.builtIn && team.name === 'admins'))
    .map(({ id, name }) => ({ id, name }));
  const options = value && !found.some((team) => team.id === value.id) ? [value, ...found] : found;

  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={value}
      onChange={(_event, team) => onChange(team)}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      // Until the server answers what was just typed, its last answer is narrowed here.
      filterOptions={(teams) =>
        query === typed
          ? teams
          : teams.filter((team) => team.name.toLowerCase().includes(typed.toLowerCase()))
      }
      getOptionLabel={(team) => team.name}
      getOptionKey={(team) => team.id}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      loading={teams.isFetching || query !== typed}
      loadingText="Searching…"
      noOptionsText={query ? `No team matches “${query}”.` : 'No teams.'}
      size={size}
      sx={{ minWidth: 220 }}
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
