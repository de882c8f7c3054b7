import SearchIcon from '@mui/icons-material/Search';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
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

  return (
    <TextField
      type="search"
      label={label}
      value={text}
      size="small"
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') search(text);
      }}
      slotProps={{
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
      sx={{ minWidth: { sm: 280 } }}
    />
  );
}
