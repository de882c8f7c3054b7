import Alert from '@mui/material/Alert';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Controller, useWatch, type Control, type FieldValues, type Path } from 'react-hook-form';
import { GIT_PROVIDER_KIND_LABELS } from '@contract/integrations';
import {
  INLINE_TEMPLATE,
  PIPELINE_SOURCE_LABELS,
  PIPELINE_SOURCE_TYPES,
  sourceDisabledReason,
  type PipelineSourceInput,
  type PipelineSourceType,
  type PipelineSourceView,
} from '@contract/pipeline-sources';
import { FormTextField } from '@/components/form/form-text-field';
import { ErrorState, LoadingState } from '@/components/states';
import type { FieldRefusal } from '@/lib/form-resolver';
import { useGitProviderChoices } from '@/entities/git-providers/api/get-git-providers';

/** What the source fields hold: every source's fields, of which the chosen type's are sent. */
export type PipelineSourceFormValues = {
  type: PipelineSourceType;
  gitProviderId: string;
  repository: string;
  branch: string;
  path: string;
  url: string;
  /** The inline definition kept as it is (the editor that changes it comes later). */
  yaml: string;
};

/** The account's switches (P-4.2): which sources may be chosen. */
export type SourceSwitches = Record<PipelineSourceType, boolean>;

/** The names of the fields under `source`, as the server's 422 `errors[].path` names them. */
export const SOURCE_FIELD_PATHS = [
  'source.type',
  'source.gitProviderId',
  'source.repository',
  'source.branch',
  'source.path',
  'source.url',
  'source.yaml',
] as const;

/** The form's values for a saved source, or for a new pipeline (the first allowed source). */
export function sourceFormValues(
  source: PipelineSourceView | undefined,
  switches: SourceSwitches,
): PipelineSourceFormValues {
  const type = source?.type ?? PIPELINE_SOURCE_TYPES.find((t) => switches[t]) ?? 'inline';
  return {
    type,
    gitProviderId: source?.type === 'git' ? (source.gitProviderId ?? '') : '',
    repository: source?.type === 'git' ? source.repository : '',
    branch: source?.type === 'git' ? source.branch : '',
    path: source?.type === 'git' ? source.path : '',
    url: source?.type === 'url' ? source.url : '',
    yaml: source?.type === 'inline' && source.yaml !== undefined ? source.yaml : INLINE_TEMPLATE,
  };
}

/** The request's `source` for the chosen type, with only that type's fields. */
export function sourceRequestOf(values: PipelineSourceFormValues): PipelineSourceInput {
  switch (values.type) {
    case 'git':
      return {
        type: 'git',
        gitProviderId: values.gitProviderId,
        repository: values.repository,
        branch: values.branch,
        path: values.path,
      };
    case 'url':
      return { type: 'url', url: values.url };
    default:
      return { type: 'inline', yaml: values.yaml };
  }
}

/**
 * Refuses, before saving, a source the account has turned off (the server would answer 422 on
 * `source.type`), unless it is the source the pipeline already has.
 */
export function refuseTurnedOffSource<T extends FieldValues>(
  values: { source: PipelineSourceFormValues },
  switches: SourceSwitches,
  current?: PipelineSourceType,
): FieldRefusal<T> | undefined {
  const { type } = values.source;
  if (switches[type] || type === current) return undefined;
  return {
    name: 'source.type' as Path<T>,
    type: 'source-disabled',
    message: sourceDisabledReason(type),
  };
}

/** How many lines an inline definition has, in words. */
export function lineCount(yaml: string): string {
  const lines = yaml.replace(/\n$/, '').split('\n').length;
  return lines === 1 ? '1 line' : `${lines} lines`;
}

type PipelineSourceFieldsProps<T extends { source: PipelineSourceFormValues }> = {
  control: Control<T, unknown, unknown>;
  switches: SourceSwitches;
  /** The source the pipeline has now (changing it): still offered when turned off since. */
  current?: PipelineSourceView;
};

/**
 * "Definition source" (P-4.1): inline (from the template), a file in a git repository, or a
 * public URL. Sources the account has turned off are shown disabled, with the reason.
 */
export function PipelineSourceFields<T extends { source: PipelineSourceFormValues }>({
  control,
  switches,
  current,
}: PipelineSourceFieldsProps<T>) {
  const labelId = useId();
  const hintId = useId();
  const type = useWatch({ control, name: 'source.type' as Path<T> }) as PipelineSourceType;
  const name = (field: keyof PipelineSourceFormValues) => `source.${field}` as Path<T>;
  return (
    <Stack spacing={2}>
      <Controller
        control={control}
        name={name('type')}
        render={({ field, fieldState }) => (
          <FormControl component="fieldset" error={fieldState.invalid} required>
            <FormLabel component="legend" id={labelId}>
              Definition source
            </FormLabel>
            <RadioGroup
              aria-labelledby={labelId}
              name={field.name}
              value={field.value as string}
              onChange={(_event, value) => field.onChange(value)}
            >
              {PIPELINE_SOURCE_TYPES.map((option, index) => {
                const disabled = !switches[option] && current?.type !== option;
                const reasonId = `${hintId}-${option}`;
                return (
                  <Stack key={option}>
                    <FormControlLabel
                      value={option}
                      label={PIPELINE_SOURCE_LABELS[option]}
                      disabled={disabled}
                      control={
                        <Radio
                          onBlur={field.onBlur}
                          slotProps={{
                            input: {
                              ref: index === 0 ? field.ref : undefined,
                              'aria-describedby': disabled ? reasonId : undefined,
                            },
                          }}
                        />
                      }
                    />
                    {disabled && (
                      <FormHelperText id={reasonId} error={false} sx={{ mt: -0.5, ml: 4 }}>
                        {sourceDisabledReason(option)}
                      </FormHelperText>
                    )}
                  </Stack>
                );
              })}
            </RadioGroup>
            {fieldState.error && <FormHelperText>{fieldState.error.message}</FormHelperText>}
          </FormControl>
        )}
      />
      {type === 'inline' && <InlineNote control={control} current={current} />}
      {type === 'git' && <GitSourceFields control={control} />}
      {type === 'url' && (
        <FormTextField
          control={control}
          name={name('url')}
          label="URL"
          type="url"
          required
          fullWidth
          autoComplete="off"
          spellCheck={false}
          helperText="The https:// address of the YAML file, readable without credentials."
        />
      )}
    </Stack>
  );
}

function InlineNote<T extends { source: PipelineSourceFormValues }>({
  control,
  current,
}: {
  control: Control<T, unknown, unknown>;
  current?: PipelineSourceView;
}) {
  const yaml = useWatch({ control, name: 'source.yaml' as Path<T> }) as string;
  const keeps = current?.type === 'inline' && current.yaml !== undefined;
  return (
    <Typography variant="body2" sx={{ color: 'text.secondary' }}>
      {keeps
        ? `The definition stays as it is (${lineCount(yaml)} of YAML).`
        : 'The definition starts from a small template with one step that says hello.'}{' '}
      Its YAML is edited in the editor, from the pipeline’s page.
    </Typography>
  );
}

function GitSourceFields<T extends { source: PipelineSourceFormValues }>({
  control,
}: {
  control: Control<T, unknown, unknown>;
}) {
  const providers = useGitProviderChoices();
  const name = (field: keyof PipelineSourceFormValues) => `source.${field}` as Path<T>;
  if (providers.error) {
    return (
      <ErrorState
        title="The git providers could not be loaded."
        error={providers.error}
        onRetry={() => void providers.refetch()}
      />
    );
  }
  if (!providers.data) return <LoadingState label="Loading the git providers" />;
  if (providers.data.items.length === 0) {
    return (
      <Alert severity="info">
        The account has no git providers yet. An administrator adds them under Integrations; until
        then, choose another source.
      </Alert>
    );
  }
  return (
    <Stack spacing={2}>
      <FormTextField
        control={control}
        name={name('gitProviderId')}
        label="Git provider"
        select
        required
        fullWidth
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="">Choose a git provider</option>
        {providers.data.items.map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.name} ({GIT_PROVIDER_KIND_LABELS[provider.kind]})
          </option>
        ))}
      </FormTextField>
      <FormTextField
        control={control}
        name={name('repository')}
        label="Repository"
        required
        fullWidth
        autoComplete="off"
        spellCheck={false}
        helperText="Type it as owner/repository (group/subgroup/repository on GitLab)."
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormTextField
          control={control}
          name={name('branch')}
          label="Branch"
          required
          fullWidth
          autoComplete="off"
          spellCheck={false}
          helperText="Such as main."
        />
        <FormTextField
          control={control}
          name={name('path')}
          label="Path"
          required
          fullWidth
          autoComplete="off"
          spellCheck={false}
          helperText="From the repository's root, such as codefresh.yml."
        />
      </Stack>
    </Stack>
  );
}
