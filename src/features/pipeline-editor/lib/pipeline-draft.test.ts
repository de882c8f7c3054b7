import { describe, expect, it } from 'vitest';
import { CONFLICT_MARKERS } from './merge';
import {
  caughtUp,
  isDirty,
  newerOf,
  openDraft,
  pipelineDraftReducer,
  type PipelineDraftEvent,
  type PipelineDraftState,
  type StoredDefinition,
} from './pipeline-draft';

const V3: StoredDefinition = {
  version: 3,
  yaml: 'steps:\n  build:\n    image: api\n  test:\n    image: tests\n',
  updatedAt: '2026-05-01T10:00:00.000Z',
};
/** Someone else's save on top of version 3: the test step's image. */
const V4: StoredDefinition = {
  version: 4,
  yaml: V3.yaml.replace('image: tests', 'image: tests-v2'),
  updatedAt: '2026-05-01T11:00:00.000Z',
};
/** The person's edit of version 3: the build step's image. */
const YOURS = V3.yaml.replace('image: api', 'image: api-server');

/** Runs events in turn, the server holding `current` throughout. */
function run(
  state: PipelineDraftState,
  current: StoredDefinition,
  ...events: PipelineDraftEvent[]
): PipelineDraftState {
  return events.reduce((next, event) => pipelineDraftReducer(next, { ...event, current }), state);
}

const opened = openDraft(V3, undefined);

describe('pipeline draft: opening', () => {
  it('opens on the stored text without a draft, or with a draft equal to it', () => {
    expect(opened).toEqual({ base: V3, text: V3.yaml, saveOpen: false, draftRefused: false });
    expect(
      openDraft(V3, { baseVersion: 2, baseYaml: 'old', yaml: V3.yaml, updatedAt: 'then' }),
    ).toEqual(opened);
  });

  it('puts back a draft of the stored version, saying when it was written', () => {
    const state = openDraft(V3, {
      baseVersion: 3,
      baseYaml: V3.yaml,
      yaml: YOURS,
      updatedAt: '2026-05-01T10:30:00.000Z',
    });
    expect(state).toMatchObject({
      base: V3,
      text: YOURS,
      restoredFrom: '2026-05-01T10:30:00.000Z',
    });
    expect(state.conflict).toBeUndefined();
    expect(isDirty(state)).toBe(true);
  });

  it('opens a draft of an older version on its own base, in the merge with the stored one', () => {
    const state = openDraft(V4, {
      baseVersion: 3,
      baseYaml: V3.yaml,
      yaml: YOURS,
      updatedAt: '2026-05-01T10:30:00.000Z',
    });
    expect(state.base).toMatchObject({ version: 3, yaml: V3.yaml });
    expect(state.text).toBe(YOURS);
    expect(state.conflict).toMatchObject({ theirs: V4, yours: YOURS });
    expect(state.conflict?.merged).toEqual({
      text: YOURS.replace('image: tests', 'image: tests-v2'),
      conflicts: 0,
    });
  });
});

describe('pipeline draft: editing', () => {
  it('edits, and discarding goes back to the base', () => {
    const edited = run(opened, V3, { type: 'edited', text: YOURS });
    expect(isDirty(edited)).toBe(true);
    const discarded = run({ ...edited, restoredFrom: 'then' }, V3, { type: 'discarded' });
    expect(discarded.text).toBe(V3.yaml);
    expect(discarded.restoredFrom).toBeUndefined();
    expect(isDirty(discarded)).toBe(false);
  });

  it('follows a newer stored version while there is no edit', () => {
    expect(caughtUp(opened, V3)).toBe(opened);
    const state = caughtUp(opened, V4);
    expect(state).toMatchObject({ base: V4, text: V4.yaml });
    expect(newerOf(state, V4)).toBeUndefined();
  });

  it('keeps an edit on its base when a newer version is stored, and saving merges first', () => {
    const edited = run(opened, V3, { type: 'edited', text: YOURS });
    expect(caughtUp(edited, V4)).toBe(edited);
    expect(newerOf(edited, V4)).toBe(V4);

    const merging = run(edited, V4, { type: 'saveRequested' });
    expect(merging.saveOpen).toBe(false);
    expect(merging.conflict).toMatchObject({ base: V3, theirs: V4, yours: YOURS });
    expect(merging.conflict?.merged).toEqual({
      text: YOURS.replace('image: tests', 'image: tests-v2'),
      conflicts: 0,
    });

    const merged = run(merging, V4, {
      type: 'mergeResolved',
      text: merging.conflict!.merged.text,
    });
    expect(merged.conflict).toBeUndefined();
    expect(merged.base).toBe(V4);
    expect(merged.text).toBe(merging.conflict!.merged.text);
    expect(newerOf(merged, V4)).toBeUndefined();
  });

  it('keeps both sides between markers where both changed the same lines', () => {
    const clashing = V3.yaml.replace('image: tests', 'image: tests-mine');
    const state = run(opened, V3, { type: 'edited', text: clashing });
    const merging = run(state, V4, { type: 'mergeRequested' });
    expect(merging.conflict?.merged.conflicts).toBe(1);
    expect(merging.conflict?.merged.text).toContain(CONFLICT_MARKERS.yours);
    expect(merging.conflict?.merged.text).toContain(CONFLICT_MARKERS.theirs);
  });

  it('drops the edit for their version, or goes back to it with the edit as it was', () => {
    const edited = run(opened, V3, { type: 'edited', text: YOURS });
    const merging = run(edited, V4, { type: 'mergeRequested' });
    const back = run(merging, V4, { type: 'mergeClosed' });
    expect(back).toMatchObject({ base: V3, text: YOURS, conflict: undefined });
    const theirs = run(merging, V4, { type: 'theirsTaken' });
    expect(theirs).toMatchObject({ base: V4, text: V4.yaml, conflict: undefined });
    expect(isDirty(theirs)).toBe(false);
  });
});

describe('pipeline draft: saving', () => {
  const editing = run(opened, V3, { type: 'edited', text: YOURS }, { type: 'saveRequested' });

  it('shows the diff, then bases the edit on the version saved', () => {
    expect(editing.saveOpen).toBe(true);
    const saved: StoredDefinition = { version: 4, yaml: YOURS, updatedAt: 'now' };
    const state = run(
      { ...editing, restoredFrom: 'then' },
      V3,
      { type: 'saveStarted' },
      { type: 'saved', stored: saved },
    );
    expect(state).toMatchObject({ base: saved, text: YOURS, saveOpen: false });
    expect(state.restoredFrom).toBeUndefined();
    expect(isDirty(state)).toBe(false);
    // The page's refetch of the version saved changes nothing.
    expect(caughtUp(state, saved)).toBe(state);
  });

  it('keeps the diff open with the edit when the server refuses it, until the next try', () => {
    const refusal = new Error('refused');
    const refused = run(
      editing,
      V3,
      { type: 'saveStarted' },
      {
        type: 'saveFailed',
        failure: { refusal },
      },
    );
    expect(refused).toMatchObject({ saveOpen: true, text: YOURS, failure: { refusal } });
    expect(run(refused, V3, { type: 'saveStarted' }).failure).toBeUndefined();
    expect(run(refused, V3, { type: 'saveClosed' }, { type: 'saveRequested' }).failure).toBe(
      undefined,
    );
  });

  it('opens the merge with what is stored now when the save was stale', () => {
    const state = run(editing, V3, { type: 'saveStarted' }, { type: 'saveStale', latest: V4 });
    expect(state.saveOpen).toBe(false);
    expect(state.conflict).toMatchObject({ base: V3, theirs: V4, yours: YOURS });
  });

  it('notes whether the browser kept the draft, changing nothing when that stays so', () => {
    const refused = run(editing, V3, { type: 'draftKept', refused: true });
    expect(refused.draftRefused).toBe(true);
    expect(run(refused, V3, { type: 'draftKept', refused: true })).toBe(refused);
    expect(run(refused, V3, { type: 'draftKept', refused: false }).draftRefused).toBe(false);
  });
});
