import Box from '@mui/material/Box';
import { lazy, Suspense } from 'react';
import { EditorFrame, PAGE_EDITOR_HEIGHT, type CodeEditorProps } from './editor-frame';

export type { CodeEditorHandle } from './editor-frame';

/**
 * Monaco's chunk (800 kB gzip) and the editor on it, fetched once. The editor's modules ask for
 * it as soon as they are evaluated, with the route's, so that it downloads while the page
 * fetches the pipeline and paints (issue 17, docs/performance.md): at the first idle moment,
 * so that the shell has rendered and asked for the session before Monaco's evaluation (a long
 * task) can hold it up.
 */
let monacoEditor: Promise<typeof import('./monaco-code-editor')> | undefined;
function loadMonacoEditor() {
  monacoEditor ??= import('./monaco-code-editor');
  return monacoEditor;
}
if (typeof requestIdleCallback === 'function')
  requestIdleCallback(() => void loadMonacoEditor(), { timeout: 200 });
else setTimeout(() => void loadMonacoEditor(), 0);

const MonacoCodeEditor = lazy(() =>
  loadMonacoEditor().then((module) => ({ default: module.MonacoCodeEditor })),
);

/** How many lines the stand-in shows: more than a screen of Monaco's 19 px lines holds. */
const PREVIEW_LINES = 80;

/**
 * What shows until Monaco is here: the frame at the editor's size (so nothing moves when it
 * comes) with the text's first lines in Monaco's font and place, read-only.
 */
function EditorPreview({ value, height }: { value: string; height: number | string }) {
  const lines = value.split('\n', PREVIEW_LINES);
  return (
    <EditorFrame testId="code-editor-loading" height={height} minHeight={320}>
      <Box
        component="pre"
        aria-hidden
        sx={{
          m: 0,
          // Monaco's gutter (line numbers and folding) is about 64 px wide at 14 px.
          pl: '64px',
          fontFamily: "'Droid Sans Mono', 'monospace', monospace",
          fontSize: 14,
          lineHeight: '19px',
          whiteSpace: 'pre',
          color: 'text.secondary',
        }}
      >
        {lines.join('\n')}
      </Box>
    </EditorFrame>
  );
}

/**
 * A pipeline definition in Monaco (monaco-code-editor.tsx): the YAML language with the pipeline
 * format's schema and the account-aware checks and completions. Until Monaco's chunk is here it
 * shows the text, read-only, in a frame of the editor's size.
 */
export function CodeEditor(props: CodeEditorProps) {
  const height = props.height ?? PAGE_EDITOR_HEIGHT;
  return (
    <Suspense fallback={<EditorPreview value={props.value} height={height} />}>
      <MonacoCodeEditor {...props} />
    </Suspense>
  );
}
