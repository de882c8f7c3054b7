import Box from '@mui/material/Box';
import { useMemo } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import {
  createRegistryRequestSchema,
  updateRegistryRequestSchema,
  type CreateRegistryRequest,
  type Registry,
  type UpdateRegistryRequest,
} from '@contract/integrations';
import { FormDialog } from '@/components/form/form-dialog';
import { DialogForm } from '@/components/form/dialog-form';
import { CredentialsFields, credentialsToRetype } from '@/components/form/credentials-fields';
import { useSaveOutcome } from '@/components/form/use-save-outcome';
import { FormSwitch } from '@/components/form/form-switch';
import { codeInput, FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useCreateRegistry, useUpdateRegistry } from '../api/save-registry';
import { withFieldAliases } from './integration-text';

/** The form's values; the credentials are never filled in, only typed to set or replace them. */
export type RegistryFormValues = {
  name: string;
  domain: string;
  credentials: { username: string; password: string };
  /** Editing only: remove the stored credentials. */
  removeCredentials: boolean;
  behindFirewall: boolean;
};

type RegistryRequest = CreateRegistryRequest | UpdateRegistryRequest;

const FIELDS = [
  'name',
  'domain',
  'credentials.username',
  'credentials.password',
  'behindFirewall',
] as const;

const ADDRESS_CHANGED =
  'Give the credentials again when the domain changes, so they never go to a new host unasked.';

function formValuesOf(registry?: Registry): RegistryFormValues {
  return {
    name: registry?.name ?? '',
    domain: registry?.domain ?? '',
    credentials: { username: '', password: '' },
    removeCredentials: false,
    behindFirewall: registry?.behindFirewall ?? false,
  };
}

const domainChanged = (values: RegistryFormValues, registry: Registry) =>
  values.domain.trim().toLowerCase() !== registry.domain;

/**
 * The body the form sends: credentials only when typed (or `null` to remove them), and on an
 * edit the domain only when it changed, since a new one needs the credentials again.
 */
export function requestBodyOf(
  values: RegistryFormValues,
  registry: Registry | undefined,
): RegistryRequest {
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    behindFirewall: values.behindFirewall,
  };
  if (!registry || domainChanged(values, registry)) body.domain = values.domain;
  const { username, password } = values.credentials;
  if (registry && values.removeCredentials) body.credentials = null;
  else if (username.trim() !== '' || password !== '') body.credentials = { username, password };
  return body as RegistryRequest;
}

/** The contract's schema on the body the form would send, plus the new-domain rule. */
function registryResolver(
  registry: Registry | undefined,
): Resolver<RegistryFormValues, unknown, RegistryRequest> {
  return requestBodyResolver<RegistryFormValues, RegistryRequest>(
    registry ? updateRegistryRequestSchema : createRegistryRequestSchema,
    (values) => requestBodyOf(values, registry),
    (values) => credentialsToRetype(values, registry, 'password', domainChanged, ADDRESS_CHANGED),
  );
}

type RegistryDialogProps = {
  open: boolean;
  /** The registry to edit; undefined to add one. */
  registry?: Registry;
  onClose: () => void;
};

/** Adds or edits a container registry: its name, domain, credentials and where it lives. */
export function RegistryDialog({ open, registry, onClose }: RegistryDialogProps) {
  const create = useCreateRegistry();
  const update = useUpdateRegistry();
  return (
    <FormDialog open={open} pending={create.isPending || update.isPending} onClose={onClose}>
      {(titleId) => (
        <RegistryForm
          titleId={titleId}
          registry={registry}
          create={create}
          update={update}
          onClose={onClose}
        />
      )}
    </FormDialog>
  );
}

type RegistryFormProps = {
  titleId: string;
  registry: Registry | undefined;
  create: ReturnType<typeof useCreateRegistry>;
  update: ReturnType<typeof useUpdateRegistry>;
  onClose: () => void;
};

function passwordHelp(registry: Registry | undefined): string {
  if (!registry) return 'Optional for public images. Perimeter never shows it again.';
  if (registry.credentialsSet) {
    return 'Set — leave both fields empty to keep them, or type new ones to replace them.';
  }
  return 'Not set: type a username and password to push and pull private images.';
}

function RegistryForm({ titleId, registry, create, update, onClose }: RegistryFormProps) {
  const resolver = useMemo(() => registryResolver(registry), [registry]);
  const { control, handleSubmit, setError } = useForm<RegistryFormValues, unknown, RegistryRequest>(
    { resolver, mode: 'onTouched', defaultValues: formValuesOf(registry) },
  );
  const [name, removeCredentials] = useWatch({ control, name: ['name', 'removeCredentials'] });
  const outcome = useSaveOutcome('Registry', onClose, (error) =>
    applyServerErrors(
      withFieldAliases(error, { credentials: 'credentials.password' }),
      setError,
      FIELDS,
    ),
  );
  const pending = create.isPending || update.isPending;

  const onSubmit = handleSubmit((body) => {
    outcome.clear();
    if (registry) {
      update.mutate(
        { id: registry.id, version: registry.version, change: body as UpdateRegistryRequest },
        outcome.saved,
      );
    } else {
      create.mutate(body as CreateRegistryRequest, outcome.added);
    }
  });

  return (
    <DialogForm
      titleId={titleId}
      title={registry ? `Edit registry ${registry.name}` : 'Add registry'}
      failure={outcome.failure}
      pending={pending}
      submitLabel={registry ? 'Save changes' : 'Add registry'}
      onSubmit={onSubmit}
      onCancel={onClose}
    >
      <FormTextField
        control={control}
        name="name"
        label="Name"
        helperText={
          <>
            Unique in the account. Push steps use it as{' '}
            <Box component="code" sx={{ fontFamily: 'monospace' }}>
              registry: {name.trim() || '<name>'}
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
        name="domain"
        label="Domain"
        helperText="The registry's host, optionally with a port, as in registry.example.com:5000 (no https://)."
        required
        fullWidth
        disabled={pending}
        slotProps={codeInput}
      />
      <CredentialsFields
        control={control}
        secret="password"
        secretLabel="Password or token"
        secretHelp={passwordHelp(registry)}
        credentialsSet={registry?.credentialsSet ?? false}
        removeHelp="Pipelines then pull only its public images and cannot push."
        removing={removeCredentials}
        disabled={pending}
      />
      <FormSwitch
        control={control}
        name="behindFirewall"
        label="Behind the firewall"
        helperText="Only reachable inside your network: the runner there uses it, and the platform cannot test its connection."
        disabled={pending}
      />
    </DialogForm>
  );
}
