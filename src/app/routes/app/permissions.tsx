import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { RuleWithWarnings } from '@contract/access';
import { Page } from '@/components/page';
import { useRule } from '@/entities/rules/api/get-rule';
import { AccessExplainer } from '@/features/access-rules/components/access-explainer';
import { LazyRuleBuilderDialog } from '@/features/access-rules/components/access-rules-lazy';
import { RulesList, useRuleListParams } from '@/features/access-rules/components/rules-list';
import { useHasBeenTrue } from '@/lib/use-has-been-true';
import { isUuid } from '@/lib/is-uuid';

type Editing = { rule?: RuleWithWarnings } | undefined;

/**
 * The Permissions screen (administrators only): the access rules of clusters and pipelines as
 * sentences, the rule builder with its impact preview, and the access explainer.
 */
export function Component() {
  const { kind } = useRuleListParams();
  const [editing, setEditing] = useState<Editing>();
  const [searchParams, setSearchParams] = useSearchParams();
  // `?rule=<id>`: a link to one rule (from a resource's page) opens it in the builder.
  const linkedRuleId = searchParams.get('rule') ?? '';
  const linkedRule = useRule(linkedRuleId, { enabled: linkedRuleId !== '' });
  const shownRule = editing ? editing.rule : linkedRuleId ? linkedRule.data : undefined;
  const builderOpen =
    editing !== undefined || (linkedRuleId !== '' && linkedRule.data !== undefined);
  const builderMounted = useHasBeenTrue(builderOpen);
  const closeBuilder = () => {
    setEditing(undefined);
    if (linkedRuleId) {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('rule');
          return next;
        },
        { replace: true },
      );
    }
  };
  const rulesHeadingId = useId();
  const explainHeadingId = useId();
  const explainType = searchParams.get('explainType');
  const explainResource = searchParams.get('explainResource') ?? undefined;
  // The address is the person's to edit: anything but an id is ignored, not asked for.
  const explainPersonParam = searchParams.get('explainPerson');
  const explainPerson = isUuid(explainPersonParam) ? explainPersonParam : undefined;
  const explainerRef = useRef<HTMLElement>(null);

  // A resource page links here to check one person's access to it, and a People row to check a
  // person's access: go straight to the explainer.
  useEffect(() => {
    if (explainResource || explainPerson) {
      explainerRef.current?.scrollIntoView?.({ block: 'start' });
    }
  }, [explainResource, explainPerson]);

  return (
    <Page title="Permissions">
      <Typography sx={{ mb: 3, maxWidth: 880 }}>
        Rules give the members of a team privileges on the clusters or pipelines that carry certain
        tags. Rules only grant: a person holds everything the rules of all their teams give.
        Administrators hold every privilege on everything, and no rule is written for them.
      </Typography>
      <Stack spacing={5} divider={<Divider flexItem />}>
        <Stack component="section" aria-labelledby={rulesHeadingId} spacing={2}>
          <Typography id={rulesHeadingId} variant="h6" component="h2">
            Rules
          </Typography>
          <RulesList
            onEdit={(rule) => setEditing({ rule })}
            actions={
              <Button
                variant="contained"
                startIcon={<AddIcon />}
                onClick={() => setEditing({})}
                sx={{ flexShrink: 0 }}
              >
                Write a rule
              </Button>
            }
          />
        </Stack>
        <Stack
          component="section"
          aria-labelledby={explainHeadingId}
          spacing={2}
          id="check-access"
          ref={explainerRef}
        >
          <Typography id={explainHeadingId} variant="h6" component="h2">
            Check access
          </Typography>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Can a person take a privilege on a cluster or a pipeline? The answer names the rules,
            teams and tags behind it, or the rules that would grant it if things were different.
          </Typography>
          <AccessExplainer
            initialType={explainType === 'pipeline' ? 'pipeline' : 'cluster'}
            initialResourceId={explainResource}
            initialPersonId={explainPerson}
          />
        </Stack>
      </Stack>
      {builderMounted && (
        <Suspense fallback={null}>
          <LazyRuleBuilderDialog
            open={builderOpen}
            rule={shownRule}
            initialKind={kind}
            onClose={closeBuilder}
          />
        </Suspense>
      )}
    </Page>
  );
}
