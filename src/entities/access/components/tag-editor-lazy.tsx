import { lazy } from 'react';
import type { TagEditorDialog } from './tag-editor-dialog';

// The tag editor loads when first opened: it brings the tag field, the impact preview and zod,
// which the lists and pages do not need to be shown (scripts/size-check.ts holds the pipelines
// list, the first screen after sign-in, to a budget). Render it inside <Suspense>, and only
// while it is open. The clusters and pipelines features load their own dialogs the same way.

// Generic components lose their type parameter through `lazy`: the cast gives it back.
export const LazyTagEditorDialog = lazy(() =>
  import('./tag-editor-dialog').then((module) => ({ default: module.TagEditorDialog })),
) as unknown as typeof TagEditorDialog;
