import { lazy } from 'react';

// The entry dialog loads when an entry is first opened: the list does not need MUI's Dialog
// (with Modal and the focus trap) or the diff to be shown. Render it inside <Suspense>.
export const LazyAuditEntryDialog = lazy(() =>
  import('./audit-entry-dialog').then((module) => ({ default: module.AuditEntryDialog })),
);
