import { lazy } from 'react';

// The dialogs of this screen load when first opened: they bring the tag field, the impact
// preview, the forms and zod, which the list does not need to be shown (the pipelines list is the
// first screen after sign-in and has a size budget, scripts/size-check.ts). Render them inside
// <Suspense>, and only while they are open.

export const LazyClusterCreateDialog = lazy(() =>
  import('./cluster-create-dialog').then((module) => ({
    default: module.ClusterCreateDialog,
  })),
);
export const LazyClusterTagEditorDialog = lazy(() =>
  import('./cluster-tag-dialogs').then((module) => ({
    default: module.ClusterTagEditorDialog,
  })),
);
export const LazyClusterBulkTagDialog = lazy(() =>
  import('./cluster-tag-dialogs').then((module) => ({
    default: module.ClusterBulkTagDialog,
  })),
);
