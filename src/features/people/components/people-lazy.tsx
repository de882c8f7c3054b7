import { lazy } from 'react';

// The invitation dialog loads when first opened: it brings the form, zod and the invitation
// link, which the list of people does not need to be shown (docs/performance.md, issue 17).
// Render it inside <Suspense>, from its first opening on (useHasBeenTrue).

export const LazyInvitePeopleDialog = lazy(() =>
  import('./invite-people-dialog').then((module) => ({
    default: module.InvitePeopleDialog,
  })),
);
