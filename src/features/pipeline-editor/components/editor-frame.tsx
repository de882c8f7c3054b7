import Box from '@mui/material/Box';
import type { ReactNode, Ref } from 'react';
import type { AccountNames } from '@domain/pipeline-references';
import type { YamlSchema } from '../monaco/monaco';
import type { EditorProblem } from './problems-list';

// What the editor's light modules (code-editor.tsx, diff-view.tsx) and Monaco's
// (monaco-code-editor.tsx, monaco-diff-view.tsx) share.

export type CodeEditorHandle = {
  /** Moves the cursor to a place and gives the editor focus. */
  reveal(line: number, column: number): void;
};

export type CodeEditorProps = {
  /** The model's address: one per pipeline and pane, so that each has its own undo history. */
  modelUri: string;
  /**
   * The text. Typing reports it through `onChange`; a different value from the parent (a
   * discarded edit, a merge's result, a newer version) replaces the text as one undoable edit.
   */
  value: string;
  readOnly: boolean;
  /** The accessible name, read when the editor gets focus. */
  label: string;
  /** The account's names for the checks and completions; without them, none run. */
  names: AccountNames | undefined;
  onChange?: (text: string) => void;
  onProblems?: (problems: EditorProblem[]) => void;
  ref?: Ref<CodeEditorHandle>;
  /** The editor page's own by default; a dialog gives its share of the viewport. */
  height?: number | string;
  /**
   * Another document's JSON Schema (the policy, issue 20), for this model: its `fileMatch`
   * should name `modelUri`. Without it, `.yaml` models get the pipeline format's.
   */
  schema?: YamlSchema;
  /** Problems found elsewhere (the server's), shown as markers beside the schema's. */
  markers?: readonly EditorProblem[];
};

/**
 * The editor page fits a desktop screen (1440 × 900 and larger) with no scrolling: the viewport
 * less what surrounds the editor there (app bar, breadcrumb, heading, toolbar, the keyboard hint
 * and the problems line, with their spacing: about 380 px). A fixed 60vh left the page 21 px
 * taller than the screen. On small screens `minHeight` wins and the page scrolls.
 */
export const PAGE_EDITOR_HEIGHT = 'calc(100dvh - 400px)';

export type DiffViewProps = {
  /** One address per diff on screen (its two models are named after it). */
  modelUri: string;
  original: string;
  modified: string;
  /** The accessible names of the two sides. */
  originalLabel: string;
  modifiedLabel: string;
  /** Side by side (the default), or one column with removed and added lines in turn. */
  inline?: boolean;
  height?: number | string;
};

type EditorFrameProps = {
  ref?: Ref<HTMLDivElement>;
  testId: string;
  height: number | string;
  minHeight: number;
  children?: ReactNode;
};

/** The bordered box Monaco draws into (an editor or a diff). */
export function EditorFrame({ ref, testId, height, minHeight, children }: EditorFrameProps) {
  return (
    <Box
      ref={ref}
      data-testid={testId}
      sx={{
        height,
        minHeight,
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        overflow: 'hidden',
      }}
    >
      {children}
    </Box>
  );
}
