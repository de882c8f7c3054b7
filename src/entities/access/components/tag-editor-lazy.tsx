import { lazy } from 'react';
import type { TagEditorDialog } from './tag-editor-dialog';

// The dialogs of the cluster and pipeline screens load when first opened: they bring the tag
// field, the impact preview, the forms and zod, which the lists do not need to be shown. The
// pipelines list is the first screen after sign-in and has a size budget (scripts/size-check.ts).
// Render them inside <Suspense>, and only while they are open.

// Generic components lose their type parameter through `lazy`: the cast gives it back.
export const LazyTagEditorDialog = lazy(() =>
  import('./tag-editor-dialog').then((module) => ({ default: module.TagEditorDialog })),
) as unknown as typeof TagEditorDialog;

export const LazyClusterCreateDialog = lazy(() =>
  import('@/features/clusters/components/cluster-create-dialog').then((module) => ({
    default: module.ClusterCreateDialog,
  })),
);
export const LazyClusterTagEditorDialog = lazy(() =>
  import('@/features/clusters/components/cluster-tag-dialogs').then((module) => ({
    default: module.ClusterTagEditorDialog,
  })),
);
export const LazyClusterBulkTagDialog = lazy(() =>
  import('@/features/clusters/components/cluster-tag-dialogs').then((module) => ({
    default: module.ClusterBulkTagDialog,
  })),
);

export const LazyPipelineCreateDialog = lazy(() =>
  import('@/features/pipelines/components/pipeline-create-dialog').then((module) => ({
    default: module.PipelineCreateDialog,
  })),
);
export const LazyPipelineTagEditorDialog = lazy(() =>
  import('@/features/pipelines/components/pipeline-tag-dialogs').then((module) => ({
    default: module.PipelineTagEditorDialog,
  })),
);
export const LazyPipelineBulkTagDialog = lazy(() =>
  import('@/features/pipelines/components/pipeline-tag-dialogs').then((module) => ({
    default: module.PipelineBulkTagDialog,
  })),
);
