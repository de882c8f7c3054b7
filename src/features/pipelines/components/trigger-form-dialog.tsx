import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm, useWatch, type Path } from 'react-hook-form';
import { z } from 'zod';
import { GIT_PROVIDER_KIND_LABELS, type GitProvider } from '@contract/integrations';
import { RUNNER_STATE_LABELS, type RunnerChoice } from '@contract/runners';
import {
  PULL_REQUEST_EVENTS,
  TRIGGER_EVENTS,
  TRIGGER_EVENT_LABELS,
  createTriggerRequestSchema,
  repositoryProblem,
  type Trigger,
  type TriggerEvent,
  type TriggerWithSecret,
} from '@contract/triggers';
import { FormDialog } from '@/components/form/form-dialog';
import { FormTextField } from '@/components/form/form-text-field';
import { ResourceStaleAlert, useStaleness } from '@/components/resource-stale-alert';
import { LoadingState, ErrorState } from '@/components/states';
import { ApiError } from '@/lib/api/api-error';
import { applyServerErrors } from '@/lib/form-errors';
import { useGitProviderChoices } from '@/entities/git-providers/api/get-git-providers';
import { useRunnerChoices } from '@/entities/runners/api/get-runner-choices';
import { useCreateTrigger, useUpdateTrigger } from '../api/save-trigger';
import { FormDialogActions } from '@/components/form/form-dialog-actions';

export type TriggerFormValues = {
  gitProviderId: string;
  runnerId: string;
  repository: string;
  events: TriggerEvent[];
  branchFilter: string;
  modifiedFilesGlob: string;
};

const FIELDS: readonly Path<TriggerFormValues>[] = [
  'gitProviderId',
  'runnerId',
  'repository',
  'events',
  'branchFilter',
  'modifiedFilesGlob',
];

/** "dc-eu-1 (no app-proxy, offline)": what matters when choosing it. */
function runnerOption(runner: RunnerChoice): string {
  const proxy = runner.appProxy ? 'with app-proxy' : 'no app-proxy';
  const state =
    runner.state !== 'online' ? `, ${RUNNER_STATE_LABELS[runner.state].toLowerCase()}` : '';
  return `${runner.name} (${proxy}${state})`;
}

const isPullRequestEvent = (event: TriggerEvent) => PULL_REQUEST_EVENTS.includes(event);

/** Why pull-request events cannot be chosen with this runner, or undefined when they can. */
export function pullRequestRefusal(runner: RunnerChoice | undefined): string | undefined {
  if (!runner) return 'Choose a runner with the app-proxy to receive pull-request events.';
  if (runner.appProxy) return undefined;
  return `Runner ${runner.name} has no app-proxy: pull-request events reach Perimeter only through a runner's app-proxy.`;
}

/** The contract's field rules, plus those that depend on the chosen provider and runner. */
function triggerFormSchema(providers: GitProvider[], runners: RunnerChoice[]) {
  const fields = createTriggerRequestSchema.shape;
  return z
    .object({
      gitProviderId: fields.gitProviderId,
      runnerId: fields.runnerId,
      repository: fields.repository,
      events: fields.events,
      branchFilter: z.string().trim().max(500, 'A branch filter has at most 500 characters.'),
      modifiedFilesGlob: z.string().trim().max(500, 'A glob has at most 500 characters.'),
    })
    .superRefine((values, ctx) => {
      const provider = providers.find((p) => p.id === values.gitProviderId);
      if (!provider) return;
      const problem = repositoryProblem(provider.kind, values.repository);
      if (problem) ctx.addIssue({ code: 'custom', path: ['repository'], message: problem });
      const runner = runners.find((r) => r.id === values.runnerId);
      const refusal = pullRequestRefusal(runner);
      if (refusal && values.events.some(isPullRequestEvent)) {
        ctx.addIssue({ code: 'custom', path: ['events'], message: refusal });
      }
    });
}

type TriggerFormDialogProps = {
  open: boolean;
  pipelineId: string;
  /** The trigger to edit; a new one when left out. */
  trigger?: Trigger;
  onClose: () => void;
  onCreated: (trigger: TriggerWithSecret) => void;
  onSaved: (trigger: Trigger) => void;
  /** Loads the trigger again, after someone else's change (412); `trigger` then follows. */
  reload: () => Promise<unknown>;
};

/** Adds a git trigger to a pipeline, or changes one. */
export function TriggerFormDialog(props: TriggerFormDialogProps) {
  const { open, pipelineId, trigger, onClose } = props;
  const create = useCreateTrigger(pipelineId);
  const update = useUpdateTrigger(pipelineId);
  return (
    <FormDialog
      open={open}
      pending={create.isPending || update.isPending}
      onClose={onClose}
      maxWidth="md"
    >
      {(titleId) => (
        <>
          <DialogTitle id={titleId}>
            {trigger ? `Edit the trigger on ${trigger.repository}` : 'Add a git trigger'}
          </DialogTitle>
          <TriggerFormLoader {...props} create={create} update={update} />
        </>
      )}
    </FormDialog>
  );
}

type TriggerMutations = {
  create: ReturnType<typeof useCreateTrigger>;
  update: ReturnType<typeof useUpdateTrigger>;
};

function TriggerFormLoader(props: TriggerFormDialogProps & TriggerMutations) {
  const providers = useGitProviderChoices();
  const runners = useRunnerChoices(props.pipelineId);
  const retry = () => {
    void providers.refetch();
    void runners.refetch();
  };
  const error = providers.error ?? runners.error;
  if (error) {
    return (
      <DialogContent>
        <ErrorState title="The choices could not be loaded." error={error} onRetry={retry} />
      </DialogContent>
    );
  }
  if (!providers.data || !runners.data) {
    return (
      <DialogContent>
        <LoadingState label="Loading git providers and runners" />
      </DialogContent>
    );
  }
  return <TriggerForm {...props} providers={providers.data.items} runners={runners.data.items} />;
}

type TriggerFormProps = TriggerFormDialogProps &
  TriggerMutations & {
    providers: GitProvider[];
    runners: RunnerChoice[];
  };

function TriggerForm({
  pipelineId,
  trigger,
  providers,
  runners,
  onClose,
  onCreated,
  onSaved,
  reload,
  create,
  update,
}: TriggerFormProps) {
  const pending = create.isPending || update.isPending;
  const [failure, setFailure] = useState<string>();
  const staleness = useStaleness(reload);
  const eventsHelpId = useId();
  const schema = useMemo(() => triggerFormSchema(providers, runners), [providers, runners]);
  const currentRunnerListed = !trigger || runners.some((r) => r.id === trigger.runner.id);
  const savedValues = useMemo(
    () => ({
      gitProviderId: trigger?.gitProvider.id ?? (providers.length === 1 ? providers[0]!.id : ''),
      runnerId: trigger && currentRunnerListed ? trigger.runner.id : '',
      repository: trigger?.repository ?? '',
      events: trigger?.events ?? [],
      branchFilter: trigger?.branchFilter ?? '',
      modifiedFilesGlob: trigger?.modifiedFilesGlob ?? '',
    }),
    [trigger, providers, currentRunnerListed],
  );
  const { control, handleSubmit, setError, setValue, getValues } = useForm<TriggerFormValues>({
    resolver: zodResolver(schema),
    defaultValues: savedValues,
    // An edit follows the saved trigger (after a reload) except for what is being changed.
    ...(trigger ? { values: savedValues, resetOptions: { keepDirtyValues: true } } : {}),
  });
  const providerId = useWatch({ control, name: 'gitProviderId' });
  const runnerId = useWatch({ control, name: 'runnerId' });
  const provider = providers.find((p) => p.id === providerId);
  const runner = runners.find((r) => r.id === runnerId);
  const offered: readonly TriggerEvent[] = provider ? TRIGGER_EVENTS[provider.kind] : [];
  const refusal = pullRequestRefusal(runner);

  const onSubmit = handleSubmit((values) => {
    setFailure(undefined);
    staleness.clear();
    const body = {
      gitProviderId: values.gitProviderId,
      repository: values.repository,
      events: values.events,
      branchFilter: values.branchFilter || null,
      modifiedFilesGlob: values.modifiedFilesGlob || null,
    };
    const onError = (error: unknown) => {
      if (!staleness.noteStale(error)) {
        setFailure(applyServerErrors(withFieldPaths(error), setError, FIELDS));
      }
    };
    if (trigger) {
      update.mutate(
        { id: trigger.id, version: trigger.version, body: { ...body, runnerId: values.runnerId } },
        { onSuccess: onSaved, onError },
      );
    } else {
      create.mutate(
        { pipelineId, body: { ...body, runnerId: values.runnerId } },
        { onSuccess: onCreated, onError },
      );
    }
  });

  if (providers.length === 0) {
    return (
      <>
        <DialogContent>
          <Alert severity="info">
            The account has no git providers yet. An administrator adds them under Integrations;
            then come back to add the trigger.
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </>
    );
  }

  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={2.5}>
          <DialogContentText>
            The git provider calls the pipeline&apos;s webhook on the events you choose; the runner
            you pick claims the runs they queue.
          </DialogContentText>
          {trigger && staleness.stale && (
            <ResourceStaleAlert
              what={`the trigger on ${trigger.repository}`}
              onReload={staleness.onReload}
              reloading={staleness.reloading}
            />
          )}
          {failure && <Alert severity="error">{failure}</Alert>}
          <FormTextField
            control={control}
            name="gitProviderId"
            label="Git provider"
            select
            required
            fullWidth
            sx={{ mt: 1 }}
            slotProps={{
              select: { native: true },
              inputLabel: { shrink: true },
            }}
            onChangeCapture={(event) => {
              // Keep only the events the newly chosen provider's kind offers.
              const next = providers.find(
                (p) => p.id === (event.target as unknown as HTMLSelectElement).value,
              );
              const allowed: readonly TriggerEvent[] = next ? TRIGGER_EVENTS[next.kind] : [];
              setValue(
                'events',
                getValues('events').filter((e) => allowed.includes(e)),
              );
            }}
          >
            <option value="">Choose a git provider</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({GIT_PROVIDER_KIND_LABELS[p.kind]}
                {p.behindFirewall ? ', behind the firewall' : ''})
              </option>
            ))}
          </FormTextField>
          <FormTextField
            control={control}
            name="repository"
            label="Repository"
            required
            fullWidth
            autoComplete="off"
            spellCheck={false}
            helperText={
              provider?.kind === 'gitlab'
                ? 'Type it as group/project (groups may nest). Perimeter cannot list the repositories of a provider behind your firewall, so it is typed by hand.'
                : 'Type it as owner/name. Perimeter cannot list the repositories of a provider behind your firewall, so it is typed by hand.'
            }
          />
          <FormTextField
            control={control}
            name="runnerId"
            label="Runner"
            select
            required
            fullWidth
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            helperText={
              trigger && !currentRunnerListed
                ? `Its runner ${trigger.runner.name} was revoked: choose another.`
                : runners.length === 0
                  ? 'There are no runners yet: an administrator registers them on the Runners screen.'
                  : 'The runner that claims the runs this trigger queues.'
            }
            onChangeCapture={(event) => {
              const next = runners.find(
                (r) => r.id === (event.target as unknown as HTMLSelectElement).value,
              );
              // Pull-request events need the app-proxy (P-5.6): drop them with a runner without it.
              if (!next?.appProxy) {
                setValue(
                  'events',
                  getValues('events').filter((e) => !isPullRequestEvent(e)),
                );
              }
            }}
          >
            <option value="">Choose a runner</option>
            {runners.map((r) => (
              <option key={r.id} value={r.id}>
                {runnerOption(r)}
              </option>
            ))}
          </FormTextField>
          <Controller
            control={control}
            name="events"
            render={({ field, fieldState }) => (
              <FormControl component="fieldset" error={fieldState.invalid} required>
                <FormLabel component="legend">Events</FormLabel>
                {!provider ? (
                  <FormHelperText>Choose a git provider to see the events it sends.</FormHelperText>
                ) : (
                  <FormGroup>
                    {offered.map((event, index) => {
                      const pullRequest = isPullRequestEvent(event);
                      const disabled = pullRequest && refusal !== undefined;
                      return (
                        <FormControlLabel
                          key={event}
                          label={TRIGGER_EVENT_LABELS[event]}
                          disabled={disabled}
                          control={
                            <Checkbox
                              checked={field.value.includes(event)}
                              onBlur={field.onBlur}
                              slotProps={{
                                input: {
                                  // The first box takes the focus when the server refuses the events.
                                  ref: index === 0 ? field.ref : undefined,
                                  'aria-describedby': disabled ? eventsHelpId : undefined,
                                },
                              }}
                              onChange={(_e, checked) =>
                                field.onChange(
                                  checked
                                    ? offered.filter((e) => e === event || field.value.includes(e))
                                    : field.value.filter((e) => e !== event),
                                )
                              }
                            />
                          }
                        />
                      );
                    })}
                  </FormGroup>
                )}
                {provider && offered.some(isPullRequestEvent) && refusal && (
                  <FormHelperText id={eventsHelpId} error={false}>
                    {refusal}
                  </FormHelperText>
                )}
                {fieldState.error && <FormHelperText>{fieldState.error.message}</FormHelperText>}
              </FormControl>
            )}
          />
          <FormTextField
            control={control}
            name="branchFilter"
            label="Branch filter"
            fullWidth
            autoComplete="off"
            spellCheck={false}
            helperText="A regular expression (RE2 syntax) the branch name must match, such as ^(main|release/.*)$. Leave it empty for every branch."
          />
          <FormTextField
            control={control}
            name="modifiedFilesGlob"
            label="Modified files glob"
            fullWidth
            autoComplete="off"
            spellCheck={false}
            helperText="Optional: queue a run only when a changed file matches, such as services/api/**. Leave it empty for any change."
          />
        </Stack>
      </DialogContent>
      <FormDialogActions
        pending={pending}
        submitLabel={trigger ? 'Save trigger' : 'Add trigger'}
        onCancel={onClose}
        submitDisabled={staleness.stale}
      />
    </form>
  );
}

/** The server names list items by index (`events.1`): the form shows them on the list. */
function withFieldPaths(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return error;
  const errors = error.fieldErrors.map((fieldError) => ({
    ...fieldError,
    path: fieldError.path.replace(/^events\.\d+$/, 'events'),
  }));
  return new ApiError({ ...error.problem, errors }, error.retryAfterSeconds);
}
