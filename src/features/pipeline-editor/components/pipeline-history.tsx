import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { Pipeline, PipelineVersionSummary } from '@contract/pipelines';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SelectField } from '@/components/select-field';
import { EmptyState, LoadingState, NotLoadedState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { visuallyHidden } from '@/components/visually-hidden';
import { When } from '@/components/when';
import {
  usePipelineVersion,
  usePipelineVersions,
  VERSIONS_SHOWN,
} from '@/entities/pipelines/api/get-pipeline-versions';
import { errorMessage, isApiError } from '@/lib/api/api-error';
import { useRestorePipelineVersion } from '../api/restore-pipeline-version';
import { pipelineModelUri } from '../lib/model-uri';
import { DiffView } from './diff-view';

/** The first 8 hex digits of a digest: enough to tell versions apart at a glance. */
const shortDigest = (digest: string) => digest.slice(0, 8);

type PipelineHistoryProps = {
  pipeline: Pipeline;
  /** The version to show first (from the address, say a link of the audit log). */
  selected?: number;
  /** Loads the pipeline again, after someone else's save. */
  reload: () => Promise<unknown>;
};

/**
 * The saved versions of a pipeline's inline definition (issue 20): who saved each and when, its
 * lines and digest; any two compared in Monaco's diff editor; and, for people with update, an
 * earlier one restored as a new save, based on the pipeline's version shown (a 412 says someone
 * saved in between and reloads).
 */
export function PipelineHistory({ pipeline, selected, reload }: PipelineHistoryProps) {
  const versions = usePipelineVersions(pipeline.id);
  if (versions.data) {
    if (versions.data.items.length === 0) {
      return (
        <EmptyState title="No saved versions">
          This pipeline has no inline definition saved yet: its definition comes from{' '}
          {pipeline.source.type === 'git' ? 'a git repository' : 'a URL'}.
        </EmptyState>
      );
    }
    return (
      <VersionHistory
        pipeline={pipeline}
        items={versions.data.items}
        total={versions.data.total}
        selected={selected}
        reload={reload}
      />
    );
  }
  return (
    <NotLoadedState
      what="the versions"
      error={versions.error}
      onRetry={() => void versions.refetch()}
      loadingLabel="Loading the versions"
    />
  );
}

type VersionHistoryProps = Omit<PipelineHistoryProps, 'selected'> & {
  items: PipelineVersionSummary[];
  total: number;
  selected: number | undefined;
};

function VersionHistory({ pipeline, items, total, selected, reload }: VersionHistoryProps) {
  const tableHeadingId = useId();
  const diffHeadingId = useId();
  const newest = items[0]!.n;
  const known = (n: number | undefined) => n !== undefined && items.some((v) => v.n === n);
  // By default what the chosen (or newest) version changed: it beside the one before it.
  const initialModified = known(selected) ? selected! : newest;
  const before = items.find((v) => v.n < initialModified)?.n ?? initialModified;
  const [original, setOriginal] = useState(before);
  const [modified, setModified] = useState(initialModified);
  const [restoring, setRestoring] = useState<number>();
  const restore = useRestorePipelineVersion();
  const canRestore = pipeline.privileges.includes('update');
  const name = `${pipeline.project}/${pipeline.name}`;

  const confirmRestore = () => {
    if (restoring === undefined) return;
    restore.mutate(
      { id: pipeline.id, n: restoring, version: pipeline.version },
      {
        onSuccess: () => {
          toast.success(`Version ${restoring} of ${name} restored as a new version`);
          setRestoring(undefined);
        },
        onError: (error) => {
          setRestoring(undefined);
          if (isApiError(error, 412)) {
            toast.error(
              `Someone saved ${name} since you loaded it: the history is reloaded. Check it and restore again.`,
            );
            void reload();
            return;
          }
          toast.error(errorMessage(error));
        },
      },
    );
  };

  const option = (v: PipelineVersionSummary) => (
    <option key={v.n} value={v.n}>
      Version {v.n}
      {v.n === newest ? ' (newest)' : ''}
    </option>
  );

  return (
    <Stack spacing={4}>
      <Stack component="section" aria-labelledby={tableHeadingId} spacing={2}>
        <Typography id={tableHeadingId} variant="h6" component="h2">
          Saved versions
        </Typography>
        {total > items.length && (
          <Typography variant="body2" color="text.secondary">
            The newest {VERSIONS_SHOWN} of {total} versions.
          </Typography>
        )}
        <Table size="small" aria-labelledby={tableHeadingId}>
          <TableHead>
            <TableRow>
              <TableCell>Version</TableCell>
              <TableCell>Saved by</TableCell>
              <TableCell>When</TableCell>
              <TableCell align="right">Lines</TableCell>
              <TableCell>Digest</TableCell>
              <TableCell>
                <Box component="span" sx={visuallyHidden}>
                  Actions
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((v) => (
              <TableRow key={v.n} selected={v.n === modified || v.n === original}>
                <TableCell>
                  {v.n}
                  {v.n === newest ? ' (newest)' : ''}
                </TableCell>
                <TableCell>{v.who ? v.who.name : 'Not known'}</TableCell>
                <TableCell>
                  <When iso={v.when} />
                </TableCell>
                <TableCell align="right">{v.lines}</TableCell>
                <TableCell>
                  <Typography component="code" variant="body2" title={v.digest}>
                    {shortDigest(v.digest)}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Button
                      size="small"
                      aria-label={`Compare version ${v.n} with the one before`}
                      onClick={() => {
                        setModified(v.n);
                        setOriginal(items.find((w) => w.n < v.n)?.n ?? v.n);
                      }}
                    >
                      Compare
                    </Button>
                    {canRestore && v.n !== newest && (
                      <Button
                        size="small"
                        aria-label={`Restore version ${v.n}`}
                        onClick={() => setRestoring(v.n)}
                      >
                        Restore
                      </Button>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {!canRestore && (
          <Typography variant="body2" color="text.secondary">
            You may read this pipeline but not update it: you can compare its versions, not restore
            one.
          </Typography>
        )}
      </Stack>

      <Stack component="section" aria-labelledby={diffHeadingId} spacing={2}>
        <Typography id={diffHeadingId} variant="h6" component="h2">
          Compare versions
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <SelectField
            label="From"
            value={String(original)}
            onChange={(value) => setOriginal(Number(value))}
          >
            {items.map(option)}
          </SelectField>
          <SelectField
            label="To"
            value={String(modified)}
            onChange={(value) => setModified(Number(value))}
          >
            {items.map(option)}
          </SelectField>
        </Stack>
        <VersionDiff pipelineId={pipeline.id} original={original} modified={modified} />
      </Stack>

      <ConfirmDialog
        open={restoring !== undefined}
        title={`Restore version ${restoring} of ${name}?`}
        confirmLabel="Restore this version"
        pending={restore.isPending}
        onConfirm={confirmRestore}
        onClose={() => setRestoring(undefined)}
      >
        The definition of <strong>{name}</strong> becomes the text of version {restoring}, saved as
        a new version. The versions in between stay in the history.
      </ConfirmDialog>
    </Stack>
  );
}

type VersionDiffProps = { pipelineId: string; original: number; modified: number };

/** The two versions' texts in Monaco's diff editor, read-only, once both are here. */
function VersionDiff({ pipelineId, original, modified }: VersionDiffProps) {
  const from = usePipelineVersion(pipelineId, original);
  const to = usePipelineVersion(pipelineId, modified);
  if (from.error || to.error) {
    return (
      <Alert severity="error">
        The versions could not be loaded: {errorMessage(from.error ?? to.error)}
      </Alert>
    );
  }
  if (!from.data || !to.data) return <LoadingState label="Loading the versions to compare" />;
  return (
    <>
      {original === modified && (
        <Typography variant="body2" color="text.secondary">
          Both sides show version {original}: choose another version to see what changed.
        </Typography>
      )}
      <DiffView
        modelUri={pipelineModelUri(pipelineId, 'history')}
        original={from.data.definition}
        modified={to.data.definition}
        originalLabel={`Version ${original} of the definition (read-only)`}
        modifiedLabel={`Version ${modified} of the definition (read-only)`}
      />
    </>
  );
}
