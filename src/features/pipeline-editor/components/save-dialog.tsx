import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { DiffView } from './diff-view';
import { problemCount, type EditorProblem } from './problems-list';

type SaveDialogProps = {
  open: boolean;
  pipelineName: string;
  /** The stored version the edit is based on. */
  storedVersion: number;
  stored: string;
  edited: string;
  problems: readonly EditorProblem[];
  modelUri: string;
  pending: boolean;
  /** Why the last attempt failed, when it did (the server's problems, in words). */
  failure?: ReactNode;
  onSave: () => void;
  onClose: () => void;
};

/**
 * Save, step two: what will change, as Monaco's diff of the stored version against the edit,
 * before anything is sent. The save is based on the stored version shown: when someone else
 * saved meanwhile the server refuses it (412) and the editor opens the merge view instead.
 */
export function SaveDialog({
  open,
  pipelineName,
  storedVersion,
  stored,
  edited,
  problems,
  modelUri,
  pending,
  failure,
  onSave,
  onClose,
}: SaveDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="xl"
    >
      <DialogTitle id={titleId}>Save the definition of {pipelineName}?</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography>
            On the left, version {storedVersion} as stored; on the right, your edit. F7 goes to the
            next change.
          </Typography>
          {open && (
            <DiffView
              modelUri={modelUri}
              original={stored}
              modified={edited}
              originalLabel={`Version ${storedVersion} as stored (read-only)`}
              modifiedLabel="Your edit (read-only here)"
            />
          )}
          {problems.length > 0 && (
            <Alert severity="warning">
              The editor still marks {problemCount(problems).toLowerCase()}. The server refuses a
              definition that breaks the pipeline format; a name the account does not have (as far
              as you can see) is saved, but a run will fail on it.
            </Alert>
          )}
          {failure && <Alert severity="error">{failure}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending} autoFocus>
          Keep editing
        </Button>
        <Button onClick={onSave} variant="contained" loading={pending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
