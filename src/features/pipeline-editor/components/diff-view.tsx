import { useEffect, useRef } from 'react';
import { monaco } from '../monaco/monaco';
import { EDITOR_OPTIONS, EditorFrame, useMonacoTheme } from './code-editor';

type DiffViewProps = {
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

function sideUri(uri: string, side: 'original' | 'modified'): monaco.Uri {
  return monaco.Uri.parse(uri.replace(/\.yaml$/, `.${side}.yaml`));
}

/**
 * Monaco's diff editor, read-only: what changed from one text to another. F7 and Shift+F7 step
 * through the changes, and the accessible diff viewer reads them out.
 */
export function DiffView({
  modelUri,
  original,
  modified,
  originalLabel,
  modifiedLabel,
  inline = false,
  height = '55vh',
}: DiffViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const diffRef = useRef<monaco.editor.IStandaloneDiffEditor>(null);
  useMonacoTheme();

  useEffect(() => {
    const models = {
      original: monaco.editor.createModel('', 'yaml', sideUri(modelUri, 'original')),
      modified: monaco.editor.createModel('', 'yaml', sideUri(modelUri, 'modified')),
    };
    const diff = monaco.editor.createDiffEditor(container.current!, {
      ...EDITOR_OPTIONS,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: !inline,
      useInlineViewWhenSpaceIsLimited: true,
      originalAriaLabel: originalLabel,
      modifiedAriaLabel: modifiedLabel,
      renderMarginRevertIcon: false,
    });
    diff.setModel(models);
    // Set on each side too: in the one-column view the options above leave them unnamed.
    diff.getOriginalEditor().updateOptions({ ariaLabel: originalLabel });
    diff.getModifiedEditor().updateOptions({ ariaLabel: modifiedLabel });
    diffRef.current = diff;
    return () => {
      diff.dispose();
      models.original.dispose();
      models.modified.dispose();
      diffRef.current = null;
    };
    // Made once per address; the texts are set below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modelUri, inline]);

  useEffect(() => {
    const model = diffRef.current?.getModel();
    if (!model) return;
    if (model.original.getValue() !== original) model.original.setValue(original);
    if (model.modified.getValue() !== modified) model.modified.setValue(modified);
  }, [original, modified, inline]);

  return <EditorFrame ref={container} testId="diff-view" height={height} minHeight={240} />;
}
