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
import { useId, useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { PIPELINE_SOURCE_LABELS, type PipelineSourceView } from '@contract/pipeline-sources';
import {
  updatePipelineRequestSchema,
  type Pipeline,
  type UpdatePipelineRequest,
} from '@contract/pipelines';
import { isStale } from '@/components/resource-stale-alert';
import { ErrorState } from '@/components/states';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { getPipeline } from '../api/get-pipeline';
import { useUpdatePipeline } from '../api/update-pipeline';
import {
  PipelineSourceFields,
  SOURCE_FIELD_PATHS,
  lineCount,
  refuseTurnedOffSource,
  sourceFormValues,
  sourceRequestOf,
  type PipelineSourceFormValues,
  type SourceSwitches,
} from './pipeline-source-fields';

type SourceFormValues = { source: PipelineSourceFormValues };

/** The source in words, one labelled line per field. */
function SourceSummary({ source }: { source: PipelineSourceView }) {
  const rows: [string, string][] =
    source.type === 'git'
      ? [
          ['Git provider', source.gitProviderName ?? 'Deleted git provider'],
          ['Repository', source.repository],
          ['Branch', source.branch],
          ['Path', source.path],
        ]
      : source.type === 'url'
        ? [['URL', source.url]]
        : [];
  return (
    <Stack spacing={1}>
      <Typography>
        <strong>{PIPELINE_SOURCE_LABELS[source.type]}</strong>
        {source.type === 'inline' && source.yaml !== undefined && ` · ${lineCount(source.yaml)}`}
      </Typography>
      {rows.length > 0 && (
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 1, m: 0 }}
        >
          {rows.map(([label, value]) => (
            <Box key={label} sx={{ display: 'contents' }}>
              <Typography component="dt" sx={{ color: 'text.secondary' }}>
                {label}
              </Typography>
              <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                {value}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {source.type === 'inline' && source.yaml !== undefined && (
        <>
          <Box
            component="pre"
            tabIndex={0}
            aria-label="Inline definition (read-only)"
            sx={{
              m: 0,
              p: 2,
              maxHeight: 320,
              overflow: 'auto',
              bgcolor: 'action.hover',
              borderRadius: 1,
              fontSize: 13,
            }}
          >
            {source.yaml}
          </Box>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            Read-only here: editing the definition arrives with the pipeline editor.
          </Typography>
        </>
      )}
    </Stack>
  );
}

/** Each field a person reads, as a line, for comparing two versions of a pipeline. */
function comparableFields(pipeline: Pipeline): [string, string][] {
  const { source } = pipeline;
  return [
    ['Name', pipeline.name],
    ['Project', pipeline.project],
    ['Tags', pipeline.tags.length > 0 ? pipeline.tags.join(', ') : 'None'],
    ['Definition source', PIPELINE_SOURCE_LABELS[source.type]],
    [
      'Inline definition',
      source.type === 'inline' && source.yaml !== undefined ? source.yaml : '—',
    ],
    ['Git provider', source.type === 'git' ? (source.gitProviderName ?? 'Deleted') : '—'],
    ['Repository', source.type === 'git' ? source.repository : '—'],
    ['Branch', source.type === 'git' ? source.branch : '—'],
    ['Path', source.type === 'git' ? source.path : '—'],
    ['URL', source.type === 'url' ? source.url : '—'],
  ];
}

/** The fields that differ between the version the person edited and the one saved now. */
export function changedFields(edited: Pipeline, current: Pipeline) {
  const before = comparableFields(edited);
  const after = comparableFields(current);
  return before
    .map(([field, value], index) => ({ field, before: value, after: after[index]![1] }))
    .filter((row) => row.before !== row.after)
    .map((row) =>
      row.field === 'Inline definition'
        ? {
            ...row,
            before: row.before === '—' ? row.before : `${lineCount(row.before)} (as you loaded it)`,
            after: row.after === '—' ? row.after : `${lineCount(row.after)}, changed`,
          }
        : row,
    );
}

function WhatChanged({ edited, current }: { edited: Pipeline; current: Pipeline }) {
  const rows = changedFields(edited, current);
  if (rows.length === 0) {
    return (
      <Typography variant="body2">
        Version {current.version} differs from yours in nothing shown here (its privileges or access
        may have changed).
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="What changed">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>When you loaded it (version {edited.version})</TableCell>
          <TableCell>Now (version {current.version})</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.field}>
            <TableCell component="th" scope="row">
              {row.field}
            </TableCell>
            <TableCell>{row.before}</TableCell>
            <TableCell>{row.after}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type ChangeSourceFormProps = {
  pipeline: Pipeline;
  switches: SourceSwitches;
  reload: () => Promise<unknown>;
  onDone: () => void;
};

/**
 * Changes where the definition comes from, based on the version shown. When someone else saved
 * first (412), what the person chose stays; they may reload, or first see what changed.
 */
function ChangeSourceForm({ pipeline, switches, reload, onDone }: ChangeSourceFormProps) {
  const update = useUpdatePipeline();
  const [failure, setFailure] = useState<string>();
  /** The version the refused change was based on, while the 412 is unresolved. */
  const [staleBasis, setStaleBasis] = useState<Pipeline>();
  const [reloading, setReloading] = useState(false);
  const [comparison, setComparison] = useState<
    | { state: 'loading' }
    | { state: 'loaded'; current: Pipeline }
    | { state: 'failed'; error: unknown }
  >();
  const currentType = pipeline.source.type;
  const resolver = useMemo(
    () =>
      requestBodyResolver<SourceFormValues, UpdatePipelineRequest>(
        updatePipelineRequestSchema,
        (values) => ({ source: sourceRequestOf(values.source) }),
        (values) => refuseTurnedOffSource<SourceFormValues>(values, switches, currentType),
      ),
    [switches, currentType],
  );
  const { control, handleSubmit, setError } = useForm<
    SourceFormValues,
    unknown,
    UpdatePipelineRequest
  >({
    resolver,
    // Only at the start: after a reload, what the person chose stays.
    defaultValues: { source: sourceFormValues(pipeline.source, switches) },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit((change) => {
    setFailure(undefined);
    setStaleBasis(undefined);
    setComparison(undefined);
    update.mutate(
      { id: pipeline.id, version: pipeline.version, change },
      {
        onSuccess: (saved) => {
          toast.success(`Definition source of ${saved.project}/${saved.name} saved`);
          onDone();
        },
        onError: (error) => {
          if (isStale(error)) setStaleBasis(pipeline);
          else {
            setFailure(
              applyServerErrors(
                error,
                setError,
                SOURCE_FIELD_PATHS as readonly Path<SourceFormValues>[],
              ),
            );
          }
        },
      },
    );
  });

  const onReload = () => {
    setReloading(true);
    void reload()
      .then(() => {
        setStaleBasis(undefined);
        setComparison(undefined);
      })
      .finally(() => setReloading(false));
  };

  const onCompare = () => {
    setComparison({ state: 'loading' });
    getPipeline(pipeline.id)
      .then((current) => setComparison({ state: 'loaded', current }))
      .catch((error: unknown) => setComparison({ state: 'failed', error }));
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 720 }}>
      {staleBasis && (
        <Alert
          severity="warning"
          action={
            <Stack direction="row" spacing={1}>
              <Button
                color="inherit"
                size="small"
                onClick={onCompare}
                loading={comparison?.state === 'loading'}
              >
                See what changed
              </Button>
              <Button color="inherit" size="small" onClick={onReload} loading={reloading}>
                Reload
              </Button>
            </Stack>
          }
        >
          Someone else changed pipeline {staleBasis.project}/{staleBasis.name} after you loaded it,
          so your change was not saved. Your choice is kept below: see what changed, reload, then
          save again.
        </Alert>
      )}
      {staleBasis && comparison?.state === 'loaded' && (
        <WhatChanged edited={staleBasis} current={comparison.current} />
      )}
      {staleBasis && comparison?.state === 'failed' && (
        <ErrorState
          title="The current version could not be loaded."
          error={comparison.error}
          onRetry={onCompare}
        />
      )}
      {failure && <Alert severity="error">{failure}</Alert>}
      <PipelineSourceFields control={control} switches={switches} current={pipeline.source} />
      <Stack direction="row" spacing={1}>
        <Button
          type="submit"
          variant="contained"
          loading={update.isPending}
          disabled={staleBasis !== undefined}
        >
          Save source
        </Button>
        <Button onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
      </Stack>
    </Stack>
  );
}

type PipelineDefinitionSectionProps = {
  pipeline: Pipeline;
  /** Which definition sources the account allows (`GET /api/me`). */
  switches: SourceSwitches;
  /** Loads the pipeline again, after someone else's change. */
  reload: () => Promise<unknown>;
};

/**
 * "Definition": where the pipeline's definition comes from (P-4.1), and for people with update
 * a form to change it, saved with the version shown.
 */
export function PipelineDefinitionSection({
  pipeline,
  switches,
  reload,
}: PipelineDefinitionSectionProps) {
  const headingId = useId();
  const [changing, setChanging] = useState(false);
  const canUpdate = pipeline.privileges.includes('update');
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Definition
      </Typography>
      <SourceSummary source={pipeline.source} />
      {canUpdate &&
        (changing ? (
          <ChangeSourceForm
            pipeline={pipeline}
            switches={switches}
            reload={reload}
            onDone={() => setChanging(false)}
          />
        ) : (
          <Box>
            <Button variant="outlined" onClick={() => setChanging(true)}>
              Change source
            </Button>
          </Box>
        ))}
    </Stack>
  );
}
