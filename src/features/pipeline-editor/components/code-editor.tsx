import Box from '@mui/material/Box';
import {
  useEffect,
  useEffectEvent,
  useImperativeHandle,
  useRef,
  useSyncExternalStore,
  type Ref,
} from 'react';
import type { AccountNames } from '@domain/pipeline-references';
import { checkModel, forgetModel, REFERENCE_MARKER_OWNER } from '../monaco/account-language';
import { EDITOR_THEMES, monaco } from '../monaco/monaco';
import type { EditorProblem } from './problems-list';

/** How long typing must pause before the account-aware checks run again. */
const CHECK_DELAY_MS = 250;

export type CodeEditorHandle = {
  /** Moves the cursor to a place and gives the editor focus. */
  reveal(line: number, column: number): void;
};

type CodeEditorProps = {
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
};

/**
 * The editor page fits a desktop screen (1440 × 900 and larger) with no scrolling: the viewport
 * less what surrounds the editor there (app bar, breadcrumb, heading, toolbar, the keyboard hint
 * and the problems line, with their spacing: about 380 px). A fixed 60vh left the page 21 px
 * taller than the screen. On small screens `minHeight` wins and the page scrolls.
 */
const PAGE_EDITOR_HEIGHT = 'calc(100dvh - 400px)';

const DARK = '(prefers-color-scheme: dark)';

function subscribeToScheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Monaco follows the console's light or dark scheme, which follows the system's (theme.ts).
 * Read with matchMedia, not MUI's useMediaQuery: that would land in the shell's chunk.
 */
export function useMonacoTheme(): void {
  const dark = useSyncExternalStore(subscribeToScheme, () => window.matchMedia(DARK).matches);
  useEffect(() => monaco.editor.setTheme(dark ? EDITOR_THEMES.dark : EDITOR_THEMES.light), [dark]);
}

export const EDITOR_OPTIONS: monaco.editor.IEditorOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 14,
  // The suggestion list and hovers may leave the editor's box (in dialogs too).
  fixedOverflowWidgets: true,
  accessibilitySupport: 'auto',
  // Not dimmed: the dimmed number after the final line break fails WCAG's contrast (1.75:1).
  renderFinalNewline: 'on',
};

function problemsOf(model: monaco.editor.ITextModel): EditorProblem[] {
  return monaco.editor
    .getModelMarkers({ resource: model.uri })
    .filter((marker) => marker.severity >= monaco.MarkerSeverity.Warning)
    .map((marker): EditorProblem => ({
      line: marker.startLineNumber,
      column: marker.startColumn,
      message: marker.message,
      severity: marker.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
      kind: marker.owner === REFERENCE_MARKER_OWNER ? 'reference' : 'format',
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A pipeline definition in Monaco: the YAML language with the pipeline format's schema
 * (monaco-yaml: markers, hover documentation, completion) and the account-aware checks and
 * completions. Tab indents; Ctrl+M (⌃⇧M on a Mac) switches Tab to moving the focus out.
 */
export function CodeEditor({
  modelUri,
  value,
  readOnly,
  label,
  names,
  onChange,
  onProblems,
  ref,
  height = PAGE_EDITOR_HEIGHT,
}: CodeEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(null);
  useMonacoTheme();
  // Read by the listeners made once per model, always with the latest props.
  const changed = useEffectEvent((text: string) => onChange?.(text));
  const problemsChanged = useEffectEvent((model: monaco.editor.ITextModel) =>
    onProblems?.(problemsOf(model)),
  );
  const check = useEffectEvent((model: monaco.editor.ITextModel) => {
    if (names) checkModel(model, names);
  });
  const initial = useEffectEvent(() => ({ value, readOnly, label }));

  useEffect(() => {
    const start = initial();
    const uri = monaco.Uri.parse(modelUri);
    const model =
      monaco.editor.getModel(uri) ?? monaco.editor.createModel(start.value, 'yaml', uri);
    model.setValue(start.value);
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    const editor = monaco.editor.create(container.current!, {
      ...EDITOR_OPTIONS,
      model,
      ariaLabel: start.label,
      readOnly: start.readOnly,
      quickSuggestions: { other: true, strings: true, comments: false },
    });
    editorRef.current = editor;

    let timer: ReturnType<typeof setTimeout> | undefined;
    check(model);
    const changes = model.onDidChangeContent(() => {
      changed(model.getValue());
      clearTimeout(timer);
      timer = setTimeout(() => check(model), CHECK_DELAY_MS);
    });
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((uri) => uri.toString() === model.uri.toString())) problemsChanged(model);
    });
    return () => {
      clearTimeout(timer);
      changes.dispose();
      markers.dispose();
      editor.dispose();
      forgetModel(model);
      model.dispose();
      editorRef.current = null;
    };
  }, [modelUri]);

  // A value from the parent that is not the text typed: replace the text, undoably.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === value) return;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    model.pushStackElement();
  }, [value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel: label });
  }, [readOnly, label]);

  // The names arrive after the editor opens, or change: check again with them.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && names) checkModel(model, names);
  }, [names]);

  useImperativeHandle(
    ref,
    () => ({
      reveal(line, column) {
        const editor = editorRef.current;
        if (!editor) return;
        editor.setPosition({ lineNumber: line, column });
        editor.revealPositionInCenter({ lineNumber: line, column });
        editor.focus();
      },
    }),
    [],
  );

  return <EditorFrame ref={container} testId="code-editor" height={height} minHeight={320} />;
}

type EditorFrameProps = {
  ref: Ref<HTMLDivElement>;
  testId: string;
  height: number | string;
  minHeight: number;
};

/** The bordered box Monaco draws into (an editor or a diff). */
export function EditorFrame({ ref, testId, height, minHeight }: EditorFrameProps) {
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
    />
  );
}
