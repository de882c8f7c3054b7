import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { RuleWithWarnings } from '@contract/access';
import { andList, readImpliedBy } from './privilege-text';

/** Notes longer than this are cut to two lines until the administrator asks for the rest. */
const NOTE_SHOWN_WHOLE = 140;

/** The rule's note: two lines at most, with a button that shows the rest of a longer one. */
function RuleNote({ note }: { note: string }) {
  const [whole, setWhole] = useState(false);
  const id = useId();
  const long = note.length > NOTE_SHOWN_WHOLE || note.includes('\n');
  return (
    <Box>
      <Typography
        id={id}
        variant="body2"
        sx={{
          color: 'text.secondary',
          whiteSpace: 'pre-line',
          overflowWrap: 'anywhere',
          ...(long && !whole
            ? {
                display: '-webkit-box',
                WebkitLineClamp: 2,
                WebkitBoxOrient: 'vertical',
                overflow: 'hidden',
              }
            : {}),
        }}
      >
        <Box component="span" sx={{ fontWeight: 500 }}>
          Note:
        </Box>{' '}
        {note}
      </Typography>
      {long && (
        <Button
          size="small"
          aria-expanded={whole}
          aria-controls={id}
          onClick={() => setWhole(!whole)}
          sx={{ px: 0.5, minWidth: 0 }}
        >
          {whole ? 'Show less' : 'Show the whole note'}
        </Button>
      )}
    </Box>
  );
}

/** A rule's sentence, its note, what it implies and its warnings (also on a team's page). */
export function RuleSentence({ rule }: { rule: RuleWithWarnings }) {
  const impliedBy = readImpliedBy(rule.privileges);
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2">{rule.sentence}</Typography>
      {rule.note && <RuleNote note={rule.note} />}
      {rule.impliedPrivileges.length > 0 && (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Also grants {andList(rule.impliedPrivileges)}
          {impliedBy.length > 0 ? `, implied by ${andList(impliedBy)}` : ''}.
        </Typography>
      )}
      {rule.warnings.map((warning) => (
        <Alert key={warning.kind} severity="warning" role="note" sx={{ py: 0 }}>
          {warning.message}
        </Alert>
      ))}
    </Stack>
  );
}
