import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Link as RouterLink } from 'react-router';
import { PIPELINE_SOURCE_LABELS, type PipelineSourceView } from '@contract/pipeline-sources';
import {
  updatePipelineRequestSchema,
  type Pipeline,
  type UpdatePipelineRequest,
} from '@contract/pipelines';
import { isStale } from '@/components/resource-stale-alert';
import { toast } from '@/components/toast-store';
import { pipelineDefinitionPath, pipelineHistoryPath } from '@/config/links';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
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
import { PipelineStaleAlert } from './pipeline-stale-alert';

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
        </>
      )}
    </Stack>
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
      .then(() => setStaleBasis(undefined))
      .finally(() => setReloading(false));
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 720 }}>
      {staleBasis && (
        <PipelineStaleAlert
          edited={staleBasis}
          onReload={onReload}
          reloading={reloading}
          kept="Your choice is kept below"
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
      {pipeline.source.type === 'inline' && (
        <Stack direction="row" spacing={2}>
          <Button
            component={RouterLink}
            to={pipelineDefinitionPath(pipeline.id)}
            variant={canUpdate ? 'contained' : 'outlined'}
          >
            {canUpdate ? 'Edit the definition' : 'Open in the editor'}
          </Button>
          <Button component={RouterLink} to={pipelineHistoryPath(pipeline.id)} variant="outlined">
            History
          </Button>
        </Stack>
      )}
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
