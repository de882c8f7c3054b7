/**
 * Unsaved edits of inline definitions, kept in the browser (localStorage) so that a reload, a
 * crash or a closed tab loses nothing. One draft per person and pipeline, recording the stored
 * version it was based on: when the pipeline has changed since, the draft is merged with the
 * new version rather than put back over it.
 */
export type Draft = {
  /** The stored version the edit started from, and its text (the base of a later merge). */
  baseVersion: number;
  baseYaml: string;
  /** The edited text. */
  yaml: string;
  /** When it was last written (ISO 8601). */
  updatedAt: string;
};

const PREFIX = 'perimeter:pipeline-draft';

function keyOf(personId: string, pipelineId: string): string {
  return `${PREFIX}:${personId}:${pipelineId}`;
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft.baseVersion === 'number' &&
    typeof draft.baseYaml === 'string' &&
    typeof draft.yaml === 'string' &&
    typeof draft.updatedAt === 'string'
  );
}

/** The person's draft of a pipeline's definition, or `undefined` (also when storage fails). */
export function readDraft(personId: string, pipelineId: string): Draft | undefined {
  try {
    const stored = localStorage.getItem(keyOf(personId, pipelineId));
    if (stored === null) return undefined;
    const draft: unknown = JSON.parse(stored);
    return isDraft(draft) ? draft : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the draft; `false` when the browser refused (storage full or disabled), so the editor
 * can say that a reload would lose the edit.
 */
export function writeDraft(
  personId: string,
  pipelineId: string,
  draft: Omit<Draft, 'updatedAt'>,
): boolean {
  try {
    localStorage.setItem(
      keyOf(personId, pipelineId),
      JSON.stringify({ ...draft, updatedAt: new Date().toISOString() } satisfies Draft),
    );
    return true;
  } catch {
    return false;
  }
}

export function removeDraft(personId: string, pipelineId: string): void {
  try {
    localStorage.removeItem(keyOf(personId, pipelineId));
  } catch {
    // Nothing kept, nothing to remove.
  }
}
