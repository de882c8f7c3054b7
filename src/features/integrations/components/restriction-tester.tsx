import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import {
  branchNameSchema,
  definitionPathSchema,
  repositoryNameSchema,
} from '@contract/pipeline-sources';
import {
  RESTRICTION_LABELS,
  type RestrictionCheck,
  type RestrictionSettings,
  type RestrictionTestResult,
} from '@contract/restrictions';
import { exactInput, FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { useTestRestrictions } from '../api/test-restrictions';

const definitionSchema = z.object({
  repository: repositoryNameSchema,
  branch: branchNameSchema,
  path: definitionPathSchema,
});
type DefinitionValues = z.input<typeof definitionSchema>;
type Definition = z.output<typeof definitionSchema>;

const FIELDS = ['repository', 'branch', 'path'] as const;

export const OUTCOME_LABELS: Record<RestrictionCheck['outcome'], string> = {
  allowed: 'Allowed',
  refused: 'Refused',
  'not-set': 'Not restricted',
};

type Outcome =
  | { kind: 'result'; result: RestrictionTestResult; triedForm: boolean }
  | { kind: 'failure'; message: string };

type RestrictionTesterProps = {
  gitProviderId: string;
  /** The restrictions as the form has them now, or undefined while the form has a mistake. */
  formRestrictions: () => RestrictionSettings | undefined;
};

/**
 * P-4.5: type a repository, a branch and a path, and see what each restriction says of them and
 * the verdict. It tries the restrictions as they are in the form, before they are saved.
 */
export function RestrictionTester({ gitProviderId, formRestrictions }: RestrictionTesterProps) {
  const headingId = useId();
  const test = useTestRestrictions();
  const [outcome, setOutcome] = useState<Outcome>();
  const { control, handleSubmit, setError } = useForm<DefinitionValues, unknown, Definition>({
    resolver: zodResolver(definitionSchema),
    mode: 'onTouched',
    defaultValues: { repository: '', branch: '', path: '' },
  });

  const onSubmit = handleSubmit((definition) => {
    const restrictions = formRestrictions();
    test.mutate(
      { gitProviderId, ...definition, ...(restrictions ? { restrictions } : {}) },
      {
        onSuccess: (result) =>
          setOutcome({ kind: 'result', result, triedForm: restrictions !== undefined }),
        onError: (error) => {
          const message = applyServerErrors(error, setError, FIELDS);
          setOutcome(
            message
              ? { kind: 'failure', message: `The test could not run: ${message}` }
              : undefined,
          );
        },
      },
    );
  });

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Try the restrictions
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Name a definition to see whether it could be loaded from this provider. The test uses the
        restrictions as they are in the form, saved or not; nothing is saved or loaded.
      </Typography>
      <Stack component="form" noValidate onSubmit={onSubmit} spacing={2}>
        <FormTextField
          control={control}
          name="repository"
          label="Repository"
          helperText="As owner/repository, such as acme/api."
          slotProps={exactInput}
        />
        <FormTextField
          control={control}
          name="branch"
          label="Branch"
          helperText="Such as main."
          slotProps={exactInput}
        />
        <FormTextField
          control={control}
          name="path"
          label="Path"
          helperText="The YAML file from the repository’s root, such as codefresh.yml."
          slotProps={exactInput}
        />
        <Box>
          <Button type="submit" variant="outlined" loading={test.isPending}>
            Test
          </Button>
        </Box>
      </Stack>
      <Box role="status" aria-live="polite" aria-label="Test result">
        {outcome?.kind === 'failure' && <Typography>{outcome.message}</Typography>}
        {outcome?.kind === 'result' && <TestResult {...outcome} />}
      </Box>
    </Stack>
  );
}

function TestResult({ result, triedForm }: { result: RestrictionTestResult; triedForm: boolean }) {
  return (
    <>
      <Typography sx={{ fontWeight: 500, color: result.allowed ? 'success.main' : 'error.main' }}>
        Verdict: {result.allowed ? 'Allowed' : 'Refused'}
      </Typography>
      <Box component="ul" sx={{ pl: 3, my: 1 }}>
        {result.checks.map((check) => (
          <li key={check.restriction}>
            <strong>
              {RESTRICTION_LABELS[check.restriction]}: {OUTCOME_LABELS[check.outcome]}
            </strong>{' '}
            — {check.detail}
          </li>
        ))}
      </Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {triedForm
          ? 'Tried against the restrictions as they are in the form.'
          : 'The form has a mistake, so this tried the saved restrictions.'}
      </Typography>
    </>
  );
}
