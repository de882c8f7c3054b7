import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import type { Pipeline } from '@contract/pipelines';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { toast } from '@/components/toast-store';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { formatDateTime } from '@/lib/format';
import { useAccountNames } from '../api/get-account-names';
import { pipelineModelUri } from '../lib/model-uri';
import type { InlinePipeline, SaveFailure } from '../lib/pipeline-draft';
import { CodeEditor, type CodeEditorHandle } from './code-editor';
import { MergeDialog } from './merge-dialog';
import { problemCount, ProblemsList, type EditorProblem } from './problems-list';
import { SaveDialog } from './save-dialog';
import { usePipelineDraft } from './use-pipeline-draft';

export { isInlinePipeline, type InlinePipeline } from '../lib/pipeline-draft';

function failureText(failure: SaveFailure): ReactNode {
  return 'message' in failure ? failure.message : refusalOf(failure.refusal);
}

/** The server's reasons for refusing a definition, each with its place when it gave one. */
function refusalOf(error: unknown): ReactNode {
  if (!isApiError(error, 422) || error.fieldErrors.length === 0) return errorMessage(error);
  return (
    <>
      The server refused the definition:
      <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
        {error.fieldErrors.map((problem, index) => (
          <li key={index}>
            {problem.line !== undefined &&
              `Line ${problem.line}${problem.column !== undefined ? `, column ${problem.column}` : ''}: `}
            {problem.message}
          </li>
        ))}
      </Box>
    </>
  );
}

type PipelineEditorProps = {
  pipeline: InlinePipeline;
  /** The signed-in person: drafts are kept per person. */
  personId: string;
  /** Saves `yaml` based on `version` (the API answers 412 when a newer one is stored). */
  save: (yaml: string, version: number) => Promise<Pipeline>;
  /** The pipeline as stored now, after a 412. */
  loadLatest: () => Promise<Pipeline>;
};

/**
 * The inline definition in the editor (P-6.2 – P-6.4). People with update edit and save it;
 * everyone else reads it. Unsaved edits are kept in the browser, per person and pipeline, with
 * the version they are based on; leaving with unsaved edits asks first. Saving shows the diff
 * and is based on the version the edit started from, so it never overwrites someone else's
 * save: a 412 opens the merge view.
 */
export function PipelineEditor({ pipeline, personId, save, loadLatest }: PipelineEditorProps) {
  const canEdit = pipeline.privileges.includes('update');
  const name = `${pipeline.project}/${pipeline.name}`;
  const draft = usePipelineDraft({ pipeline, personId, canEdit, save, loadLatest });
  const { state, dirty, newer, send } = draft;
  const { base, text, restoredFrom, conflict, saveOpen, draftRefused } = state;
  const failure = state.failure && failureText(state.failure);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const editor = useRef<CodeEditorHandle>(null);
  const names = useAccountNames();
  const modelUri = useMemo(() => pipelineModelUri(pipeline.id), [pipeline.id]);
  const saveUri = useMemo(() => pipelineModelUri(pipeline.id, 'save-diff'), [pipeline.id]);

  // Leaving the page with unsaved edits asks first (the draft stays in the browser either way).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && canEdit && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty || !canEdit) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, canEdit]);

  const onSave = () =>
    draft.submit((saved) =>
      toast.success(`Definition of ${name} saved as version ${saved.version}`),
    );

  const discard = () => send({ type: 'discarded' });

  return (
    <Stack spacing={2}>
      {!canEdit && (
        <Alert severity="info">
          You can read this definition but not change it: changing it needs update on this pipeline,
          which the rules of your teams do not give you.
        </Alert>
      )}
      {!pipeline.runnable.allowed && (
        <Alert severity="warning">
          {/* A definition naming a cluster the person may not read is refused on save too. */}
          {canEdit && pipeline.runnable.code !== 'cluster-not-allowed'
            ? 'You can edit and save this definition, but the pipeline cannot run now: '
            : 'The pipeline cannot run now: '}
          {pipeline.runnable.reason}
          {canEdit &&
            pipeline.runnable.code === 'cluster-not-allowed' &&
            ' It saves only once it deploys to clusters you may read.'}
        </Alert>
      )}
      {restoredFrom && dirty && (
        <Alert
          severity="info"
          action={
            <Button color="inherit" size="small" onClick={discard}>
              Discard them
            </Button>
          }
        >
          Your unsaved changes from {formatDateTime(restoredFrom)} are back in the editor. They are
          kept in this browser only until you save them.
        </Alert>
      )}
      {newer && dirty && !conflict && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={() => send({ type: 'mergeRequested' })}>
              Merge now
            </Button>
          }
        >
          Version {newer.version} was saved on {formatDateTime(newer.updatedAt)}, after you started
          editing version {base.version}. Saving will first merge your edit with it.
        </Alert>
      )}
      {draftRefused && (
        <Alert severity="warning">
          This browser refused to keep your unsaved changes (its storage is full or turned off):
          save them before you leave or reload the page.
        </Alert>
      )}
      {names.isError && (
        <Alert severity="warning">
          The account’s git providers, registries and clusters could not be loaded, so names are
          neither completed nor checked. {errorMessage(names.error)}
        </Alert>
      )}

      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        {canEdit && (
          <>
            <Button
              variant="contained"
              disabled={!dirty}
              onClick={() => send({ type: 'saveRequested' })}
            >
              Save…
            </Button>
            <Button disabled={!dirty} onClick={discard}>
              Discard changes
            </Button>
          </>
        )}
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Version {base.version}
          {canEdit && (dirty ? ' · unsaved changes' : ' · no changes')} · {problemCount(problems)}
        </Typography>
      </Stack>

      <CodeEditor
        ref={editor}
        modelUri={modelUri}
        value={text}
        readOnly={!canEdit}
        label={`Definition of pipeline ${name}, YAML${canEdit ? '' : ', read-only'}`}
        names={names.data}
        onChange={(edited) => send({ type: 'edited', text: edited })}
        onProblems={setProblems}
      />
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Ctrl+Space suggests keys and names; F8 goes to the next problem; Ctrl+. offers a fix. Tab
        indents: to leave the editor with Tab, press Ctrl+M first (⌃⇧M on a Mac), or Escape then Tab
        when a suggestion is open.
      </Typography>
      <ProblemsList
        problems={problems}
        onSelect={(problem) => editor.current?.reveal(problem.line, problem.column)}
      />

      <SaveDialog
        open={saveOpen}
        pipelineName={name}
        storedVersion={base.version}
        stored={base.yaml}
        edited={text}
        problems={problems}
        modelUri={saveUri}
        pending={draft.saving}
        failure={failure}
        onSave={onSave}
        onClose={() => send({ type: 'saveClosed' })}
      />
      {!saveOpen && failure && <Alert severity="error">{failure}</Alert>}
      {conflict && (
        <MergeDialog
          pipelineId={pipeline.id}
          pipelineName={name}
          conflict={conflict}
          names={names.data}
          onResolve={(merged) => {
            send({ type: 'mergeResolved', text: merged });
            toast.success(
              `Merged with version ${conflict.theirs.version}. Check the result, then save it.`,
            );
          }}
          onTakeTheirs={() => send({ type: 'theirsTaken' })}
          onClose={() => send({ type: 'mergeClosed' })}
        />
      )}
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Leave with unsaved changes?"
        confirmLabel="Leave"
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        Your changes to the definition of {name} are not saved. They stay in this browser and come
        back when you open the editor again, but nobody else sees them and runs use the stored
        version.
      </ConfirmDialog>
    </Stack>
  );
}
