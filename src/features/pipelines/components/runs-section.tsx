import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment, useId, useState } from 'react';
import type { Pipeline } from '@contract/pipelines';
import type { Run } from '@contract/runs';
import { TRIGGER_EVENT_LABELS } from '@contract/triggers';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ListPagination } from '@/components/list-pagination';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { PAGE_SIZES } from '@/lib/use-list-params';
import { useApproveRun } from '../api/approve-run';
import { useCreateRun } from '../api/create-run';
import { useDenyRun } from '../api/deny-run';
import { useRunApprovers } from '@/entities/runs/api/get-run-approvers';
import { useRuns } from '@/entities/runs/api/get-runs';
import { RunStateLabel, StepStateLabel } from './run-state';
import { When, exactTime } from '@/components/when';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';

const COLUMNS = 7;

/** What queued a run, in a line: "Pushes on main at 1a2b3c4 in acme/api", "Run by Ada". */
function triggeredBy(run: Run): string {
  const { trigger } = run;
  if (trigger.kind === 'manual') {
    return `Run by ${trigger.userName}${run.debug ? ' in debug mode' : ''}`;
  }
  const parts = [
    TRIGGER_EVENT_LABELS[trigger.event as keyof typeof TRIGGER_EVENT_LABELS] ?? trigger.event,
  ];
  if (trigger.branch) parts.push(`on ${trigger.branch}`);
  if (trigger.revision) parts.push(`at ${trigger.revision.slice(0, 7)}`);
  parts.push(`in ${trigger.repository}`);
  return parts.join(' ');
}

function RunSteps({ run, id }: { run: Run; id: string }) {
  if (run.steps.length === 0) {
    return (
      <Typography id={id} variant="body2" sx={{ color: 'text.secondary', py: 1 }}>
        {run.state === 'queued'
          ? 'No steps yet: the run is waiting for a runner to claim it.'
          : 'The runner has reported no steps.'}
      </Typography>
    );
  }
  return (
    <Table id={id} size="small" aria-label={`Steps of run ${run.number}`}>
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {run.steps.map((step, index) => (
          <TableRow key={`${index}-${step.name}`}>
            <TableCell component="th" scope="row">
              {step.name}
            </TableCell>
            <TableCell>
              <StepStateLabel state={step.state} />
            </TableCell>
            <TableCell>{step.message ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What a run section needs of its pipeline: who may do what on it, and whether it may run. */
export type RunsSectionPipeline = Pick<Pipeline, 'id' | 'privileges' | 'runnable'>;

export type RunsSectionProps = {
  pipeline: RunsSectionPipeline;
  /** Reloads the pipeline after the server refused a run (409): its `runnable` may have changed. */
  onRefused?: () => void;
};

export const NO_RUN_PRIVILEGE =
  'You may not run this pipeline: no rule of your teams gives you the run privilege on it.';

/**
 * "Run" (needs run, an allowed source, passing restrictions and read on every cluster an inline
 * definition deploys to: otherwise disabled with the reason beside it) and, for people with
 * debug, "Run in debug mode". A refusal from the server (409) is shown in its words, and
 * `onRefused` reloads the pipeline: what it may do may have changed since the page loaded, and
 * once its `runnable` says why, the reason beside the disabled button says it instead.
 */
function RunControls({ pipeline, onRefused }: RunsSectionProps) {
  const reasonId = useId();
  const create = useCreateRun();
  const [failure, setFailure] = useState<string>();
  const [debugPending, setDebugPending] = useState(false);
  const mayRun = pipeline.privileges.includes('run');
  const mayDebug = pipeline.privileges.includes('debug');
  const reason = !mayRun
    ? NO_RUN_PRIVILEGE
    : pipeline.runnable.allowed
      ? undefined
      : (pipeline.runnable.reason ?? 'This pipeline may not run now.');
  const start = (debug: boolean) => {
    setFailure(undefined);
    setDebugPending(debug);
    create.mutate(
      { pipelineId: pipeline.id, debug },
      {
        onSuccess: (run) =>
          toast.success(`Run #${run.number} queued${debug ? ' in debug mode' : ''}`),
        onError: (error) => {
          setFailure(errorMessage(error));
          if (isApiError(error, 409)) onRefused?.();
        },
      },
    );
  };
  return (
    <Stack spacing={1}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'center' } }}
      >
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          <Button
            variant="contained"
            startIcon={<PlayArrowIcon />}
            disabled={reason !== undefined || (create.isPending && debugPending)}
            loading={create.isPending && !debugPending}
            aria-describedby={reason ? reasonId : undefined}
            onClick={() => start(false)}
          >
            Run
          </Button>
          {mayDebug && mayRun && (
            <Button
              variant="outlined"
              disabled={reason !== undefined || (create.isPending && !debugPending)}
              loading={create.isPending && debugPending}
              aria-describedby={reason ? reasonId : undefined}
              onClick={() => start(true)}
            >
              Run in debug mode
            </Button>
          )}
        </Stack>
        {reason && (
          <Typography id={reasonId} variant="body2" sx={{ color: 'text.secondary' }}>
            {reason}
          </Typography>
        )}
      </Stack>
      {failure && reason === undefined && (
        <Alert severity="error" onClose={() => setFailure(undefined)}>
          {failure}
        </Alert>
      )}
    </Stack>
  );
}

/** "Approved by Ada Lovelace at 25 Nov 2026, 09:14:03", one line per decision. */
function RunDecisions({ run }: { run: Run }) {
  if (run.decisions.length === 0) return null;
  return (
    <>
      {run.decisions.map((decision, index) => (
        <Typography
          key={`${index}-${decision.at}`}
          variant="caption"
          component="span"
          sx={{ display: 'block', color: 'text.secondary' }}
        >
          {decision.decision === 'approved' ? 'Approved' : 'Denied'} by {decision.by.name} at{' '}
          <time dateTime={decision.at}>{exactTime(decision.at)}</time>
        </Typography>
      ))}
    </>
  );
}

/** Who may approve a waiting run, for the people who may not. */
function RunApprovers({ run }: { run: Run }) {
  const approvers = useRunApprovers(run.id);
  if (approvers.error) {
    return (
      <ErrorState
        title="Who may approve could not be loaded."
        error={approvers.error}
        onRetry={() => void approvers.refetch()}
      />
    );
  }
  if (!approvers.data) return <LoadingState label={`Loading who may approve run ${run.number}`} />;
  const names = approvers.data.items.map((person) => person.name);
  return (
    <Typography variant="body2">
      {names.length === 0
        ? `Run #${run.number} waits for approval, and no one may approve it yet: an administrator can give a team the approve privilege on this pipeline.`
        : `Run #${run.number} waits for approval. You may not approve it; who may: ${names.join(', ')}${approvers.data.truncated ? ', and others' : ''}.`}
    </Typography>
  );
}

/** Approve or deny (after confirming) a waiting run, for people with approve. */
function RunApprovalActions({ run }: { run: Run }) {
  const approve = useApproveRun();
  const deny = useDenyRun();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string>();
  // The server's waiting step: the first pending-approval step still pending.
  const step = run.steps.find((s) => s.type === 'pending-approval' && s.state === 'pending');
  const pending = approve.isPending || deny.isPending;
  return (
    <Stack spacing={1}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'center' } }}
      >
        <Typography variant="body2">
          Run #{run.number} waits for your approval{step ? ` at step ${step.name}` : ''}.
        </Typography>
        <Stack direction="row" spacing={1}>
          <Button
            size="small"
            variant="contained"
            color="success"
            loading={approve.isPending}
            disabled={pending}
            onClick={() => {
              setFailure(undefined);
              approve.mutate(run, {
                onSuccess: () => toast.success(`Run #${run.number} approved`),
                onError: (error) => setFailure(errorMessage(error)),
              });
            }}
          >
            Approve run #{run.number}
          </Button>
          <Button
            size="small"
            variant="outlined"
            color="error"
            disabled={pending}
            onClick={() => setConfirming(true)}
          >
            Deny run #{run.number}
          </Button>
        </Stack>
      </Stack>
      {failure && <Alert severity="error">{failure}</Alert>}
      <ConfirmDialog
        open={confirming}
        title={`Deny run #${run.number}?`}
        confirmLabel="Deny run"
        pending={deny.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setFailure(undefined);
          deny.mutate(run, {
            onSuccess: () => {
              setConfirming(false);
              toast.success(`Run #${run.number} denied`);
            },
            onError: (error) => {
              setConfirming(false);
              setFailure(errorMessage(error));
            },
          });
        }}
      >
        The run stops here, denied; its remaining steps do not run. To run the pipeline again, start
        a new run.
      </ConfirmDialog>
    </Stack>
  );
}

/**
 * A pipeline's runs, newest first: number, state, what queued it, its runner and times; each
 * opens to its steps. The Run buttons start one; a run waiting for approval offers Approve and
 * Deny to people with approve, and says who may to the others. Refreshed every 2 s while a run
 * may still change (waiting for approval included).
 */
export function RunsSection({ pipeline, onRefused }: RunsSectionProps) {
  const pipelineId = pipeline.id;
  const mayApprove = pipeline.privileges.includes('approve');
  const headingId = useId();
  const stepsId = useId();
  const [paging, setPaging] = useState({ page: 1, pageSize: PAGE_SIZES[0] as number });
  const runs = useRuns(pipelineId, paging);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Runs
      </Typography>
      <RunControls pipeline={pipeline} onRefused={onRefused} />
      {runs.data === undefined ? (
        runs.error ? (
          <ErrorState
            title="The runs could not be loaded."
            error={runs.error}
            onRetry={() => void runs.refetch()}
          />
        ) : (
          <LoadingState label="Loading the runs" />
        )
      ) : runs.data.total === 0 ? (
        <EmptyState title="This pipeline has not run yet.">
          Runs are queued by its git triggers when the git provider sends a chosen event, or by the
          Run button; a runner then claims them.
        </EmptyState>
      ) : (
        <>
          {runs.error !== null && (
            <ErrorState
              title="The runs could not be refreshed."
              error={runs.error}
              onRetry={() => void runs.refetch()}
            />
          )}
          <TableContainer sx={tableScrollerStyle}>
            <Table size="small" aria-label="Runs" sx={stickyFirstColumnStyle}>
              <TableHead>
                <TableRow>
                  <TableCell>Run</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell>Triggered by</TableCell>
                  <TableCell>Runner</TableCell>
                  <TableCell>Queued</TableCell>
                  <TableCell>Finished</TableCell>
                  <TableCell align="right">Steps</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {runs.data.items.map((run) => {
                  const expanded = open.has(run.id);
                  const detailsId = `${stepsId}-${run.id}`;
                  return (
                    <Fragment key={run.id}>
                      <TableRow>
                        <TableCell component="th" scope="row">
                          #{run.number}
                        </TableCell>
                        <TableCell>
                          <RunStateLabel state={run.state} />
                          <RunDecisions run={run} />
                        </TableCell>
                        <TableCell>
                          {triggeredBy(run)}
                          {run.trigger.kind === 'webhook' && run.trigger.message && (
                            <Typography
                              variant="caption"
                              component="span"
                              sx={{ display: 'block', color: 'text.secondary' }}
                            >
                              {run.trigger.message}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell>{run.runner?.name ?? 'Any runner'}</TableCell>
                        <TableCell>
                          <When iso={run.createdAt} />
                        </TableCell>
                        <TableCell>
                          <When iso={run.finishedAt} never="Not yet" />
                        </TableCell>
                        <TableCell align="right">
                          <Button
                            size="small"
                            aria-label={`${expanded ? 'Hide' : 'Show'} steps of run ${run.number}`}
                            aria-expanded={expanded}
                            aria-controls={expanded ? detailsId : undefined}
                            onClick={() => toggle(run.id)}
                          >
                            {expanded ? 'Hide steps' : 'Show steps'}
                          </Button>
                        </TableCell>
                      </TableRow>
                      {run.state === 'pending-approval' && (
                        <TableRow>
                          <TableCell colSpan={COLUMNS} sx={{ pl: 4 }}>
                            {mayApprove ? (
                              <RunApprovalActions run={run} />
                            ) : (
                              <RunApprovers run={run} />
                            )}
                          </TableCell>
                        </TableRow>
                      )}
                      {expanded && (
                        <TableRow>
                          <TableCell colSpan={COLUMNS} sx={{ pl: 4 }}>
                            <RunSteps run={run} id={detailsId} />
                          </TableCell>
                        </TableRow>
                      )}
                    </Fragment>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          <ListPagination
            total={runs.data.total}
            page={paging.page}
            pageSize={paging.pageSize}
            pageSizes={PAGE_SIZES}
            onPageChange={(page) => setPaging((current) => ({ ...current, page }))}
            onPageSizeChange={(pageSize) => setPaging({ page: 1, pageSize })}
          />
        </>
      )}
    </Stack>
  );
}
