import SearchIcon from '@mui/icons-material/Search';
import FormControl from '@mui/material/FormControl';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import OutlinedInput from '@mui/material/OutlinedInput';
import { useEffect, useId, useState } from 'react';
import { useNavigation } from 'react-router';

const DEBOUNCE_MS = 300;

type SearchFieldProps = {
  label: string;
  /** The search in effect (from the URL). */
  value: string;
  /** Called with the trimmed text once the person pauses typing, or presses Enter. */
  onSearch: (text: string) => void;
};

/**
 * A search box that asks the server only when the person pauses typing, and follows the search
 * in effect when it changes elsewhere (Back, a link), without undoing what is being typed.
 */
export function SearchField({ label, value, onSearch }: SearchFieldProps) {
  const [text, setText] = useState(value);
  const [sent, setSent] = useState(value);
  const [outside, setOutside] = useState(value);
  const navigation = useNavigation();
  const id = useId();
  if (value !== outside) {
    setOutside(value);
    if (value !== sent) {
      setText(value);
      setSent(value);
    }
  }

  const search = (raw: string) => {
    const trimmed = raw.trim();
    setSent(trimmed);
    if (trimmed !== value) onSearch(trimmed);
  };

  useEffect(() => {
    // A person who typed and then followed a link is leaving: a late search would cancel that.
    if (text.trim() === sent || navigation.state !== 'idle') return undefined;
    const timer = setTimeout(() => search(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  // FormControl, InputLabel and OutlinedInput are what TextField renders here; TextField itself
  // would bring MUI's Select, menu and modal into every list screen (see select-field.tsx).
  return (
    <FormControl size="small" sx={{ minWidth: { sm: 280 } }}>
      <InputLabel htmlFor={id} id={`${id}-label`}>
        {label}
      </InputLabel>
      <OutlinedInput
        id={id}
        type="search"
        label={label}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') search(text);
        }}
        startAdornment={
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        }
      />
    </FormControl>
  );
}
