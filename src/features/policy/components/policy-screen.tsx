import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useRef, useState, type ComponentType, type Ref } from 'react';
import { POLICY_SCHEMA_PATH } from '@contract/policy';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { NotLoadedState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { basePath } from '@/config/base-path';
import { getPolicy, usePolicy } from '@/entities/policy/api/get-policy';
import { usePolicySchema, type JsonSchema } from '@/entities/policy/api/get-policy-schema';
import type { PolicyPlan, PolicyProblem } from '@/entities/policy/api/policy-types';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { saveFile } from '@/lib/save-file';
import { useApplyPolicy, usePlanPolicy } from '../api/import-policy';
import { planCounts, planSummary, plural } from '../lib/plan-counts';
import { PlanView, PolicyProblems } from './plan-view';

/** The name the export is saved under. */
export const POLICY_FILE_NAME = 'perimeter-policy.yaml';

/** The editor's model: one, whose schema is the policy's (not the pipeline format's `.yaml`). */
export const POLICY_MODEL_URI = 'policy:///import/perimeter-policy.yml';

/** What the screen needs of a code editor (the route gives the pipeline editor's Monaco). */
export type PolicyEditorHandle = { reveal(line: number, column: number): void };
export type PolicyEditorProps = {
  modelUri: string;
  value: string;
  label: string;
  onChange: (text: string) => void;
  /** The document's JSON Schema, for the models at `fileMatch` and the `$schema` comment's address. */
  schema: { uri: string; fileMatch: string[]; schema: JsonSchema } | undefined;
  /** The plan's problems, shown as markers. */
  markers: readonly { line: number; column: number; message: string }[];
  ref?: Ref<PolicyEditorHandle>;
};

/** The address the export's `# yaml-language-server: $schema=…` comment names, or ours. */
function schemaAddress(text: string | undefined): string {
  const named = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m.exec(text ?? '')?.[1];
  return named ?? `${window.location.origin}${basePath}${POLICY_SCHEMA_PATH}`;
}

/** The last outcome, for the live region: a plan, an apply, or why nothing was applied. */
type Outcome =
  | { kind: 'planned'; plan: PolicyPlan; text: string }
  | { kind: 'stale' }
  | { kind: 'refused'; problems: PolicyProblem[] }
  | { kind: 'applied'; version: string };

function ExportSection() {
  const headingId = useId();
  const policy = usePolicy();
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      const { text } = await getPolicy();
      saveFile(new Blob([text], { type: 'application/yaml' }), POLICY_FILE_NAME);
      toast.success(`Downloaded ${POLICY_FILE_NAME}`);
    } catch (error) {
      toast.error(`The policy was not downloaded: ${errorMessage(error)}`);
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={1.5}>
      <Typography id={headingId} variant="h6" component="h2">
        Export
      </Typography>
      <Typography>
        The account’s whole access policy as one YAML document: teams and their members, rules,
        tags, restrictions and settings, by name, without secrets. Keep it in git and review changes
        to it like code.
      </Typography>
      {policy.data ? (
        <Typography>
          Current version: <code>{policy.data.version}</code>
        </Typography>
      ) : (
        <NotLoadedState
          what="the policy"
          error={policy.error}
          onRetry={() => void policy.refetch()}
        />
      )}
      <Box>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          loading={downloading}
          onClick={() => void download()}
        >
          Download policy
        </Button>
      </Box>
    </Stack>
  );
}

type PolicyScreenProps = { Editor: ComponentType<PolicyEditorProps> };

/**
 * The Policy screen (issue 20, administrators only): export the policy, and import a document
 * by upload or in the editor, with its plan (changes, impact, problems) before a confirmation.
 */
export function PolicyScreen({ Editor }: PolicyScreenProps) {
  const policy = usePolicy();
  const schema = usePolicySchema();
  const plan = usePlanPolicy();
  const apply = useApplyPolicy();
  const editor = useRef<PolicyEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importId = useId();
  const planId = useId();

  // The editor starts from the current export; what is typed or uploaded replaces it.
  const [draft, setDraft] = useState<string>();
  const text = draft ?? policy.data?.text ?? '';
  const [outcome, setOutcome] = useState<Outcome>();
  const [confirming, setConfirming] = useState(false);
  const [readError, setReadError] = useState<string>();

  const editorSchema = useMemo(
    () =>
      schema.data && {
        uri: schemaAddress(policy.data?.text),
        fileMatch: [POLICY_MODEL_URI],
        schema: schema.data,
      },
    [schema.data, policy.data?.text],
  );

  const planned = outcome?.kind === 'planned' ? outcome : undefined;
  const problems = useMemo(
    () =>
      outcome?.kind === 'planned'
        ? outcome.plan.problems
        : outcome?.kind === 'refused'
          ? outcome.problems
          : [],
    [outcome],
  );
  const planIsCurrent = planned !== undefined && planned.text === text;
  const counts = planned && planCounts(planned.plan);
  const canApply =
    planIsCurrent && planned.plan.problems.length === 0 && (counts?.changes ?? 0) > 0;

  const runPlan = () => {
    plan.mutate(
      { text },
      {
        onSuccess: (result) => setOutcome({ kind: 'planned', plan: result, text }),
        onError: (error) => toast.error(`The document was not planned: ${errorMessage(error)}`),
      },
    );
  };

  const runApply = () => {
    if (!planned) return;
    apply.mutate(
      { text: planned.text, version: planned.plan.version },
      {
        onSuccess: (result) => {
          setConfirming(false);
          setOutcome({ kind: 'applied', version: result.version });
          toast.success('The policy was applied.');
        },
        onError: (error) => {
          setConfirming(false);
          if (isApiError(error, 412)) setOutcome({ kind: 'stale' });
          else if (isApiError(error, 422) && error.problem.problems?.length)
            setOutcome({ kind: 'refused', problems: error.problem.problems });
          else toast.error(`The policy was not applied: ${errorMessage(error)}`);
        },
      },
    );
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      setDraft(await file.text());
      setReadError(undefined);
      setOutcome(undefined);
    } catch {
      setReadError(`${file.name} could not be read.`);
    }
  };

  return (
    <Stack spacing={4} divider={<Divider flexItem />}>
      <ExportSection />

      <Stack component="section" aria-labelledby={importId} spacing={1.5}>
        <Typography id={importId} variant="h6" component="h2">
          Import
        </Typography>
        <Typography>
          Upload a policy document or edit the one below, then plan: the plan shows what would be
          added, changed and removed, who would gain or lose privileges, and any problem. Nothing is
          applied until you apply the plan and confirm.
        </Typography>
        <Box>
          <Button
            variant="outlined"
            startIcon={<UploadFileIcon />}
            onClick={() => fileInput.current?.click()}
          >
            Upload a file
          </Button>
          <input
            ref={fileInput}
            type="file"
            hidden
            aria-label="Policy file"
            accept=".yaml,.yml,.json,application/yaml,application/json"
            onChange={(event) => {
              void upload(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
        </Box>
        {readError && <Alert severity="error">{readError}</Alert>}
        {policy.isPending && draft === undefined ? null : (
          <Editor
            ref={editor}
            modelUri={POLICY_MODEL_URI}
            value={text}
            label="Policy document, YAML"
            onChange={setDraft}
            schema={editorSchema || undefined}
            markers={problems}
          />
        )}
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Ctrl+Space suggests keys; F8 goes to the next problem. Tab indents: to leave the editor
          with Tab, press Ctrl+M first (⌃⇧M on a Mac).
        </Typography>
        <Stack direction="row" spacing={1}>
          <Button variant="contained" onClick={runPlan} loading={plan.isPending} disabled={!text}>
            Plan
          </Button>
          <Button variant="outlined" disabled={!canApply} onClick={() => setConfirming(true)}>
            Apply…
          </Button>
        </Stack>
      </Stack>

      <Stack component="section" aria-labelledby={planId} spacing={1.5}>
        <Typography id={planId} variant="h6" component="h2">
          Plan
        </Typography>
        {/* The outcome, read out as it changes (its alerts are not alerts of their own); the
            plan's details are below it. */}
        <Box role="status" aria-live="polite">
          {outcome === undefined && (
            <Typography sx={{ color: 'text.secondary' }}>
              No plan yet: plan the document to see what applying it would do.
            </Typography>
          )}
          {planned && (
            <Typography>
              Plan against version <code>{planned.plan.version}</code>: {planSummary(planned.plan)}
              {!planIsCurrent &&
                ' The document has changed since this plan: plan again before applying.'}
            </Typography>
          )}
          {outcome?.kind === 'applied' && (
            <Alert severity="success" role="none">
              The policy was applied; it is now at version <code>{outcome.version}</code>.
            </Alert>
          )}
          {outcome?.kind === 'stale' && (
            <Alert severity="warning" role="none">
              Someone changed the policy since this plan was made, so nothing was applied. Plan
              again to see what the document would do now.
            </Alert>
          )}
          {outcome?.kind === 'refused' && (
            <Alert severity="error" role="none">
              The policy was not applied: the document has{' '}
              {plural(outcome.problems.length, 'problem')}. Nothing was changed.
            </Alert>
          )}
        </Box>
        {planned && (
          <PlanView
            plan={planned.plan}
            onSelectProblem={(problem) => editor.current?.reveal(problem.line, problem.column)}
          />
        )}
        {outcome?.kind === 'refused' && outcome.problems.length > 0 && (
          <PolicyProblems
            problems={outcome.problems}
            onSelect={(problem) => editor.current?.reveal(problem.line, problem.column)}
          />
        )}
      </Stack>

      <ConfirmDialog
        open={confirming}
        title="Apply the policy?"
        confirmLabel="Apply"
        pending={apply.isPending}
        onConfirm={runApply}
        onClose={() => setConfirming(false)}
      >
        {planned && counts && (
          <>
            <Typography sx={{ mb: 1 }}>
              This applies the plan made against version <code>{planned.plan.version}</code>:{' '}
              {counts.added} added, {counts.changed} changed and {counts.removed} removed;{' '}
              {counts.gaining === 1 ? '1 person gains' : `${counts.gaining} people gain`} privileges
              and {counts.losing === 1 ? '1 person loses' : `${counts.losing} people lose`} some.
            </Typography>
            <Typography>
              Everything is applied in one step, or nothing is. If someone changes the policy in the
              meantime, nothing is applied and you are asked to plan again.
            </Typography>
          </>
        )}
      </ConfirmDialog>
    </Stack>
  );
}
