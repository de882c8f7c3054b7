import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useDebounced } from '@/lib/use-debounced';
import { usePeopleSearch } from '../api/search-people';

/** A person as a picker holds one: a filter named in the address may know only id and name. */
export type PersonChoice = { id: string; name: string; email?: string };

type PersonPickerProps = {
  value: PersonChoice | null;
  onChange: (person: PersonChoice | null) => void;
  /** What the empty field stands for ("Anyone" in a filter). */
  placeholder?: string;
  size?: 'small' | 'medium';
};

const SEARCH_DEBOUNCE_MS = 250;

const contains = (text: string, ...values: (string | undefined)[]) =>
  values.some((value) => value?.toLowerCase().includes(text.toLowerCase()));

/**
 * One person of the account, searched on the server (by name or email) as the person types:
 * an account may have 10,000 people. The one picker of the console, for the explainer and the
 * audit log's person filter.
 *
 * @example
 * <PersonPicker value={person} onChange={setPerson} placeholder="Anyone" size="small" />
 */
export function PersonPicker({
  value,
  onChange,
  placeholder = 'Search by name or email',
  size = 'medium',
}: PersonPickerProps) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  // The text of a chosen person is their name, not a search.
  const typed = value && input === value.name ? '' : input.trim();
  const query = useDebounced(typed, SEARCH_DEBOUNCE_MS);
  const people = usePeopleSearch(query, { enabled: open });
  const found: PersonChoice[] = (people.data?.items ?? []).map(({ id, name, email }) => ({
    id,
    name,
    email,
  }));
  const options = value && !found.some((p) => p.id === value.id) ? [value, ...found] : found;

  return (
    <Autocomplete
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={options}
      value={value}
      onChange={(_event, person) => onChange(person)}
      inputValue={input}
      onInputChange={(_event, text) => setInput(text)}
      // The server searches; until it answers what was just typed, its last answer is
      // narrowed here, so a stale suggestion is never the one picked.
      filterOptions={(list) =>
        query === typed ? list : list.filter((p) => contains(typed, p.name, p.email))
      }
      getOptionLabel={(person) => person.name}
      getOptionKey={(person) => person.id}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      loading={people.isFetching || query !== typed}
      loadingText="Searching…"
      noOptionsText={query ? `No one in the account matches “${query}”.` : 'No people found.'}
      size={size}
      sx={{ minWidth: 240, flex: 1 }}
      renderOption={({ key, ...props }, person) => (
        <Box component="li" key={key} {...props}>
          <Box>
            <Typography variant="body2">{person.name}</Typography>
            {person.email && (
              <Typography variant="caption" component="div" sx={{ color: 'text.secondary' }}>
                {person.email}
              </Typography>
            )}
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Person"
          placeholder={placeholder}
          slotProps={{
            ...params.slotProps,
            inputLabel: { ...params.slotProps.inputLabel, shrink: true },
          }}
        />
      )}
    />
  );
}
