import Box from '@mui/material/Box';
import { useMemo } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import {
  createGitProviderRequestSchema,
  GIT_PROVIDER_KIND_LABELS,
  GIT_PROVIDER_KINDS,
  GITHUB_API_URL,
  updateGitProviderRequestSchema,
  type CreateGitProviderRequest,
  type GitProvider,
  type GitProviderKind,
  type UpdateGitProviderRequest,
} from '@contract/integrations';
import { FormDialog } from '@/components/form/form-dialog';
import { DialogForm } from '@/components/form/dialog-form';
import { CredentialsFields, credentialsToRetype } from '@/components/form/credentials-fields';
import { useSaveOutcome } from '@/components/form/use-save-outcome';
import { FormSwitch } from '@/components/form/form-switch';
import { codeInput, FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useCreateGitProvider, useUpdateGitProvider } from '../api/save-git-provider';
import { unreachableReason, withFieldAliases } from './integration-text';

/** The form's values; the credentials are never filled in, only typed to set or replace them. */
export type GitProviderFormValues = {
  name: string;
  kind: GitProviderKind;
  baseUrl: string;
  credentials: { username: string; token: string };
  /** Editing only: remove the stored credentials. */
  removeCredentials: boolean;
  onPremise: boolean;
  behindFirewall: boolean;
};

type GitProviderRequest = CreateGitProviderRequest | UpdateGitProviderRequest;

const FIELDS = [
  'name',
  'kind',
  'baseUrl',
  'credentials.username',
  'credentials.token',
  'onPremise',
  'behindFirewall',
] as const;

const ADDRESS_CHANGED =
  'Give the credentials again when the address changes, so they never go to a new host unasked.';

const trimSlashes = (url: string) => url.trim().replace(/\/+$/, '');

function formValuesOf(provider?: GitProvider): GitProviderFormValues {
  return {
    name: provider?.name ?? '',
    kind: provider?.kind ?? 'github',
    baseUrl: provider?.baseUrl ?? '',
    credentials: { username: '', token: '' },
    removeCredentials: false,
    onPremise: provider?.onPremise ?? false,
    behindFirewall: provider?.behindFirewall ?? false,
  };
}

/** Whether the values would send the provider's credentials to another address. */
function addressChanged(values: GitProviderFormValues, provider: GitProvider): boolean {
  const url = trimSlashes(values.baseUrl) || (values.kind === 'github' ? GITHUB_API_URL : '');
  return url !== trimSlashes(provider.baseUrl);
}

/**
 * The body the form sends. Credentials go only when typed (or as `null` to remove them); the
 * base URL of a GitHub.com provider may stay empty; behind the firewall only when on premise.
 * An edit sends the base URL only when it changed, since a new one needs the credentials again.
 */
export function requestBodyOf(
  values: GitProviderFormValues,
  provider: GitProvider | undefined,
): GitProviderRequest {
  const onPremise = values.kind !== 'github' && values.onPremise;
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    kind: values.kind,
    onPremise,
    behindFirewall: onPremise && values.behindFirewall,
  };
  const baseUrl = values.baseUrl.trim();
  if (baseUrl !== '' && (!provider || addressChanged(values, provider))) body.baseUrl = baseUrl;
  if (provider && baseUrl === '' && values.kind !== 'github') body.baseUrl = '';
  const { username, token } = values.credentials;
  if (provider && values.removeCredentials) body.credentials = null;
  else if (username.trim() !== '' || token !== '') {
    body.credentials = { ...(username.trim() !== '' ? { username: username.trim() } : {}), token };
  }
  return body as GitProviderRequest;
}

/**
 * Validates the body the form would send with the contract's schema (its error paths are the
 * form's field names), and says before saving what the server would refuse: a new address
 * with the old credentials.
 */
function gitProviderResolver(
  provider: GitProvider | undefined,
): Resolver<GitProviderFormValues, unknown, GitProviderRequest> {
  return requestBodyResolver<GitProviderFormValues, GitProviderRequest>(
    provider ? updateGitProviderRequestSchema : createGitProviderRequestSchema,
    (values) => requestBodyOf(values, provider),
    (values) => credentialsToRetype(values, provider, 'token', addressChanged, ADDRESS_CHANGED),
  );
}

type GitProviderDialogProps = {
  open: boolean;
  /** The provider to edit; undefined to add one. */
  provider?: GitProvider;
  onClose: () => void;
};

/** Adds or edits a git provider: its kind, name, address, credentials and where it lives. */
export function GitProviderDialog({ open, provider, onClose }: GitProviderDialogProps) {
  const create = useCreateGitProvider();
  const update = useUpdateGitProvider();
  return (
    <FormDialog open={open} pending={create.isPending || update.isPending} onClose={onClose}>
      {(titleId) => (
        <GitProviderForm
          titleId={titleId}
          provider={provider}
          create={create}
          update={update}
          onClose={onClose}
        />
      )}
    </FormDialog>
  );
}

type GitProviderFormProps = {
  titleId: string;
  provider: GitProvider | undefined;
  create: ReturnType<typeof useCreateGitProvider>;
  update: ReturnType<typeof useUpdateGitProvider>;
  onClose: () => void;
};

function credentialsHelp(provider: GitProvider | undefined): string {
  if (!provider) return 'Optional for public repositories. Perimeter never shows it again.';
  if (provider.credentialsSet)
    return 'Set — leave empty to keep it, or type a new one to replace it.';
  return 'Not set: type one to let pipelines read private repositories.';
}

function GitProviderForm({ titleId, provider, create, update, onClose }: GitProviderFormProps) {
  const resolver = useMemo(() => gitProviderResolver(provider), [provider]);
  const { control, handleSubmit, setError } = useForm<
    GitProviderFormValues,
    unknown,
    GitProviderRequest
  >({ resolver, mode: 'onTouched', defaultValues: formValuesOf(provider) });
  const [kind, name, onPremise, removeCredentials] = useWatch({
    control,
    name: ['kind', 'name', 'onPremise', 'removeCredentials'],
  });
  const outcome = useSaveOutcome('Git provider', onClose, (error) =>
    applyServerErrors(
      withFieldAliases(error, { credentials: 'credentials.token' }),
      setError,
      FIELDS,
    ),
  );
  const pending = create.isPending || update.isPending;
  const isGitHub = kind === 'github';

  const onSubmit = handleSubmit((body) => {
    outcome.clear();
    if (provider) {
      update.mutate(
        { id: provider.id, version: provider.version, change: body as UpdateGitProviderRequest },
        outcome.saved,
      );
    } else {
      create.mutate(body as CreateGitProviderRequest, outcome.added);
    }
  });

  const shownName = name.trim() || '<name>';
  return (
    <DialogForm
      titleId={titleId}
      title={provider ? `Edit git provider ${provider.name}` : 'Add git provider'}
      failure={outcome.failure}
      pending={pending}
      submitLabel={provider ? 'Save changes' : 'Add git provider'}
      onSubmit={onSubmit}
      onCancel={onClose}
    >
      <FormTextField
        control={control}
        name="kind"
        label="Kind"
        select
        slotProps={{ select: { native: true } }}
        fullWidth
        disabled={pending}
      >
        {GIT_PROVIDER_KINDS.map((value) => (
          <option key={value} value={value}>
            {GIT_PROVIDER_KIND_LABELS[value]}
          </option>
        ))}
      </FormTextField>
      <FormTextField
        control={control}
        name="name"
        label="Name"
        helperText={
          <>
            Unique in the account. Pipelines use it as{' '}
            <Box component="code" sx={{ fontFamily: 'monospace' }}>
              git: {shownName}
            </Box>
            ; letters, digits, hyphens, dots and underscores.
          </>
        }
        required
        autoFocus
        fullWidth
        disabled={pending}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      />
      <FormTextField
        control={control}
        name="baseUrl"
        label="Base URL"
        helperText={
          isGitHub
            ? `Leave empty for GitHub.com (${GITHUB_API_URL}).`
            : 'The address of the server, as in https://git.example.com.'
        }
        required={!isGitHub}
        fullWidth
        disabled={pending}
        slotProps={codeInput}
      />
      <CredentialsFields
        control={control}
        secret="token"
        secretLabel="Access token"
        secretHelp={credentialsHelp(provider)}
        usernameHelp="Only where the server asks for one, as Bitbucket Server does with a password."
        credentialsSet={provider?.credentialsSet ?? false}
        removeHelp="Pipelines then reach only its public repositories."
        removing={removeCredentials}
        disabled={pending}
      />
      <FormSwitch
        control={control}
        name="onPremise"
        label="On premise"
        helperText={
          isGitHub
            ? 'GitHub.com is not on premise: choose GitHub Enterprise for your own server.'
            : 'Installed on your own servers rather than a public cloud service.'
        }
        disabled={pending || isGitHub}
      />
      {onPremise && !isGitHub && (
        <FormSwitch
          control={control}
          name="behindFirewall"
          label="Behind the firewall"
          helperText={`Only reachable inside your network. ${unreachableReason('provider')} So its connection cannot be tested from here.`}
          disabled={pending}
        />
      )}
    </DialogForm>
  );
}
