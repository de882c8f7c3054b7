import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { PipelineSourceType } from '@contract/pipeline-sources';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorState, LoadingState } from '@/components/states';
import { pipelinePath } from '@/config/paths';
import { useSourcePipelines } from '../api/get-source-pipelines';
import { SOURCE_ORIGINS, pipelineCount, sourcePlural } from './source-text';

/** How many affected pipelines the confirmation names; the rest are counted. */
export const LISTED_PIPELINES = 10;

type TurnOffSourceDialogProps = {
  /** The source about to be turned off; kept while the dialog fades out. */
  type: PipelineSourceType;
  open: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/**
 * Asks before turning a source off (P-4.2): how many existing pipelines it would stop from
 * running, and which (the first ones by project, each a link to its page, then "and N more").
 */
export function TurnOffSourceDialog({
  type,
  open,
  pending,
  onConfirm,
  onClose,
}: TurnOffSourceDialogProps) {
  const pipelines = useSourcePipelines(type, { page: 1, pageSize: LISTED_PIPELINES }, open);
  return (
    <ConfirmDialog
      open={open}
      title={`Turn off ${sourcePlural(type)}?`}
      confirmLabel="Turn off"
      onConfirm={onConfirm}
      onClose={onClose}
      pending={pending}
    >
      {pipelines.isPending ? (
        <LoadingState label="Loading the pipelines it would stop" />
      ) : pipelines.isError ? (
        <ErrorState
          title="The pipelines it would stop could not be listed."
          error={pipelines.error}
          onRetry={() => void pipelines.refetch()}
        />
      ) : pipelines.data.total === 0 ? (
        <Typography component="p" sx={{ mb: 1 }}>
          No pipeline takes its definition from {SOURCE_ORIGINS[type]}, so none stops running.
        </Typography>
      ) : (
        <>
          <Typography component="p" sx={{ mb: 1 }}>
            This stops {pipelineCount(pipelines.data.total)} from running:{' '}
            {pipelines.data.total === 1 ? 'it takes its' : 'they take their'} definition from{' '}
            {SOURCE_ORIGINS[type]}.{' '}
            {pipelines.data.total === 1 ? 'It keeps its' : 'They keep their'} definition and run
            again when you turn the source back on.
          </Typography>
          <Typography component="ul" aria-label="Pipelines it stops" sx={{ my: 1, pl: 3 }}>
            {pipelines.data.items.map((pipeline) => (
              <li key={pipeline.id}>
                <Link component={RouterLink} to={pipelinePath(pipeline.id)}>
                  {pipeline.project}/{pipeline.name}
                </Link>
              </li>
            ))}
          </Typography>
          {pipelines.data.total > pipelines.data.items.length && (
            <Typography component="p" sx={{ mb: 1 }}>
              and {(pipelines.data.total - pipelines.data.items.length).toLocaleString()} more.
            </Typography>
          )}
        </>
      )}
      <Typography component="p">
        While it is off, nobody can choose it for a new pipeline or a changed one.
      </Typography>
    </ConfirmDialog>
  );
}
