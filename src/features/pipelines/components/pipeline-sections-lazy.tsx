import { lazy } from 'react';

// The pipeline page's git triggers and runs load after the page itself: they bring their forms,
// dialogs and tables, which the rest of the page does not need to be shown. Render them inside
// <Suspense>.

export const LazyTriggersSection = lazy(() =>
  import('./triggers-section').then((module) => ({ default: module.TriggersSection })),
);

export const LazyRunsSection = lazy(() =>
  import('./runs-section').then((module) => ({ default: module.RunsSection })),
);
