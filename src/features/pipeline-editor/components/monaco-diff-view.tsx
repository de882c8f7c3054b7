import { useEffect, useRef } from 'react';
import { monaco } from '../monaco/monaco';
import { EditorFrame, type DiffViewProps } from './editor-frame';
import { EDITOR_OPTIONS, useMonacoTheme } from './monaco-code-editor';

function sideUri(uri: string, side: 'original' | 'modified'): monaco.Uri {
  return monaco.Uri.parse(uri.replace(/\.yaml$/, `.${side}.yaml`));
}

/**
 * Monaco's diff editor, read-only: what changed from one text to another. F7 and Shift+F7 step
 * through the changes, and the accessible diff viewer reads them out. Loaded by `DiffView`.
 */
export function MonacoDiffView({
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

  // Made once per address; the texts and names are set by the effects after it, which run
  // again whenever it is made anew.
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
      renderMarginRevertIcon: false,
    });
    diff.setModel(models);
    diffRef.current = diff;
    return () => {
      diff.dispose();
      models.original.dispose();
      models.modified.dispose();
      diffRef.current = null;
    };
  }, [modelUri, inline]);

  useEffect(() => {
    const diff = diffRef.current;
    if (!diff) return;
    // Named on each side rather than when it is made: the one-column view leaves the
    // construction options' names off, and the names change with the versions shown.
    diff.getOriginalEditor().updateOptions({ ariaLabel: originalLabel });
    diff.getModifiedEditor().updateOptions({ ariaLabel: modifiedLabel });
  }, [originalLabel, modifiedLabel, modelUri, inline]);

  useEffect(() => {
    const model = diffRef.current?.getModel();
    if (!model) return;
    if (model.original.getValue() !== original) model.original.setValue(original);
    if (model.modified.getValue() !== modified) model.modified.setValue(modified);
  }, [original, modified, modelUri, inline]);

  return <EditorFrame ref={container} testId="diff-view" height={height} minHeight={240} />;
}
