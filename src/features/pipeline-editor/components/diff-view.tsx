import { lazy, Suspense } from 'react';
import { EditorFrame, type DiffViewProps } from './editor-frame';

const MonacoDiffView = lazy(() =>
  import('./monaco-diff-view').then((module) => ({ default: module.MonacoDiffView })),
);

/**
 * Monaco's diff editor, read-only (monaco-diff-view.tsx): what changed from one text to another.
 * It opens in a dialog, after the page's editor has loaded Monaco; until its own small chunk is
 * here, its frame holds the place.
 */
export function DiffView(props: DiffViewProps) {
  const height = props.height ?? '55vh';
  return (
    <Suspense fallback={<EditorFrame testId="diff-view-loading" height={height} minHeight={240} />}>
      <MonacoDiffView {...props} />
    </Suspense>
  );
}
