import type { Pipeline } from '@contract/pipelines';
import type { Draft } from './drafts';
import { mergeDefinitions, type MergeOutcome } from './merge';

/** A pipeline whose definition is inline, with its text. */
export type InlinePipeline = Pipeline & { source: { type: 'inline'; yaml: string } };

export function isInlinePipeline(pipeline: Pipeline): pipeline is InlinePipeline {
  return pipeline.source.type === 'inline' && typeof pipeline.source.yaml === 'string';
}

/** A stored version of the definition. */
export type StoredDefinition = { version: number; yaml: string; updatedAt: string };

export function storedOf(pipeline: InlinePipeline): StoredDefinition {
  return { version: pipeline.version, yaml: pipeline.source.yaml, updatedAt: pipeline.updatedAt };
}

/** Someone else saved while the person was editing: the three texts, and their merge. */
export type MergeConflict = {
  /** The stored version the person's edit started from. */
  base: StoredDefinition;
  /** The version stored now, saved by someone else. */
  theirs: StoredDefinition;
  /** The person's edit. */
  yours: string;
  /** Both sides' changes, line by line; where both changed the same lines, between markers. */
  merged: MergeOutcome;
};

/** Why the last save failed: the server's refusal (shown with its problems), or a sentence. */
export type SaveFailure = { refusal: unknown } | { message: string };

/** The person's edit of an inline definition, and where saving it stands. */
export type PipelineDraftState = {
  /** The stored version the edit is based on (a save sends its version). */
  base: StoredDefinition;
  /** The edit; unsaved changes when it differs from the base. */
  text: string;
  /** When the edit is a draft put back from the browser's storage: when it was written. */
  restoredFrom?: string;
  /** Open while the person settles a merge with a newer stored version. */
  conflict?: MergeConflict;
  /** The diff of the base against the edit, shown before saving. */
  saveOpen: boolean;
  failure?: SaveFailure;
  /** The browser refused to keep the draft (storage full or turned off). */
  draftRefused: boolean;
};

/** What happened: the person's steps, the save's outcome, the browser's storage. */
export type PipelineDraftEvent =
  | { type: 'edited'; text: string }
  | { type: 'discarded' }
  /** Save…: the diff, or first the merge when a newer version is stored. */
  | { type: 'saveRequested' }
  | { type: 'saveClosed' }
  | { type: 'saveStarted' }
  | { type: 'saved'; stored: StoredDefinition }
  | { type: 'saveFailed'; failure: SaveFailure }
  /** The save was refused as stale (412): `latest` is what is stored now. */
  | { type: 'saveStale'; latest: StoredDefinition }
  /** Merge now, with the newer version stored. */
  | { type: 'mergeRequested' }
  | { type: 'mergeResolved'; text: string }
  | { type: 'theirsTaken' }
  | { type: 'mergeClosed' }
  | { type: 'draftKept'; refused: boolean };

/**
 * An event with the definition as the server has it now (the page refetches it): each step
 * starts from the state caught up with it, so the reducer needs no separate "stored" event and
 * the component no state update while rendering.
 */
export type PipelineDraftAction = PipelineDraftEvent & { current: StoredDefinition };

/**
 * What the editor opens with: the stored text, or the person's unsaved draft of it. A draft on
 * an older version opens on its own base, in the merge with the stored one.
 */
export function openDraft(stored: StoredDefinition, draft: Draft | undefined): PipelineDraftState {
  const opened = { saveOpen: false, draftRefused: false };
  if (!draft || draft.yaml === stored.yaml) return { ...opened, base: stored, text: stored.yaml };
  if (draft.baseVersion === stored.version) {
    return { ...opened, base: stored, text: draft.yaml, restoredFrom: draft.updatedAt };
  }
  const draftBase = {
    version: draft.baseVersion,
    yaml: draft.baseYaml,
    updatedAt: draft.updatedAt,
  };
  return {
    ...opened,
    base: draftBase,
    text: draft.yaml,
    restoredFrom: draft.updatedAt,
    conflict: conflictOf(draftBase, stored, draft.yaml),
  };
}

export const isDirty = (state: PipelineDraftState) => state.text !== state.base.yaml;

/** The stored version when it is newer than the one the edit is based on. */
export function newerOf(
  state: PipelineDraftState,
  current: StoredDefinition,
): StoredDefinition | undefined {
  return current.version > state.base.version ? current : undefined;
}

/**
 * The state with a newer stored version taken in: without an edit in progress the editor
 * follows it; with one, the edit keeps its base and saving merges first. The same state when
 * nothing changes, so it can be applied on every render.
 */
export function caughtUp(state: PipelineDraftState, current: StoredDefinition): PipelineDraftState {
  if (!newerOf(state, current) || isDirty(state)) return state;
  return { ...state, base: current, text: current.yaml };
}

function conflictOf(base: StoredDefinition, theirs: StoredDefinition, yours: string) {
  const merged = mergeDefinitions({ base: base.yaml, yours, theirs: theirs.yaml });
  return { base, theirs, yours, merged } satisfies MergeConflict;
}

function withMerge(state: PipelineDraftState, theirs: StoredDefinition): PipelineDraftState {
  return { ...state, saveOpen: false, conflict: conflictOf(state.base, theirs, state.text) };
}

/**
 * The editor's draft, merge and save logic, without React: pure, so each step is tested alone.
 *
 * @example
 * const next = pipelineDraftReducer(state, { type: 'edited', text, current: storedOf(pipeline) });
 */
export function pipelineDraftReducer(
  previous: PipelineDraftState,
  action: PipelineDraftAction,
): PipelineDraftState {
  const state = caughtUp(previous, action.current);
  const newer = newerOf(state, action.current);
  switch (action.type) {
    case 'edited':
      return { ...state, text: action.text };
    case 'discarded':
      return { ...state, text: state.base.yaml, restoredFrom: undefined };
    case 'saveRequested': {
      const cleared = { ...state, failure: undefined };
      return newer ? withMerge(cleared, newer) : { ...cleared, saveOpen: true };
    }
    case 'saveClosed':
      return { ...state, saveOpen: false };
    case 'saveStarted':
      return { ...state, failure: undefined };
    case 'saved':
      return { ...state, base: action.stored, saveOpen: false, restoredFrom: undefined };
    case 'saveFailed':
      return { ...state, failure: action.failure };
    case 'saveStale':
      return withMerge(state, action.latest);
    case 'mergeRequested':
      return newer ? withMerge(state, newer) : state;
    case 'mergeResolved':
      return state.conflict
        ? { ...state, conflict: undefined, base: state.conflict.theirs, text: action.text }
        : state;
    case 'theirsTaken':
      return state.conflict
        ? {
            ...state,
            conflict: undefined,
            base: state.conflict.theirs,
            text: state.conflict.theirs.yaml,
          }
        : state;
    case 'mergeClosed':
      return { ...state, conflict: undefined };
    case 'draftKept':
      return state.draftRefused === action.refused
        ? state
        : { ...state, draftRefused: action.refused };
  }
}
