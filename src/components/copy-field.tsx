import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

const COPY_MESSAGES: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied to the clipboard.',
  failed: 'The browser did not allow copying. The text is selected: copy it with your keyboard.',
};

type CopyFieldProps = {
  /** The field's label, e.g. "Token" or "Invitation link for grace@example.com". */
  label: string;
  value: string;
  /** The copy button's accessible name; "Copy <label>" when left out. */
  copyLabel?: string;
};

/**
 * A read-only value (a token, a link) with a button that copies it, and a status line that
 * says whether it worked. When the clipboard is refused, the value is selected instead.
 */
export function CopyField({ label, value, copyLabel }: CopyFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      inputRef.current?.select();
      setCopyState('failed');
    }
  };

  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label={label}
          value={value}
          inputRef={inputRef}
          fullWidth
          size="small"
          slotProps={{
            htmlInput: { readOnly: true, spellCheck: false, sx: { fontFamily: 'monospace' } },
          }}
          onFocus={(event) => event.target.select()}
        />
        <Button
          variant="outlined"
          onClick={copy}
          aria-label={copyLabel ?? `Copy ${label.toLowerCase()}`}
          sx={{ flexShrink: 0, height: 40 }}
        >
          Copy
        </Button>
      </Stack>
      <Typography role="status" variant="body2" sx={{ minHeight: '1.5em' }}>
        {COPY_MESSAGES[copyState]}
      </Typography>
    </Stack>
  );
}
