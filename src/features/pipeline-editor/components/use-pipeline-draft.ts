import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Pipeline } from '@contract/pipelines';
import { isStale } from '@/components/resource-stale-alert';
import { errorMessage } from '@/lib/api/api-error';
import { readDraft, removeDraft, writeDraft } from '../lib/drafts';
import {
  caughtUp,
  isDirty,
  isInlinePipeline,
  newerOf,
  openDraft,
  pipelineDraftReducer,
  storedOf,
  type InlinePipeline,
  type PipelineDraftEvent,
} from '../lib/pipeline-draft';

/** How long typing must pause before the draft is written to the browser's storage. */
const DRAFT_DELAY_MS = 400;

const NO_LONGER_INLINE =
  'Someone changed where this definition comes from while you were editing: it is no longer inline. Your edit is still in the editor and in this browser; copy what you need.';

type UsePipelineDraftOptions = {
  pipeline: InlinePipeline;
  /** The signed-in person: drafts are kept per person. */
  personId: string;
  /** Someone who may not change it reads the stored text; their draft stays for later. */
  canEdit: boolean;
  /** Saves `yaml` based on `version` (the API answers 412 when a newer one is stored). */
  save: (yaml: string, version: number) => Promise<Pipeline>;
  /** The pipeline as stored now, after a 412. */
  loadLatest: () => Promise<Pipeline>;
};

/**
 * The editor's draft of an inline definition: the state of `pipelineDraftReducer`, caught up
 * with the pipeline as the page has it now, kept in the browser's storage while typing pauses
 * (and at once when the page goes away), and saved based on the version it started from. The
 * draft opens once per mount: the page mounts one editor per pipeline.
 *
 * @example
 * const draft = usePipelineDraft({ pipeline, personId, canEdit, save, loadLatest });
 * <CodeEditor value={draft.state.text} onChange={(text) => draft.send({ type: 'edited', text })} />
 */
export function usePipelineDraft({
  pipeline,
  personId,
  canEdit,
  save,
  loadLatest,
}: UsePipelineDraftOptions) {
  const { version, updatedAt } = pipeline;
  const { yaml } = pipeline.source;
  const current = useMemo(() => ({ version, yaml, updatedAt }), [version, yaml, updatedAt]);
  const [reduced, dispatch] = useReducer(pipelineDraftReducer, undefined, () =>
    openDraft(storedOf(pipeline), canEdit ? readDraft(personId, pipeline.id) : undefined),
  );
  const state = caughtUp(reduced, current);
  const dirty = isDirty(state);
  const send = useCallback(
    (event: PipelineDraftEvent) => dispatch({ ...event, current }),
    [current],
  );

  // Keep the edit in the browser while typing pauses, and at once when the page goes away (a
  // reload, a closed tab, leaving the editor); forget it once it matches the stored text.
  const pendingDraft = useRef<() => void>(undefined);
  const { base, text } = state;
  useEffect(() => {
    pendingDraft.current = undefined;
    if (!canEdit) return;
    if (!dirty) {
      removeDraft(personId, pipeline.id);
      return;
    }
    const write = () => {
      pendingDraft.current = undefined;
      const kept = writeDraft(personId, pipeline.id, {
        baseVersion: base.version,
        baseYaml: base.yaml,
        yaml: text,
      });
      send({ type: 'draftKept', refused: !kept });
    };
    pendingDraft.current = write;
    const timer = setTimeout(write, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [canEdit, dirty, personId, pipeline.id, base, text, send]);
  useEffect(() => {
    const flush = () => pendingDraft.current?.();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  const update = useMutation({
    mutationFn: ({ yaml, version }: { yaml: string; version: number }) => save(yaml, version),
  });

  /** Sends the edit based on its version; `onSaved` says so once it is stored. */
  const submit = (onSaved: (saved: Pipeline) => void) => {
    send({ type: 'saveStarted' });
    update.mutate(
      { yaml: text, version: base.version },
      {
        onSuccess: (saved) => {
          send({
            type: 'saved',
            stored: { version: saved.version, yaml: text, updatedAt: saved.updatedAt },
          });
          onSaved(saved);
        },
        onError: (error) => {
          if (!isStale(error)) {
            send({ type: 'saveFailed', failure: { refusal: error } });
            return;
          }
          void loadLatest().then(
            (latest) =>
              send(
                isInlinePipeline(latest)
                  ? { type: 'saveStale', latest: storedOf(latest) }
                  : { type: 'saveFailed', failure: { message: NO_LONGER_INLINE } },
              ),
            (reloadError: unknown) =>
              send({ type: 'saveFailed', failure: { message: errorMessage(reloadError) } }),
          );
        },
      },
    );
  };

  return {
    state,
    dirty,
    /** The stored version when someone saved one after the edit's base. */
    newer: newerOf(state, current),
    saving: update.isPending,
    send,
    submit,
  };
}
