import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import type { Pipeline } from '@contract/pipelines';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { isStale } from '@/components/resource-stale-alert';
import { toast } from '@/components/toast-store';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { formatDateTime } from '@/lib/format';
import { useAccountNames } from '../api/get-account-names';
import { readDraft, removeDraft, writeDraft } from '../lib/drafts';
import { pipelineModelUri } from '../lib/model-uri';
import { CodeEditor, type CodeEditorHandle } from './code-editor';
import { MergeDialog, type MergeConflict, type StoredDefinition } from './merge-dialog';
import { problemCount, ProblemsList, type EditorProblem } from './problems-list';
import { SaveDialog } from './save-dialog';

/** How long typing must pause before the draft is written to the browser's storage. */
const DRAFT_DELAY_MS = 400;

/** A pipeline whose definition is inline, with its text. */
export type InlinePipeline = Pipeline & { source: { type: 'inline'; yaml: string } };

export function isInlinePipeline(pipeline: Pipeline): pipeline is InlinePipeline {
  return pipeline.source.type === 'inline' && typeof pipeline.source.yaml === 'string';
}

function storedOf(pipeline: InlinePipeline): StoredDefinition {
  return { version: pipeline.version, yaml: pipeline.source.yaml, updatedAt: pipeline.updatedAt };
}

type Opening = {
  base: StoredDefinition;
  text: string;
  /** When the text is a draft put back from the browser's storage: when it was written. */
  restoredFrom?: string;
  /** A draft based on an older version than the stored one: to merge first. */
  conflict?: MergeConflict;
};

/** What the editor opens with: the stored text, or the person's unsaved draft of it. */
function openingOf(pipeline: InlinePipeline, personId: string, canEdit: boolean): Opening {
  const stored = storedOf(pipeline);
  // Someone who may no longer change it reads the stored text; their draft stays for later.
  const draft = canEdit ? readDraft(personId, pipeline.id) : undefined;
  if (!draft || draft.yaml === stored.yaml) return { base: stored, text: stored.yaml };
  if (draft.baseVersion === stored.version) {
    return { base: stored, text: draft.yaml, restoredFrom: draft.updatedAt };
  }
  // The pipeline changed since the draft was made: the draft opens on its own base, and the
  // merge view offers to bring it onto the stored version.
  const draftBase = {
    version: draft.baseVersion,
    yaml: draft.baseYaml,
    updatedAt: draft.updatedAt,
  };
  return {
    base: draftBase,
    text: draft.yaml,
    restoredFrom: draft.updatedAt,
    conflict: { base: draftBase, theirs: stored, yours: draft.yaml },
  };
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
  const opening = useMemo(
    () => openingOf(pipeline, personId, canEdit),
    // Once per pipeline: later versions are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pipeline.id, personId],
  );
  const [base, setBase] = useState(opening.base);
  const [text, setText] = useState(opening.text);
  const [restoredFrom, setRestoredFrom] = useState(opening.restoredFrom);
  const [conflict, setConflict] = useState(opening.conflict);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [failure, setFailure] = useState<ReactNode>();
  const [draftRefused, setDraftRefused] = useState(false);
  const editor = useRef<CodeEditorHandle>(null);
  const update = useMutation({
    mutationFn: ({ yaml, version }: { yaml: string; version: number }) => save(yaml, version),
  });
  const names = useAccountNames();
  const dirty = text !== base.yaml;
  const modelUri = useMemo(() => pipelineModelUri(pipeline.id), [pipeline.id]);
  const saveUri = useMemo(() => pipelineModelUri(pipeline.id, 'save-diff'), [pipeline.id]);

  // Keep the edit in the browser while typing pauses, and at once when the page goes away (a
  // reload, a closed tab, leaving the editor); forget it once it matches the stored text.
  const pendingDraft = useRef<() => void>(undefined);
  useEffect(() => {
    pendingDraft.current = undefined;
    if (!canEdit) return;
    if (!dirty) {
      removeDraft(personId, pipeline.id);
      return;
    }
    const write = () => {
      pendingDraft.current = undefined;
      setDraftRefused(
        !writeDraft(personId, pipeline.id, {
          baseVersion: base.version,
          baseYaml: base.yaml,
          yaml: text,
        }),
      );
    };
    pendingDraft.current = write;
    const timer = setTimeout(write, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [canEdit, dirty, personId, pipeline.id, base, text]);
  useEffect(() => {
    const flush = () => pendingDraft.current?.();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  // A newer version arrived (someone saved, and the page refetched): without an edit in
  // progress the editor takes it; with one, it says so and saving merges first.
  const newer = pipeline.version > base.version ? storedOf(pipeline) : undefined;
  if (newer && !dirty) {
    setBase(newer);
    setText(newer.yaml);
  }

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

  const startMerge = (theirs: StoredDefinition) => setConflict({ base, theirs, yours: text });

  const onSave = () => {
    setFailure(undefined);
    update.mutate(
      { yaml: text, version: base.version },
      {
        onSuccess: (saved) => {
          setSaveOpen(false);
          removeDraft(personId, pipeline.id);
          setBase({ version: saved.version, yaml: text, updatedAt: saved.updatedAt });
          setRestoredFrom(undefined);
          toast.success(`Definition of ${name} saved as version ${saved.version}`);
        },
        onError: (error) => {
          if (!isStale(error)) {
            setFailure(refusalOf(error));
            return;
          }
          void loadLatest().then(
            (latest) => {
              if (isInlinePipeline(latest)) {
                setSaveOpen(false);
                startMerge(storedOf(latest));
              } else {
                setFailure(
                  'Someone changed where this definition comes from while you were editing: it is no longer inline. Your edit is still in the editor and in this browser; copy what you need.',
                );
              }
            },
            (reloadError: unknown) => setFailure(errorMessage(reloadError)),
          );
        },
      },
    );
  };

  const resolveMerge = (merged: string, theirs: StoredDefinition) => {
    setConflict(undefined);
    setBase(theirs);
    setText(merged);
    toast.success(`Merged with version ${theirs.version}. Check the result, then save it.`);
  };

  const takeTheirs = (theirs: StoredDefinition) => {
    setConflict(undefined);
    setBase(theirs);
    setText(theirs.yaml);
    removeDraft(personId, pipeline.id);
  };

  const discard = () => {
    setText(base.yaml);
    setRestoredFrom(undefined);
    removeDraft(personId, pipeline.id);
  };

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
            <Button color="inherit" size="small" onClick={() => startMerge(newer)}>
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
              onClick={() => {
                setFailure(undefined);
                if (newer) startMerge(newer);
                else setSaveOpen(true);
              }}
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
        onChange={setText}
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
        pending={update.isPending}
        failure={failure}
        onSave={onSave}
        onClose={() => setSaveOpen(false)}
      />
      {!saveOpen && failure && <Alert severity="error">{failure}</Alert>}
      {conflict && (
        <MergeDialog
          pipelineId={pipeline.id}
          pipelineName={name}
          conflict={conflict}
          names={names.data}
          onResolve={(merged) => resolveMerge(merged, conflict.theirs)}
          onTakeTheirs={() => takeTheirs(conflict.theirs)}
          onClose={() => setConflict(undefined)}
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
