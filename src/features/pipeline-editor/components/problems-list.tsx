import ErrorOutline from '@mui/icons-material/ErrorOutlineOutlined';
import WarningAmber from '@mui/icons-material/WarningAmber';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';

/** A marker of the editor, as the problems list shows it. */
export type EditorProblem = {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /** `format`: the schema or YAML itself; `reference`: a name the account does not have. */
  kind: 'format' | 'reference';
};

/** "2 problems", "No problems": the count the toolbar and the save dialog show. */
export function problemCount(problems: readonly EditorProblem[]): string {
  if (problems.length === 0) return 'No problems';
  return problems.length === 1 ? '1 problem' : `${problems.length} problems`;
}

type ProblemsListProps = {
  problems: readonly EditorProblem[];
  /** Moves the editor's cursor to the problem. */
  onSelect?: (problem: EditorProblem) => void;
};

/**
 * The editor's markers as a list of text, each one a button that moves the cursor there: what
 * the squiggles say, for everyone, screen readers included. The count is announced politely as
 * it changes; the list itself is not read out on every keystroke.
 */
export function ProblemsList({ problems, onSelect }: ProblemsListProps) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={0.5}>
      <Typography id={headingId} variant="subtitle2" component="h2">
        Problems
      </Typography>
      <Typography role="status" variant="body2" sx={{ color: 'text.secondary' }}>
        {problems.length === 0 ? 'No problems found in the definition.' : problemCount(problems)}
      </Typography>
      {problems.length > 0 && (
        <List dense disablePadding aria-labelledby={headingId}>
          {problems.map((problem) => (
            <li key={`${problem.line}:${problem.column}:${problem.message}`}>
              <ListItemButton onClick={() => onSelect?.(problem)} sx={{ py: 0.25 }}>
                <ListItemIcon sx={{ minWidth: 32 }}>
                  {problem.severity === 'error' ? (
                    <ErrorOutline fontSize="small" color="error" titleAccess="Error" />
                  ) : (
                    <WarningAmber fontSize="small" color="warning" titleAccess="Warning" />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={problem.message}
                  secondary={`Line ${problem.line}, column ${problem.column}`}
                />
              </ListItemButton>
            </li>
          ))}
        </List>
      )}
    </Stack>
  );
}
