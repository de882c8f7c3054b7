import { diff3Merge } from 'node-diff3';

/** The three versions of a definition when someone else saved while a person was editing. */
export type MergeInput = {
  /** The stored version the person started editing from. */
  base: string;
  /** What the person wrote. */
  yours: string;
  /** The version stored now, saved by someone else meanwhile. */
  theirs: string;
};

export type MergeOutcome = {
  /** Both sides' changes; where both changed the same lines, the two are kept between markers. */
  text: string;
  /** How many places both sides changed differently (each between conflict markers). */
  conflicts: number;
};

export const CONFLICT_MARKERS = {
  yours: '<<<<<<< yours',
  base: '||||||| base',
  separator: '=======',
  theirs: '>>>>>>> theirs',
} as const;

const MARKER_LINE = /^(?:<{7} yours|\|{7} base|={7}|>{7} theirs)$/m;

/**
 * A line-by-line three-way merge (diff3), as git merges files: what only one side changed is
 * taken; where both changed the same lines differently, the result keeps yours, the base and
 * theirs between git's conflict markers, for the person to settle. Identical changes on both
 * sides are no conflict; changes to adjacent lines are one (as in git).
 *
 * @example
 * mergeDefinitions({ base: 'a\nb\nc\n', yours: 'A\nb\nc\n', theirs: 'a\nb\nC\n' });
 * // { text: 'A\nb\nC\n', conflicts: 0 }
 */
export function mergeDefinitions({ base, yours, theirs }: MergeInput): MergeOutcome {
  const lines = (text: string) => text.split('\n');
  const regions = diff3Merge(lines(yours), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  });
  const merged: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      merged.push(...region.ok);
    } else if (region.conflict) {
      conflicts += 1;
      const { a, o, b } = region.conflict;
      merged.push(
        CONFLICT_MARKERS.yours,
        ...a,
        CONFLICT_MARKERS.base,
        ...o,
        CONFLICT_MARKERS.separator,
        ...b,
        CONFLICT_MARKERS.theirs,
      );
    }
  }
  return { text: merged.join('\n'), conflicts };
}

/** Whether a text still holds a conflict marker line, so it cannot be saved as it is. */
export function hasConflictMarkers(text: string): boolean {
  return MARKER_LINE.test(text);
}
