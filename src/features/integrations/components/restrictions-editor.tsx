import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useController, useForm, useWatch } from 'react-hook-form';
import type { GitProvider } from '@contract/integrations';
import type { RestrictionImpact, RestrictionSettings, Restrictions } from '@contract/restrictions';
import { codeInput, FormTextField } from '@/components/form/form-text-field';
import { ResourceStaleAlert, useStaleness } from '@/components/resource-stale-alert';
import { toast } from '@/components/toast-store';
import { ApiError, errorMessage } from '@/lib/api/api-error';
import { lastChangeText } from '@/lib/format';
import { useRestrictionsImpact } from '../api/get-restrictions-impact';
import { useUpdateRestrictions } from '../api/update-restrictions';
import { PickedRepositoriesField } from './picked-repositories-field';
import { RestrictionTester } from './restriction-tester';
import { RestrictionsImpactDialog } from './restrictions-impact-dialog';
import {
  fieldOf,
  formValuesOf,
  restrictionsResolver,
  validRestrictions,
  type RepositoryMode,
  type RestrictionsFormValues,
} from './restrictions-form-values';
import { DetailList } from '@/components/detail-list';

const MODE_LABELS: Record<RepositoryMode, string> = {
  all: 'All repositories',
  pattern: 'Matching a pattern',
  names: 'Picked list',
};

const PATTERN_HELP =
  'A regular expression (RE2), written plainly, as ^release-.*$, or as a literal with flags, as /^((pipeline-definition)$).*/g. It matches anywhere in the name unless anchored with ^ and $.';

function lastChange(restrictions: Restrictions): string {
  return lastChangeText(restrictions, 'Nobody yet: nothing is restricted by default.');
}

function pipelinesText({ pipelines }: Restrictions): string {
  const total = `${pipelines.total.toLocaleString()} ${pipelines.total === 1 ? 'pipeline takes its' : 'pipelines take their'} definition from this provider`;
  if (pipelines.total === 0) return 'No pipeline takes its definition from this provider.';
  return `${total}; ${pipelines.refused.toLocaleString()} ${pipelines.refused === 1 ? 'is' : 'are'} refused by the saved restrictions.`;
}

type RestrictionsEditorProps = {
  provider: GitProvider;
  restrictions: Restrictions;
  /** Loads the restrictions again, after someone else's change (412). */
  reload: () => Promise<unknown>;
  /** After a save: whatever shows whether pipelines may run refreshes. */
  onSaved?: (restrictions: Restrictions) => void;
};

/**
 * P-4.3, P-4.4: which repositories, branches and paths pipelines may load their definitions
 * from, beside the tester (P-4.5) that tries them before they are saved. A pattern is refused
 * as it is typed, with the reason; a save is based on the version shown, so someone else's
 * change is never overwritten and what was typed is kept.
 */
export function RestrictionsEditor({
  provider,
  restrictions,
  reload,
  onSaved,
}: RestrictionsEditorProps) {
  const headingId = useId();
  const modeLabelId = useId();
  const update = useUpdateRestrictions();
  const impact = useRestrictionsImpact();
  const staleness = useStaleness(reload);
  const [failure, setFailure] = useState<string>();
  // Restrictions that refuse pipelines wait here for the administrator's answer.
  const [asking, setAsking] = useState<{ body: RestrictionSettings; impact: RestrictionImpact }>();
  const [askOpen, setAskOpen] = useState(false);
  const {
    control,
    handleSubmit,
    setError,
    reset,
    trigger,
    getValues,
    formState: { isDirty },
  } = useForm<RestrictionsFormValues, unknown, RestrictionSettings>({
    resolver: restrictionsResolver,
    mode: 'onChange',
    defaultValues: formValuesOf(restrictions),
  });
  const mode = useController({ control, name: 'repositoryMode' });
  const repositoryMode = useWatch({ control, name: 'repositoryMode' });

  /** A 422 from the server lands on the fields it names; anything else above the form. */
  const showFailure = (error: unknown, what: string) => {
    if (!(error instanceof ApiError) || error.status !== 422) {
      setFailure(`Not saved: ${what}${errorMessage(error)}`);
      return;
    }
    let unplaced = error.fieldErrors.length === 0;
    let shouldFocus = true;
    for (const { path, message } of error.fieldErrors) {
      const field = fieldOf(path);
      if (!field) {
        unplaced = true;
        continue;
      }
      setError(field, { type: 'server', message }, { shouldFocus });
      shouldFocus = false;
    }
    if (unplaced) setFailure(`Not saved: ${what}${errorMessage(error)}`);
  };

  const save = (body: RestrictionSettings) => {
    update.mutate(
      { gitProviderId: provider.id, version: restrictions.version, restrictions: body },
      {
        onSuccess: (saved) => {
          setAskOpen(false);
          reset(formValuesOf(saved));
          toast.success(`Restrictions of ${provider.name} saved`);
          onSaved?.(saved);
        },
        onError: (error) => {
          setAskOpen(false);
          if (staleness.noteStale(error)) return;
          showFailure(error, '');
        },
      },
    );
  };

  // Restrictions that refuse existing pipelines are saved only once the administrator has seen
  // which (the server judges every pipeline of the provider); others are saved at once.
  const onSubmit = handleSubmit((body) => {
    setFailure(undefined);
    staleness.clear();
    impact.mutate(
      { gitProviderId: provider.id, restrictions: body },
      {
        onSuccess: (result) => {
          if (result.refused === 0) {
            save(body);
            return;
          }
          setAsking({ body, impact: result });
          setAskOpen(true);
        },
        onError: (error) =>
          showFailure(
            error,
            'the pipelines these restrictions would refuse could not be checked. ',
          ),
      },
    );
  });

  const pending = update.isPending || impact.isPending;
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 4,
        gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 3fr) minmax(0, 2fr)' },
        alignItems: 'start',
        maxWidth: 1280,
      }}
    >
      <Stack component="section" aria-labelledby={headingId} spacing={2}>
        <Typography id={headingId} variant="h6" component="h2">
          What pipelines may load from {provider.name}
        </Typography>
        <Typography>
          A pipeline whose definition is a file on this provider can be created, saved and run only
          when every restriction allows it. An empty field restricts nothing.
        </Typography>
        <DetailList sx={{ gridTemplateColumns: { xs: 'none', sm: 'max-content 1fr' } }}>
          <dt>Pipelines</dt>
          <dd>{pipelinesText(restrictions)}</dd>
          <dt>Last changed by</dt>
          <dd>{lastChange(restrictions)}</dd>
        </DetailList>
        <Stack component="form" noValidate onSubmit={onSubmit} spacing={3}>
          {staleness.stale && (
            <ResourceStaleAlert
              what={`the restrictions of ${provider.name}`}
              onReload={staleness.onReload}
              reloading={staleness.reloading}
            />
          )}
          {failure && <Alert severity="error">{failure}</Alert>}
          <FormControl component="fieldset" disabled={pending}>
            <FormLabel component="legend" id={modeLabelId}>
              Repositories
            </FormLabel>
            <RadioGroup
              row
              aria-labelledby={modeLabelId}
              name={mode.field.name}
              value={mode.field.value}
              onChange={(_event, value) => {
                mode.field.onChange(value);
                // Another kind of restriction: the fields it shows are judged afresh.
                void trigger(['repositoryPattern', 'repositoryNames']);
              }}
            >
              {(Object.keys(MODE_LABELS) as RepositoryMode[]).map((value) => (
                <FormControlLabel
                  key={value}
                  value={value}
                  control={<Radio />}
                  label={MODE_LABELS[value]}
                />
              ))}
            </RadioGroup>
          </FormControl>
          {repositoryMode === 'pattern' && (
            <FormTextField
              control={control}
              name="repositoryPattern"
              label="Repository pattern"
              helperText={`Matched against owner/repository. ${PATTERN_HELP}`}
              fullWidth
              disabled={pending}
              slotProps={codeInput}
            />
          )}
          {repositoryMode === 'names' && (
            <PickedRepositoriesField control={control} trigger={trigger} disabled={pending} />
          )}
          <FormTextField
            control={control}
            name="branches"
            label="Branch pattern"
            helperText={`Empty: every branch. ${PATTERN_HELP}`}
            fullWidth
            disabled={pending}
            slotProps={codeInput}
          />
          <FormTextField
            control={control}
            name="paths"
            label="Path glob"
            helperText="Empty: every path. A glob over the file’s path from the repository’s root: ** any folders, * any characters but /, ? one character, {a,b} either; as ci/** or .codefresh/*.yml. One without / (*.yml) matches the file’s name in any folder."
            fullWidth
            disabled={pending}
            slotProps={codeInput}
          />
          <Box>
            <Button
              type="submit"
              variant="contained"
              loading={pending}
              disabled={!isDirty || staleness.stale}
            >
              Save restrictions
            </Button>
          </Box>
        </Stack>
      </Stack>
      <RestrictionTester
        gitProviderId={provider.id}
        formRestrictions={() => validRestrictions(getValues())}
      />
      <RestrictionsImpactDialog
        impact={asking?.impact}
        open={askOpen}
        pending={update.isPending}
        onClose={() => setAskOpen(false)}
        onConfirm={() => asking && save(asking.body)}
      />
    </Box>
  );
}
