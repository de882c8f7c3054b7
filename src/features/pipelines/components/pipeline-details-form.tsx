import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { pipelineNameSchema, projectNameSchema, type Pipeline } from '@contract/pipelines';
import { FormTextField } from '@/components/form/form-text-field';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { useUpdatePipeline } from '../api/update-pipeline';
import { isStale } from '@/components/resource-stale-alert';
import { PipelineStaleAlert } from './pipeline-stale-alert';

export const PIPELINE_NAME_HINT = 'Letters, digits, hyphens, dots and underscores, such as deploy.';
export const PROJECT_NAME_HINT = 'The project it belongs to, such as payments.';

const pipelineDetailsFormSchema = z.object({
  name: pipelineNameSchema,
  project: projectNameSchema,
});
type PipelineDetailsFormValues = z.input<typeof pipelineDetailsFormSchema>;

type PipelineDetailsFormProps = {
  pipeline: Pipeline;
  /** Loads the pipeline again, after someone else's change. */
  reload: () => Promise<unknown>;
};

/**
 * Renames a pipeline or moves it to another project (needs update). The change is based on the
 * version shown: when someone else saved first, nothing is overwritten; the person is told, and
 * keeps what they typed while they reload.
 */
export function PipelineDetailsForm({ pipeline, reload }: PipelineDetailsFormProps) {
  const update = useUpdatePipeline();
  const [failure, setFailure] = useState<string>();
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const {
    control,
    handleSubmit,
    setError,
    reset,
    formState: { isDirty },
  } = useForm<PipelineDetailsFormValues>({
    resolver: zodResolver(pipelineDetailsFormSchema),
    // Follows the saved pipeline (after saving, a reload) except for what is being edited.
    values: { name: pipeline.name, project: pipeline.project },
    resetOptions: { keepDirtyValues: true },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit(({ name, project }) => {
    setFailure(undefined);
    setStale(false);
    const change = {
      ...(name !== pipeline.name ? { name } : {}),
      ...(project !== pipeline.project ? { project } : {}),
    };
    if (Object.keys(change).length === 0) return;
    update.mutate(
      { id: pipeline.id, version: pipeline.version, change },
      {
        onSuccess: (saved) => {
          reset({ name: saved.name, project: saved.project });
          toast.success(`Pipeline saved as ${saved.project}/${saved.name}`);
        },
        onError: (error) => {
          if (isStale(error)) setStale(true);
          else setFailure(applyServerErrors(error, setError, ['name', 'project']));
        },
      },
    );
  });

  const onReload = async () => {
    setReloading(true);
    try {
      await reload();
      setStale(false);
    } finally {
      setReloading(false);
    }
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 720 }}>
      {stale && (
        <PipelineStaleAlert
          edited={pipeline}
          onReload={() => void onReload()}
          reloading={reloading}
          kept="What you typed is kept below"
        />
      )}
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <FormTextField
          control={control}
          name="name"
          label="Pipeline name"
          helperText={PIPELINE_NAME_HINT}
          autoComplete="off"
          spellCheck={false}
          fullWidth
          required
        />
        <FormTextField
          control={control}
          name="project"
          label="Project"
          helperText={PROJECT_NAME_HINT}
          autoComplete="off"
          spellCheck={false}
          fullWidth
          required
        />
        <Button
          type="submit"
          variant="outlined"
          loading={update.isPending}
          disabled={!isDirty || stale}
          sx={{ flexShrink: 0, mt: { sm: 1 } }}
        >
          Save
        </Button>
      </Stack>
    </Stack>
  );
}
