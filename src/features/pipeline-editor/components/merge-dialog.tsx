import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { AccountNames } from '@domain/pipeline-references';
import { formatDateTime } from '@/lib/format';
import { CONFLICT_MARKERS, hasConflictMarkers } from '../lib/merge';
import { pipelineModelUri } from '../lib/model-uri';
import type { MergeConflict } from '../lib/pipeline-draft';
import { CodeEditor } from './code-editor';
import { DiffView } from './diff-view';

type MergeDialogProps = {
  pipelineId: string;
  pipelineName: string;
  conflict: MergeConflict;
  names: AccountNames | undefined;
  /** The person settled the merge: the editor takes `text`, now based on `theirs`. */
  onResolve: (text: string) => void;
  /** The person drops their edit for the stored version. */
  onTakeTheirs: () => void;
  /** Back to the editor, with the edit as it was (saving opens this again). */
  onClose: () => void;
};

function Pane({ title, children }: { title: string; children: React.ReactNode }) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={1} sx={{ minWidth: 0 }}>
      <Typography id={headingId} variant="subtitle1" component="h3">
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

/**
 * When someone else saved the definition while a person was editing it (412, or a draft based
 * on an older version): a three-way view. What they changed and what you changed, each from the
 * base both started from, and below an editable result with both sides' changes merged line by
 * line; where both changed the same lines, both are kept between conflict markers to settle by
 * hand. Nothing is saved from here: the result goes back to the editor, based on their version,
 * and is saved through the diff as any edit.
 */
export function MergeDialog({
  pipelineId,
  pipelineName,
  conflict,
  names,
  onResolve,
  onTakeTheirs,
  onClose,
}: MergeDialogProps) {
  const titleId = useId();
  const { base, theirs, yours, merged } = conflict;
  const [result, setResult] = useState(merged.text);
  const unsettled = hasConflictMarkers(result);
  const uri = (pane: string) => pipelineModelUri(pipelineId, `merge-${theirs.version}-${pane}`);

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullScreen>
      <DialogTitle id={titleId}>
        Merge your edit of {pipelineName} with version {theirs.version}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="info">
            Version {theirs.version} was saved on {formatDateTime(theirs.updatedAt)}, after you
            started editing version {base.version}. Nothing was overwritten: your edit is below,
            merged with theirs.
          </Alert>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
            }}
          >
            <Pane title={`Their changes (version ${base.version} → ${theirs.version})`}>
              <DiffView
                modelUri={uri('theirs')}
                original={base.yaml}
                modified={theirs.yaml}
                originalLabel={`Base: version ${base.version} (read-only)`}
                modifiedLabel={`Theirs: version ${theirs.version} (read-only)`}
                inline
                height="30vh"
              />
            </Pane>
            <Pane title={`Your changes (version ${base.version} → your edit)`}>
              <DiffView
                modelUri={uri('yours')}
                original={base.yaml}
                modified={yours}
                originalLabel={`Base: version ${base.version} (read-only)`}
                modifiedLabel="Yours: your edit (read-only)"
                inline
                height="30vh"
              />
            </Pane>
          </Box>
          <Pane title="Result">
            <Typography variant="body2" role="status">
              {merged.conflicts === 0
                ? 'Both sets of changes merged without overlap. Check the result, then use it.'
                : unsettled
                  ? `${merged.conflicts === 1 ? 'One place' : `${merged.conflicts} places`} where you both changed the same lines: keep what should stay between ${CONFLICT_MARKERS.yours} and ${CONFLICT_MARKERS.theirs}, and delete the marker lines.`
                  : 'Every overlap is settled. Check the result, then use it.'}
            </Typography>
            <CodeEditor
              modelUri={uri('result')}
              value={result}
              readOnly={false}
              label={`Merged definition of ${pipelineName}, editable`}
              names={names}
              onChange={setResult}
              height="35vh"
            />
          </Pane>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Back to my edit</Button>
        <Button onClick={onTakeTheirs}>Drop my edit, keep version {theirs.version}</Button>
        <Button variant="contained" disabled={unsettled} onClick={() => onResolve(result)}>
          Use the result
        </Button>
      </DialogActions>
    </Dialog>
  );
}
