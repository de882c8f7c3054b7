import { lazy } from 'react';

// The rule builder loads when first opened: it brings the form, the team picker, the tag field
// and the impact preview's form parts, which the list of rules and the access explainer do not
// need to be shown (docs/performance.md, issue 17). Render it inside <Suspense>, from its first
// opening on (useHasBeenTrue).

export const LazyRuleBuilderDialog = lazy(() =>
  import('./rule-builder-dialog').then((module) => ({
    default: module.RuleBuilderDialog,
  })),
);
