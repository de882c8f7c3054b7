import Alert from '@mui/material/Alert';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import {
  createPipelineRequestSchema,
  type CreatePipelineRequest,
  type Pipeline,
} from '@contract/pipelines';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { isApiError } from '@/lib/api/api-error';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useCreatePipeline } from '../api/create-pipeline';
import { PIPELINE_NAME_HINT, PROJECT_NAME_HINT } from './pipeline-details-form';
import {
  PipelineSourceFields,
  SOURCE_FIELD_PATHS,
  refuseTurnedOffSource,
  sourceFormValues,
  sourceRequestOf,
  type PipelineSourceFormValues,
  type SourceSwitches,
} from './pipeline-source-fields';
import { FormTagField } from '@/entities/tags/components/form-tag-field';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

type PipelineFormValues = {
  name: string;
  project: string;
  tags: string[];
  source: PipelineSourceFormValues;
};

const FIELDS: readonly Path<PipelineFormValues>[] = [
  'name',
  'project',
  'tags',
  ...SOURCE_FIELD_PATHS,
];

const requestBodyOf = (values: PipelineFormValues): CreatePipelineRequest => ({
  name: values.name,
  project: values.project,
  tags: values.tags,
  source: sourceRequestOf(values.source),
});

type PipelineCreateDialogProps = {
  open: boolean;
  /** Which definition sources the account allows (`GET /api/me`, `account.pipelineSources`). */
  sourceSwitches: SourceSwitches;
  onClose: () => void;
  /** The pipeline exists: the caller tells the person and, if they may see it, opens it. */
  onCreated: (pipeline: Pipeline) => void;
};

/**
 * Creates a pipeline: its name, project, tags and where its definition comes from (P-4.1).
 * Whether the person may create one with these tags is the server's to say (P-2.6), and so is
 * whether the account allows the source; a refusal is shown in its words, with what to do.
 */
export function PipelineCreateDialog({
  open,
  sourceSwitches,
  onClose,
  onCreated,
}: PipelineCreateDialogProps) {
  const create = useCreatePipeline();
  return (
    <FormDialog open={open} pending={create.isPending} onClose={onClose}>
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>New pipeline</DialogTitle>
          <PipelineCreateForm
            create={create}
            sourceSwitches={sourceSwitches}
            onClose={onClose}
            onCreated={onCreated}
          />
        </>
      )}
    </FormDialog>
  );
}

type PipelineCreateFormProps = Omit<PipelineCreateDialogProps, 'open'> & {
  create: ReturnType<typeof useCreatePipeline>;
};

function PipelineCreateForm({
  create,
  sourceSwitches,
  onClose,
  onCreated,
}: PipelineCreateFormProps) {
  const [failure, setFailure] = useState<string>();
  const resolver = useMemo(
    () =>
      requestBodyResolver<PipelineFormValues, CreatePipelineRequest>(
        createPipelineRequestSchema,
        requestBodyOf,
        (values) => refuseTurnedOffSource<PipelineFormValues>(values, sourceSwitches),
      ),
    [sourceSwitches],
  );
  const { control, handleSubmit, setError } = useForm<
    PipelineFormValues,
    unknown,
    CreatePipelineRequest
  >({
    resolver,
    defaultValues: {
      name: '',
      project: '',
      tags: [],
      source: sourceFormValues(undefined, sourceSwitches),
    },
    mode: 'onChange',
  });

  const onSubmit = handleSubmit((body) => {
    setFailure(undefined);
    create.mutate(body, {
      onSuccess: onCreated,
      onError: (error) => {
        if (isApiError(error, 403) && error.problem.code === 'missing-privilege') {
          setFailure(
            `${error.message} Choose other tags (or none), or ask an administrator for a rule that lets your team create pipelines with these tags.`,
          );
          return;
        }
        setFailure(applyServerErrors(error, setError, FIELDS));
      },
    });
  });

  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <DialogContentText>
            The rules of your teams say which tags a new pipeline may be given; a pipeline without
            tags is covered by the rules for untagged pipelines.
          </DialogContentText>
          {failure && <Alert severity="error">{failure}</Alert>}
          <FormTextField
            control={control}
            name="name"
            label="Pipeline name"
            helperText={PIPELINE_NAME_HINT}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            fullWidth
            required
            sx={{ mt: 1 }}
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
          <FormTagField control={control} name="tags" resourceType="pipeline" />
          <PipelineSourceFields control={control} switches={sourceSwitches} />
        </Stack>
      </DialogContent>
      <FormDialogActions
        pending={create.isPending}
        submitLabel="Create pipeline"
        onCancel={onClose}
      />
    </form>
  );
}
