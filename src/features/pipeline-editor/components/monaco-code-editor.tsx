import {
  startTransition,
  useEffect,
  useEffectEvent,
  useImperativeHandle,
  useRef,
  useSyncExternalStore,
} from 'react';
import { checkModel, forgetModel, REFERENCE_MARKER_OWNER } from '../monaco/account-language';
import { EDITOR_THEMES, monaco, registerYamlSchema, startYamlService } from '../monaco/monaco';
import { EditorFrame, PAGE_EDITOR_HEIGHT, type CodeEditorProps } from './editor-frame';
import type { EditorProblem } from './problems-list';

/** The owner of the markers given by the page (`markers`): the server's problems. */
const GIVEN_MARKER_OWNER = 'perimeter-given';

/** How long typing must pause before the account-aware checks run again. */
const CHECK_DELAY_MS = 250;

/** How many typed texts the editor remembers while the parent has not rendered them. */
const MAX_UNANSWERED = 100;

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
 * Runs `work` when the browser is idle after the editor's first paint (at the latest after
 * `timeout` ms), so that starting the language services never delays it.
 */
function whenIdle(work: () => void, timeout = 1_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(work, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(work, 100);
  return () => clearTimeout(handle);
}

/**
 * A pipeline definition in Monaco: the YAML language with the pipeline format's schema
 * (monaco-yaml: markers, hover documentation, completion) and the account-aware checks and
 * completions. Tab indents; Ctrl+M (⌃⇧M on a Mac) switches Tab to moving the focus out.
 * Loaded by `CodeEditor` (code-editor.tsx), which shows the text until Monaco is here.
 */
export function MonacoCodeEditor({
  modelUri,
  value,
  readOnly,
  label,
  names,
  onChange,
  onProblems,
  ref,
  height = PAGE_EDITOR_HEIGHT,
  schema,
  markers,
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
  // The texts typing reported that the parent has not given back as `value` yet, oldest first.
  // The parent renders them as a transition, so it may give back an older one than the model's
  // text: that is no new value to put in (and needs no comparison with the model's whole text,
  // 60 kB for a 2,000-line definition, on every key).
  const typed = useRef<string[]>([]);

  // Runs before the effect that makes the model, so that its first check uses the schema.
  useEffect(() => {
    if (schema) registerYamlSchema(schema);
  }, [schema]);

  useEffect(() => {
    const start = initial();
    const uri = monaco.Uri.parse(modelUri);
    // A new model has the text already: setting it again would build and tokenize it twice.
    const existing = monaco.editor.getModel(uri);
    const model = existing ?? monaco.editor.createModel(start.value, 'yaml', uri);
    if (existing && existing.getValue() !== start.value) existing.setValue(start.value);
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
    // The language services start once the editor has painted and the browser is idle: the
    // page is usable before them (issue 17, docs/performance.md).
    const cancelIdle = whenIdle(() => {
      void startYamlService();
      check(model);
    });
    const changes = model.onDidChangeContent(() => {
      const text = model.getValue();
      typed.current.push(text);
      if (typed.current.length > MAX_UNANSWERED) typed.current.shift();
      // The page's update (the draft, the toolbar) is a transition: rendering it never holds up
      // the key that changed the text (issue 17).
      startTransition(() => changed(text));
      clearTimeout(timer);
      timer = setTimeout(() => check(model), CHECK_DELAY_MS);
    });
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((uri) => uri.toString() === model.uri.toString())) problemsChanged(model);
    });
    return () => {
      cancelIdle();
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
    const echo = typed.current.lastIndexOf(value);
    if (echo >= 0) {
      typed.current.splice(0, echo + 1);
      return;
    }
    if (!model || model.getValue() === value) return;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    model.pushStackElement();
  }, [value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel: label });
  }, [readOnly, label]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      GIVEN_MARKER_OWNER,
      (markers ?? []).map((marker) => ({
        severity:
          marker.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: marker.message,
        startLineNumber: marker.line,
        startColumn: marker.column,
        endLineNumber: marker.line,
        // To the end of the word at the place (at least one character), as a squiggle.
        endColumn: Math.max(
          marker.column + 1,
          model.getWordAtPosition({ lineNumber: marker.line, column: marker.column })?.endColumn ??
            model.getLineMaxColumn(Math.min(marker.line, model.getLineCount())),
        ),
      })),
    );
  }, [markers]);

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
