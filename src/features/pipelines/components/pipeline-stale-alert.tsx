import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { PIPELINE_SOURCE_LABELS } from '@contract/pipeline-sources';
import type { Pipeline } from '@contract/pipelines';
import { ErrorState } from '@/components/states';
import { getPipeline } from '@/entities/pipelines/api/get-pipeline';
import { lineCount } from './pipeline-source-fields';

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

type PipelineStaleAlertProps = {
  /** The version the refused change was based on. */
  edited: Pipeline;
  onReload: () => void;
  reloading: boolean;
  /** Where what the person entered stays: "Your choice is kept below". */
  kept: string;
};

/**
 * A change to a pipeline refused because someone else saved first (412): nothing was
 * overwritten. Offers to see what changed (the fields that differ between the version the person
 * edited and the one saved now) and to reload.
 */
export function PipelineStaleAlert({ edited, onReload, reloading, kept }: PipelineStaleAlertProps) {
  const [comparison, setComparison] = useState<
    | { state: 'loading' }
    | { state: 'loaded'; current: Pipeline }
    | { state: 'failed'; error: unknown }
  >();
  const onCompare = () => {
    setComparison({ state: 'loading' });
    getPipeline(edited.id)
      .then((current) => setComparison({ state: 'loaded', current }))
      .catch((error: unknown) => setComparison({ state: 'failed', error }));
  };
  return (
    <Stack spacing={2}>
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
        Someone else changed pipeline {edited.project}/{edited.name} after you loaded it, so your
        change was not saved. {kept}: see what changed, reload, then save again.
      </Alert>
      {comparison?.state === 'loaded' && (
        <WhatChanged edited={edited} current={comparison.current} />
      )}
      {comparison?.state === 'failed' && (
        <ErrorState
          title="The current version could not be loaded."
          error={comparison.error}
          onRetry={onCompare}
        />
      )}
    </Stack>
  );
}
