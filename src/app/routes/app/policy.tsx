import { useMemo } from 'react';
import { Page } from '@/components/page';
import { CodeEditor } from '@/features/pipeline-editor/components/code-editor';
import { PolicyScreen, type PolicyEditorProps } from '@/features/policy/components/policy-screen';

/**
 * The policy document in the pipeline editor's Monaco (its workers, its loading after the first
 * paint, its theme), with the policy's schema instead of the pipeline format's and without the
 * pipeline's account-aware checks. Composed here: a feature never imports another.
 */
function PolicyEditor({ markers, ...props }: PolicyEditorProps) {
  const problems = useMemo(
    () =>
      markers.map((marker) => ({
        ...marker,
        severity: 'error' as const,
        kind: 'reference' as const,
      })),
    [markers],
  );
  return (
    <CodeEditor {...props} readOnly={false} names={undefined} height="60vh" markers={problems} />
  );
}

/**
 * Policy (issue 20, administrators only): export the account's policy, and import one with a
 * plan first. Monaco loads with this route and the pipeline editor's only.
 */
export function Component() {
  return (
    <Page title="Policy">
      <PolicyScreen Editor={PolicyEditor} />
    </Page>
  );
}
