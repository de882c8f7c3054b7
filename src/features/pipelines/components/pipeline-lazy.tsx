import { lazy } from 'react';

// The dialogs of this screen load when first opened: they bring the tag field, the impact
// preview, the forms and zod, which the list does not need to be shown (the pipelines list is the
// first screen after sign-in and has a size budget, scripts/size-check.ts). Render them inside
// <Suspense>, and only while they are open.

export const LazyPipelineCreateDialog = lazy(() =>
  import('./pipeline-create-dialog').then((module) => ({
    default: module.PipelineCreateDialog,
  })),
);
export const LazyPipelineTagEditorDialog = lazy(() =>
  import('./pipeline-tag-dialogs').then((module) => ({
    default: module.PipelineTagEditorDialog,
  })),
);
export const LazyPipelineBulkTagDialog = lazy(() =>
  import('./pipeline-tag-dialogs').then((module) => ({
    default: module.PipelineBulkTagDialog,
  })),
);
