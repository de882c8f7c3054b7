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
import type { Run } from '@contract/runs';
import { TRIGGER_EVENT_LABELS } from '@contract/triggers';
import { ListPagination } from '@/components/list-pagination';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { PAGE_SIZES } from '@/lib/use-list-params';
import { useRuns } from '../api/get-runs';
import { RunStateLabel, StepStateLabel } from './run-state';
import { When } from './when';

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

/**
 * A pipeline's runs, newest first: number, state, what queued it, its runner and times; each
 * opens to its steps. Refreshed every 2 s while a run may still change.
 */
export function RunsSection({ pipelineId }: { pipelineId: string }) {
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
          Runs are queued by its git triggers when the git provider sends a chosen event; a runner
          then claims them. Starting a run by hand comes with the Run button.
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
          <TableContainer>
            <Table size="small" aria-label="Runs">
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
