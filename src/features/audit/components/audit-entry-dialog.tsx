import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useId } from 'react';
import { AUDIT_TARGET_TYPE_LABELS, type AuditEntry } from '@contract/audit';
import { ErrorState, LoadingState } from '@/components/states';
import { pipelineHistoryPath } from '@/config/links';
import { useAuditEntry } from '../api/get-audit-entry';
import { AuditDiffTable } from './audit-diff-table';
import { describeAction, describeActor, formatWhen } from './audit-labels';
import { DetailList } from '@/components/detail-list';

type AuditEntryDialogProps = {
  /** The entry shown; the dialog is open while there is one. */
  entryId: string;
  /** The list's row for it, shown at once (a link to the entry loads it instead). */
  initial?: AuditEntry;
  onClose: () => void;
};

/**
 * The definition version a pipeline change saved (issue 20), linked to the pipeline's history
 * showing what it changed; and, for a restore, the version it brought back.
 */
function DefinitionVersion({ entry }: { entry: AuditEntry }) {
  const made = entry.after?.definitionVersion;
  if (entry.target.type !== 'pipeline' || typeof made !== 'number') return null;
  const restoredFrom = entry.after?.restoredFrom;
  return (
    <>
      <dt>Definition</dt>
      <dd>
        <Link component={RouterLink} to={pipelineHistoryPath(entry.target.id, made)}>
          Version {made}
        </Link>
        {typeof restoredFrom === 'number' ? `, restored from version ${restoredFrom}` : ''}
      </dd>
    </>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const changesId = useId();
  return (
    <>
      <DetailList wrap sx={{ mb: 3 }}>
        <dt>When</dt>
        <dd>
          <time dateTime={entry.at}>{formatWhen(entry.at)}</time>
        </dd>
        <dt>Who</dt>
        <dd>
          {describeActor(entry.actor)} ({entry.actor.email})
        </dd>
        <dt>Target</dt>
        <dd>
          {AUDIT_TARGET_TYPE_LABELS[entry.target.type]} {entry.target.name}
        </dd>
        <DefinitionVersion entry={entry} />
      </DetailList>
      <Box component="section" aria-labelledby={changesId}>
        <Typography id={changesId} variant="subtitle1" component="h3" sx={{ mb: 1 }}>
          Changes
        </Typography>
        <AuditDiffTable before={entry.before} after={entry.after} />
      </Box>
    </>
  );
}

/**
 * One audit entry: who did what to which target and when, and its before/after difference.
 * Read only: an entry cannot be edited or deleted, so the dialog offers nothing but Close.
 */
export function AuditEntryDialog({ entryId, initial, onClose }: AuditEntryDialogProps) {
  const titleId = useId();
  const entry = useAuditEntry(entryId, initial);
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <DialogTitle id={titleId}>
        {entry.data ? describeAction(entry.data) : 'Audit entry'}
      </DialogTitle>
      <DialogContent>
        {entry.data ? (
          <EntryDetails entry={entry.data} />
        ) : entry.isError ? (
          <ErrorState
            title="The audit entry could not be loaded."
            error={entry.error}
            onRetry={() => void entry.refetch()}
          />
        ) : (
          <LoadingState label="Loading the audit entry" />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
