import Box from '@mui/material/Box';
import { lazy, startTransition, Suspense, useEffect, useState } from 'react';
import { loadMonacoInSteps } from '../monaco/load-monaco';
import { EditorFrame, PAGE_EDITOR_HEIGHT, type CodeEditorProps } from './editor-frame';

export type { CodeEditorHandle } from './editor-frame';

/**
 * Monaco (800 kB gzip) and the editor on it, fetched once: Monaco's modules in steps
 * (load-monaco.ts), then the editor's. Not before the page's first paint with the editor's
 * frame (see `CodeEditor`).
 */
let monacoEditor: Promise<typeof import('./monaco-code-editor')> | undefined;
let monacoLoaded = false;
function loadMonacoEditor() {
  monacoEditor ??= loadMonacoInSteps()
    .then(() => import('./monaco-code-editor'))
    .then((module) => {
      monacoLoaded = true;
      return module;
    });
  return monacoEditor;
}

const MonacoCodeEditor = lazy(() =>
  loadMonacoEditor().then((module) => ({ default: module.MonacoCodeEditor })),
);

/** Runs `work` after the browser's next paint (a frame, then a task after it). */
function afterNextPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(work, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

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
 * format's schema and the account-aware checks and completions. Until Monaco's chunks are here it
 * shows the text, read-only, in a frame of the editor's size.
 *
 * The first time, Monaco is asked for only once that frame has painted: a download started
 * before the page's largest paint (the text in the frame) is counted in it by Lighthouse's
 * simulation, and Monaco's 800 kB put it 0.6–0.8 s later (issue 17, docs/performance.md).
 */
export function CodeEditor(props: CodeEditorProps) {
  const height = props.height ?? PAGE_EDITOR_HEIGHT;
  const [painted, setPainted] = useState(monacoLoaded);
  useEffect(() => {
    // A transition: the frame's text stays on screen (the same element, not the fallback's
    // copy of it) until Monaco is here.
    if (!painted) return afterNextPaint(() => startTransition(() => setPainted(true)));
  }, [painted]);
  const preview = <EditorPreview value={props.value} height={height} />;
  return (
    <Suspense fallback={preview}>{painted ? <MonacoCodeEditor {...props} /> : preview}</Suspense>
  );
}
