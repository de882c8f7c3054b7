import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { RuleWithWarnings } from '@contract/access';
import { andList, readImpliedBy } from './privilege-text';

/** A rule's sentence, what it implies and its warnings (also on a team's page). */
export function RuleSentence({ rule }: { rule: RuleWithWarnings }) {
  const impliedBy = readImpliedBy(rule.privileges);
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2">{rule.sentence}</Typography>
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
